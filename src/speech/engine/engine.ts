// The seam between Vorlesen and whatever speaks: a local espeak-ng, or an OpenAI-compatible service.
// The rest of Blattwerk sees only SpeechEngine; config picks the implementation.

import type { Mp3EncoderChoice, Mp3Kbps } from '../audio/mp3.ts';
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

interface EncoderConfig {
  /** MP3 encoder; 'auto' prefers Debian's lame program. */
  readonly encoder?: Mp3EncoderChoice;
  readonly kbps?: Mp3Kbps;
}

export interface EspeakConfig extends EncoderConfig {
  readonly kind: 'espeak';
  /** 'system' runs Debian's espeak-ng program, 'wasm' the npm build; 'auto' prefers the program. */
  readonly runtime?: 'auto' | 'system' | 'wasm';
  /** Name or path of the program for the system runtime; default 'espeak-ng' on PATH. */
  readonly command?: string;
}

export interface OpenAiConfig extends EncoderConfig {
  readonly kind: 'openai';
  /** Base URL; requests go to {url}/v1/audio/speech. */
  readonly url: string;
  readonly apiKey?: string;
  readonly model: string;
  readonly voice: string;
  /** Per request (one sentence). */
  readonly timeoutMs: number;
  /** Requests in flight at once; default 2. */
  readonly concurrency?: number;
}

export type SpeechEngineConfig = EspeakConfig | OpenAiConfig;

export function createEngine(config: SpeechEngineConfig): SpeechEngine {
  switch (config.kind) {
    case 'espeak':
      return createEspeakEngine(config);
    case 'openai':
      return createOpenAiEngine(config);
  }
}
