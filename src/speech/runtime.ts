// The speech engine and file store of a running app, set once by the feature's init.
import type { App } from '../app.ts';
import type { SpeechRuntime } from './generate.ts';

const runtimes = new WeakMap<App, SpeechRuntime & { playerScript: string }>();

export function setSpeechRuntime(app: App, runtime: SpeechRuntime & { playerScript: string }): void {
  runtimes.set(app, runtime);
}

export function speechRuntime(app: App): SpeechRuntime & { playerScript: string } {
  const runtime = runtimes.get(app);
  if (!runtime) throw new Error('speech: the feature was not initialised');
  return runtime;
}
