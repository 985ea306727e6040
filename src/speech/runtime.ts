// What Vorlesen adds to the running app: the speech engine, the file store and the player assets, made once by
// the feature's init and handed to its routes, jobs and commands.
import type { App } from '../kernel/index.ts';
import type { SpeechRuntime } from './generate.ts';

export interface SpeechApp extends App {
  speech: SpeechRuntime & { player: { script: string } };
}
