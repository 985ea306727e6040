// The seam between Vorlesen and whatever speaks: a local espeak-ng, or an OpenAI-compatible service.
// The rest of Blattwerk sees only SpeechEngine; config picks the implementation.

import type { SpeechEngineConfig } from '../../config.ts';
import type { SentenceTiming } from '../audio/timeline.ts';
import { createEspeakEngine } from './espeak.ts';
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
  /** The voice a language is spoken with, e.g. 'espeak-ng (system) de'; stored with the audio so a
   * change of voice can tell which audio is stale. */
  voiceFor(language: SpeechLanguage): string;
  synthesize(
    sentences: readonly SpeakableSentence[],
    language: SpeechLanguage,
    signal?: AbortSignal,
  ): Promise<SynthesisResult>;
}

export type { EspeakConfig, OpenAiConfig, SpeechEngineConfig } from '../../config.ts';

export function createEngine(config: SpeechEngineConfig): SpeechEngine {
  switch (config.kind) {
    case 'espeak':
      return createEspeakEngine(config);
    case 'openai':
      return createOpenAiEngine(config);
  }
}
