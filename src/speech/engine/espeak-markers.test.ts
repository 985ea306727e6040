import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SentenceTimeline } from '../audio/timeline.ts';
import { MARKER_MS, MarkerSplitter, markedSsml } from './espeak-markers.ts';

// 1 kHz keeps the arithmetic readable: one sample per millisecond.
const RATE = 1000;
const M = MARKER_MS;

// Builds PCM from a plan: positive numbers are that many samples of sound, negative that many zeros.
function pcm(plan: number[]): Int16Array {
  const out: number[] = [];
  for (const n of plan) for (let i = 0; i < Math.abs(n); i++) out.push(n > 0 ? 1000 : 0);
  return Int16Array.from(out);
}

function split(
  audio: Int16Array,
  pauses: number[],
  chunk: number,
): { ok: boolean; spans: number[][]; out: Int16Array } {
  const written: Int16Array[] = [];
  const timeline = new SentenceTimeline(RATE, { write: (p) => written.push(Int16Array.from(p)) });
  const splitter = new MarkerSplitter(RATE, pauses, timeline);
  for (let i = 0; i < audio.length; i += chunk) splitter.push(audio.subarray(i, i + chunk));
  const ok = splitter.end();
  const out = new Int16Array(written.reduce((n, w) => n + w.length, 0));
  written.reduce((at, w) => (out.set(w, at), at + w.length), 0);
  return { ok, spans: timeline.finish().sentences.map((s) => [s.startMs, s.endMs]), out };
}

describe('MarkerSplitter', () => {
  const cases: { name: string; plan: number[]; pauses: number[]; ok: boolean; spans: number[][]; out?: number[] }[] = [
    {
      name: 'splits at markers, drops leading and trailing silence, adds the pauses',
      plan: [-30, 100, -(M + 40), 50, -400],
      pauses: [10, 20],
      ok: true,
      spans: [
        [0, 110],
        [110, 180],
      ],
      out: [100, -10, 50, -20],
    },
    {
      name: "keeps the speaker's own pauses inside a sentence",
      plan: [100, -700, 100, -M, 100],
      pauses: [0, 0],
      ok: true,
      spans: [
        [0, 900],
        [900, 1000],
      ],
      out: [100, -700, 200],
    },
    {
      name: 'a sentence without sound sits between two markers',
      plan: [100, -(2 * M + 300), 100],
      pauses: [5, 7, 9],
      ok: true,
      spans: [
        [0, 105],
        [105, 112],
        [112, 221],
      ],
    },
    {
      name: 'a silent first sentence',
      plan: [-(M + 20), 100],
      pauses: [5, 0],
      ok: true,
      spans: [
        [0, 5],
        [5, 105],
      ],
    },
    {
      name: 'a silent last sentence',
      plan: [100, -(M + 20)],
      pauses: [0, 5],
      ok: true,
      spans: [
        [0, 100],
        [100, 105],
      ],
    },
    {
      name: 'one sentence takes every silence as its own',
      plan: [100, -(3 * M), 100],
      pauses: [0],
      ok: true,
      spans: [[0, 3 * M + 200]],
    },
    { name: 'too few boundaries', plan: [100, -700, 100], pauses: [0, 0], ok: false, spans: [[0, 900]] },
    {
      name: 'too many boundaries',
      plan: [100, -M, 100, -M, 100],
      pauses: [0, 0],
      ok: false,
      spans: [
        [0, 100],
        [100, 200],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const audio = pcm(c.plan);
      // The split must not depend on how the stream was cut into chunks.
      for (const chunk of [1, 7, 64, 333, audio.length]) {
        const result = split(audio, c.pauses, chunk);
        assert.equal(result.ok, c.ok, `chunk ${chunk}`);
        if (c.ok) assert.deepEqual(result.spans, c.spans, `chunk ${chunk}`);
        if (c.out) assert.deepEqual(result.out, pcm(c.out), `chunk ${chunk}`);
      }
    });
  }
});

describe('markedSsml', () => {
  it('escapes markup characters and puts one marker between two sentences', () => {
    assert.equal(
      markedSsml(['A < B & C > D.', ' Zwei\n Zeilen. ']),
      `A &lt; B &amp; C &gt; D. <break time="${M}ms"/> Zwei Zeilen.\n`,
    );
  });
});
