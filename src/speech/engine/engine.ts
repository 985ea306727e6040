// The seam between Vorlesen and whatever speaks: a local espeak-ng, or an OpenAI-compatible service.
// The rest of Blattwerk sees only SpeechEngine; config picks the implementation.

import type { SpeechEngineConfig } from '../../config.ts';
import type { SentenceTiming } from '../audio/timeline.ts';
import { createEspeakEngine, ESPEAK_VOICES } from './espeak.ts';
import { createOpenAiEngine } from './openai.ts';

export type SpeechLanguage = 'de' | 'en';

export interface SpeakableSentence {
  /** Normalised text, exactly what is to be said. */
  readonly spoken: string;
  /** Silence after the sentence, in milliseconds. */
  readonly pauseAfterMs: number;
}

export interface SynthesisResult {
  /** Mono MP3 with a LAME Info frame, so players skip the encoder delay and timings hold. */
  readonly mp3: Buffer;
  readonly durationMs: number;
  /**
   * One span per input sentence, in order, contiguous: each starts where its speech starts and ends
   * where the next one starts (its pause included). The first starts at 0, the last ends at
   * durationMs. A sentence that makes no sound has only its pause.
   */
  readonly sentences: SentenceTiming[];
  /** Word spans, when the engine knows them (neither engine here does yet). */
  readonly words?: { sentence: number; startMs: number; endMs: number }[];
}

export interface SpeechEngine {
  /** Which engine runs, for logs and the admin page, e.g. 'espeak-ng (system)'. */
  readonly name: string;
  /** The voices an administrator may choose on the staff settings page; '' is the engine's standard voice. */
  readonly voices: readonly string[];
  /** The voice a language is spoken with, e.g. 'espeak-ng (system) de+f3'; stored with the audio so a
   * change of voice can tell which audio is stale. `choice` is one of `voices`. */
  voiceFor(language: SpeechLanguage, choice?: string): string;
  /** True when synthesis runs on this process's own thread (espeak-ng or the MP3 encoder as WebAssembly): fine
   * for a worker, which does one job at a time, but it would stall every request a web process serves. */
  readonly inProcess: boolean;
  synthesize(
    sentences: readonly SpeakableSentence[],
    language: SpeechLanguage,
    signal?: AbortSignal,
    choice?: string,
  ): Promise<SynthesisResult>;
}

export type { EspeakConfig, OpenAiConfig, SpeechEngineConfig } from '../../config.ts';

/**
 * The voices an engine of this configuration offers, as its `voices`: espeak-ng's variants that both its builds
 * ship, or for a speech service only its configured voice (the API has no list of voices to ask).
 */
export function engineVoices(config: SpeechEngineConfig): readonly string[] {
  return config.kind === 'espeak' ? ESPEAK_VOICES : [''];
}

export function createEngine(config: SpeechEngineConfig): SpeechEngine {
  switch (config.kind) {
    case 'espeak':
      return createEspeakEngine(config);
    case 'openai':
      return createOpenAiEngine(config);
  }
}
