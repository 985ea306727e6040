// Sentence boundaries in one espeak-ng run. espeak-ng's command line reports no events, and one
// process per sentence costs ~10 ms each (more than the whole synthesis of an article). So all
// sentences go into one SSML text, separated by a 2-second <break>. espeak-ng renders pauses as
// runs of exact zeros; no pause of its own comes near 1.3 s (≤ 0.75 s even at its slowest rate), so
// a zero run of that length is a boundary, and a run of k × 2 s holds k boundaries (a sentence
// that made no sound). The zeros around a boundary are replaced by the caller's pause, so each
// sentence starts on its first sound. If the count of boundaries still comes out wrong, `end()`
// says so and the engine falls back to smaller runs.

import type { SentenceSink } from '../audio/timeline.ts';

export const MARKER_MS = 2000;

function escapeSsml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** The SSML text for espeak-ng -m: sentences on one line, a marker break between each two. */
export function markedSsml(sentences: readonly string[]): string {
  const marker = ` <break time="${MARKER_MS}ms"/> `;
  return sentences.map((s) => escapeSsml(s.replace(/\s+/g, ' ').trim())).join(marker) + '\n';
}

export class MarkerSplitter {
  readonly #sink: SentenceSink;
  readonly #pauses: readonly number[];
  readonly #markerSamples: number;
  // With one sentence there is no marker, so every silence is the speaker's own.
  readonly #useMarkers: boolean;
  #heard = false; // any sound yet
  #run = 0; // zeros in the current run
  #carried = 0; // zeros of the current run that came in earlier chunks, not yet passed on
  #current = 0; // index of the sentence being written
  #overflow = false;

  constructor(sampleRate: number, pausesMs: readonly number[], sink: SentenceSink) {
    if (pausesMs.length === 0) throw new Error('speech: no sentences to split');
    this.#sink = sink;
    this.#pauses = pausesMs;
    this.#markerSamples = (MARKER_MS * sampleRate) / 1000;
    this.#useMarkers = pausesMs.length > 1;
    sink.beginSentence();
  }

  #markersIn(run: number): number {
    return this.#useMarkers ? Math.floor(run / this.#markerSamples + 0.35) : 0;
  }

  #boundary(): void {
    if (this.#current + 1 >= this.#pauses.length) {
      this.#overflow = true;
      return;
    }
    this.#sink.silence(this.#pauses[this.#current] ?? 0);
    this.#current++;
    this.#sink.beginSentence();
  }

  push(pcm: Int16Array): void {
    let sliceStart = 0;
    let runStart = this.#run > 0 ? 0 : -1; // where the current run began in this chunk
    for (let i = 0; i < pcm.length; i++) {
      if (pcm[i] === 0) {
        if (this.#run === 0) runStart = i;
        this.#run++;
        continue;
      }
      if (this.#run > 0) {
        const markers = this.#markersIn(this.#run);
        if (markers > 0 || !this.#heard) {
          // Leading silence or a boundary: the speech before it goes out, the zeros do not.
          if (runStart > sliceStart) this.#sink.audio(pcm.subarray(sliceStart, runStart));
          for (let m = 0; m < markers; m++) this.#boundary();
          sliceStart = i;
        } else if (this.#carried > 0) {
          // The speaker's own pause, begun in an earlier chunk: its earlier zeros go out first.
          this.#sink.silenceSamples(this.#carried);
        }
        this.#run = 0;
        this.#carried = 0;
        runStart = -1;
      }
      this.#heard = true;
    }
    const sliceEnd = this.#run > 0 ? Math.max(runStart, sliceStart) : pcm.length;
    if (sliceEnd > sliceStart) this.#sink.audio(pcm.subarray(sliceStart, sliceEnd));
    if (this.#run > 0) this.#carried += pcm.length - sliceEnd;
  }

  /** Closes the last sentence; false when the boundaries found do not match the sentences. */
  end(): boolean {
    for (let m = this.#markersIn(this.#run); m > 0; m--) this.#boundary();
    this.#run = 0;
    this.#carried = 0;
    this.#sink.silence(this.#pauses[this.#current] ?? 0);
    return !this.#overflow && this.#current === this.#pauses.length - 1;
  }
}
