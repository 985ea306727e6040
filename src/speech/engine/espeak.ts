// The espeak-ng engine: all sentences in one run, split at marker pauses, streamed into the MP3
// encoder while espeak-ng still speaks.

import { createMp3Encoder, encodesInProcess, type Mp3Encoder } from '../audio/mp3.ts';
import { SentenceTimeline, type SentenceSink } from '../audio/timeline.ts';
import type { EspeakConfig, SpeakableSentence, SpeechEngine, SpeechLanguage, SynthesisResult } from './engine.ts';
import { MarkerSplitter, markedSsml } from './espeak-markers.ts';
import { ESPEAK_SAMPLE_RATE, systemEspeak, wasmEspeak, type EspeakRun } from './espeak-runtime.ts';
import { checkSentences } from './input.ts';

// Both builds ship these voices: German (gmw/de) and British English (gmw/en).
const VOICES: Record<SpeechLanguage, string> = { de: 'de', en: 'en' };
/**
 * Variants both builds ship and that speak either language (`de+f3`): the standard voice, male 1–7, female 1–5.
 * espeak-ng speaks an unknown variant as the standard voice without a word, so the list is fixed here and a
 * test hears each one differ from the others in both builds.
 */
export const ESPEAK_VOICES: readonly string[] = [
  '',
  'm1',
  'm2',
  'm3',
  'm4',
  'm5',
  'm6',
  'm7',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
];

/** The espeak-ng voice name of a language in a chosen variant. */
function espeakVoice(language: SpeechLanguage, choice = ''): string {
  if (!ESPEAK_VOICES.includes(choice)) throw new Error(`speech: espeak-ng has no voice "${choice}"`);
  return choice ? `${VOICES[language]}+${choice}` : VOICES[language];
}

function chooseRun(runtime: EspeakConfig['runtime'], command: string | undefined): EspeakRun {
  switch (runtime ?? 'auto') {
    case 'system':
      return systemEspeak(command);
    case 'wasm':
      return wasmEspeak();
    case 'auto':
      try {
        return systemEspeak(command);
      } catch {
        return wasmEspeak();
      }
  }
}

// Sentences kept in memory, for the slow path where one run could not be split.
class Collector implements SentenceSink {
  readonly sentences: Int16Array[][] = [];

  get sentenceCount(): number {
    return this.sentences.length;
  }

  beginSentence(): void {
    this.sentences.push([]);
  }

  audio(pcm: Int16Array): void {
    this.sentences.at(-1)?.push(pcm);
  }

  silenceSamples(samples: number): void {
    if (samples > 0) this.audio(new Int16Array(samples));
  }

  silence(ms: number): void {
    this.silenceSamples(Math.round((ms * ESPEAK_SAMPLE_RATE) / 1000));
  }
}

const isBlank = (s: SpeakableSentence): boolean => s.spoken.trim() === '';

// Blank sentences stay out of espeak-ng's run: two breaks with nothing between merge into one, and
// the boundary would be lost. This puts them back, each holding only its pause.
class WithBlanks implements SentenceSink {
  readonly #sink: SentenceTimeline;
  readonly #all: readonly SpeakableSentence[];
  #next = 0;

  constructor(sink: SentenceTimeline, all: readonly SpeakableSentence[]) {
    this.#sink = sink;
    this.#all = all;
  }

  get sentenceCount(): number {
    return this.#sink.sentenceCount;
  }

  #blanks(): void {
    for (let s = this.#all[this.#next]; s && isBlank(s); s = this.#all[++this.#next]) {
      this.#sink.beginSentence();
      this.#sink.silence(s.pauseAfterMs);
    }
  }

  beginSentence(): void {
    this.#blanks();
    this.#sink.beginSentence();
    this.#next++;
  }

  /** Adds the blank sentences after the last one spoken. */
  close(): void {
    this.#blanks();
  }

  audio(pcm: Int16Array): void {
    this.#sink.audio(pcm);
  }

  silenceSamples(samples: number): void {
    this.#sink.silenceSamples(samples);
  }

  silence(ms: number): void {
    this.#sink.silence(ms);
  }
}

export function createEspeakEngine(config: EspeakConfig): SpeechEngine {
  return espeakEngineOn(chooseRun(config.runtime, config.command), config);
}

/** The engine on a given run of espeak-ng; tests wrap a real run to provoke the slow path. */
export function espeakEngineOn(run: EspeakRun, config: EspeakConfig): SpeechEngine {
  const name = `espeak-ng (${run.kind})`;

  const newEncoder = (signal?: AbortSignal): Promise<Mp3Encoder> =>
    createMp3Encoder({ sampleRate: ESPEAK_SAMPLE_RATE, use: config.encoder, kbps: config.kbps, signal });

  const finish = async (
    encoder: Mp3Encoder,
    timeline: SentenceTimeline,
    expected: number,
  ): Promise<SynthesisResult> => {
    const mp3 = await encoder.end();
    const { durationMs, sentences } = timeline.finish();
    if (sentences.length !== expected)
      throw new Error(`speech: espeak-ng gave ${sentences.length} sentences for ${expected}`);
    return { mp3, durationMs, sentences };
  };

  // Splits texts by halves until each run splits cleanly; a single sentence always does.
  const collect = async (texts: readonly string[], voice: string, signal?: AbortSignal): Promise<Int16Array[][]> => {
    const collector = new Collector();
    const splitter = new MarkerSplitter(
      ESPEAK_SAMPLE_RATE,
      texts.map(() => 0),
      collector,
    );
    await run.speak(markedSsml(texts), voice, (pcm) => splitter.push(pcm), signal);
    if (splitter.end()) return collector.sentences;
    const half = Math.ceil(texts.length / 2);
    return [
      ...(await collect(texts.slice(0, half), voice, signal)),
      ...(await collect(texts.slice(half), voice, signal)),
    ];
  };

  return {
    name,
    voices: ESPEAK_VOICES,
    voiceFor: (language, choice) => `${name} ${espeakVoice(language, choice)}`,
    inProcess: run.kind === 'wasm' || encodesInProcess(config.encoder),
    async synthesize(sentences: readonly SpeakableSentence[], language, signal, choice): Promise<SynthesisResult> {
      checkSentences(sentences);
      signal?.throwIfAborted();
      const voice = espeakVoice(language, choice);
      const spoken = sentences.filter((s) => !isBlank(s));
      const texts = spoken.map((s) => s.spoken);

      const encoder = await newEncoder(signal);
      const timeline = new SentenceTimeline(ESPEAK_SAMPLE_RATE, encoder);
      const sink = new WithBlanks(timeline, sentences);
      const splitter = new MarkerSplitter(
        ESPEAK_SAMPLE_RATE,
        spoken.map((s) => s.pauseAfterMs),
        sink,
      );
      try {
        await run.speak(markedSsml(texts), voice, (pcm) => splitter.push(pcm), signal);
      } catch (error) {
        encoder.cancel();
        throw error;
      }
      if (splitter.end()) {
        sink.close();
        return finish(encoder, timeline, sentences.length);
      }

      // A pause of espeak-ng's own looked like a marker, or a sentence made no sound: smaller runs.
      encoder.cancel();
      const collected = await collect(texts, voice, signal);
      const encoder2 = await newEncoder(signal);
      const timeline2 = new SentenceTimeline(ESPEAK_SAMPLE_RATE, encoder2);
      let next = 0;
      for (const sentence of sentences) {
        timeline2.beginSentence();
        if (!isBlank(sentence)) for (const pcm of collected[next++] ?? []) timeline2.audio(pcm);
        timeline2.silence(sentence.pauseAfterMs);
      }
      return finish(encoder2, timeline2, sentences.length);
    },
  };
}

/**
 * Milliseconds plain espeak-ng takes for `text` in one go, writing WAV: the yardstick the Vorlesen
 * pipeline is measured against. `runtime` as in the engine config.
 */
export function rawSynthesisMs(
  text: string,
  language: SpeechLanguage,
  runtime?: EspeakConfig['runtime'],
): Promise<number> {
  return chooseRun(runtime, undefined).rawMs(text, VOICES[language]);
}
