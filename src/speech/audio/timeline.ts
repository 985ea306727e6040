// Lays sentences end to end in one audio stream and records where each lies. Every engine feeds its
// samples through here, so the timings are counted in the very samples the encoder receives.

export interface SentenceTiming {
  readonly startMs: number;
  readonly endMs: number;
}

export interface PcmSink {
  write(pcm: Int16Array): void;
}

const ZEROS = new Int16Array(4096); // shared and never written to

/** Where an engine puts sentences; the timeline below, or a collector that replays them later. */
export interface SentenceSink {
  readonly sentenceCount: number;
  beginSentence(): void;
  audio(pcm: Int16Array): void;
  silenceSamples(samples: number): void;
  silence(ms: number): void;
}

export class SentenceTimeline implements SentenceSink {
  readonly sampleRate: number;
  readonly #sink: PcmSink;
  readonly #starts: number[] = [];
  #samples = 0;

  constructor(sampleRate: number, sink: PcmSink) {
    this.sampleRate = sampleRate;
    this.#sink = sink;
  }

  get sentenceCount(): number {
    return this.#starts.length;
  }

  /** Starts the next sentence at the current position. */
  beginSentence(): void {
    this.#starts.push(this.#samples);
  }

  audio(pcm: Int16Array): void {
    if (this.#starts.length === 0) throw new Error('audio: samples written before the first sentence began');
    if (pcm.length === 0) return;
    this.#samples += pcm.length;
    this.#sink.write(pcm);
  }

  silence(ms: number): void {
    this.silenceSamples(Math.round((Math.max(0, ms) * this.sampleRate) / 1000));
  }

  silenceSamples(samples: number): void {
    while (samples > 0) {
      const part = ZEROS.subarray(0, Math.min(samples, ZEROS.length));
      this.audio(part);
      samples -= part.length;
    }
  }

  /**
   * Sentence spans, contiguous: each runs from its first sample to the next sentence's first
   * sample, so the pause after a sentence belongs to it; the first starts at 0 and the last ends
   * with the audio.
   */
  finish(): { durationMs: number; totalSamples: number; sentences: SentenceTiming[] } {
    const toMs = (samples: number): number => Math.round((samples * 1000) / this.sampleRate);
    const sentences = this.#starts.map((start, i) => ({
      startMs: toMs(start),
      endMs: toMs(this.#starts[i + 1] ?? this.#samples),
    }));
    return { durationMs: toMs(this.#samples), totalSamples: this.#samples, sentences };
  }
}
