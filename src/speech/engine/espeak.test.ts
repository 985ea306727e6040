import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { mp3DurationMs } from '../audio/mp3.ts';
import { createEngine, type SpeakableSentence, type SynthesisResult } from './engine.ts';
import { espeakEngineOn, rawSynthesisMs } from './espeak.ts';
import { MARKER_MS } from './espeak-markers.ts';
import { ESPEAK_SAMPLE_RATE, systemEspeak, wasmEspeak, type EspeakRun } from './espeak-runtime.ts';

const GERMAN: SpeakableSentence[] = [
  { spoken: 'Die Bürgerinnen und Bürger in Köln grüßen ihre Nachbarn.', pauseAfterMs: 250 },
  { spoken: 'Wer hat das gesagt, und warum?', pauseAfterMs: 400 },
  { spoken: '', pauseAfterMs: 100 },
  { spoken: 'Zum Schluss: ein kurzer Satz.', pauseAfterMs: 0 },
];

function assertTimings(result: SynthesisResult, input: readonly SpeakableSentence[]): void {
  const spans = result.sentences;
  assert.equal(spans.length, input.length, 'one span per sentence');
  assert.equal(spans[0]?.startMs, 0, 'the first sentence starts the audio');
  for (const [i, span] of spans.entries()) {
    const next = spans[i + 1];
    if (next) assert.equal(span.endMs, next.startMs, `sentence ${i + 1} ends where the next starts`);
    const pause = input[i]?.pauseAfterMs ?? 0;
    if (input[i]?.spoken === '') {
      assert.ok(Math.abs(span.endMs - span.startMs - pause) <= 1, `silent sentence ${i + 1} holds only its pause`);
    } else {
      assert.ok(span.endMs - span.startMs > pause + 300, `sentence ${i + 1} has speech: ${JSON.stringify(span)}`);
    }
  }
  assert.equal(spans.at(-1)?.endMs, result.durationMs, 'the last sentence ends the audio');
  assert.ok(
    Math.abs(mp3DurationMs(result.mp3) - result.durationMs) <= 2,
    `MP3 lasts ${mp3DurationMs(result.mp3)} ms, timings say ${result.durationMs} ms`,
  );
}

// Wraps a real run of espeak-ng to act on its output as it streams (test double for faults only).
function tapped(
  run: EspeakRun,
  onFirstSamples: (forward: (pcm: Int16Array) => void, ssml: string) => void,
): EspeakRun & { calls: number } {
  const wrapper = {
    kind: run.kind,
    calls: 0,
    rawMs: run.rawMs.bind(run),
    async speak(ssml: string, voice: string, onSamples: (pcm: Int16Array) => void, signal?: AbortSignal) {
      wrapper.calls++;
      let first = true;
      await run.speak(
        ssml,
        voice,
        (pcm) => {
          if (first && pcm.length > 0) {
            first = false;
            onFirstSamples(onSamples, ssml);
          }
          onSamples(pcm);
        },
        signal,
      );
    },
  };
  return wrapper;
}

const RUNTIMES = [
  { runtime: 'system' as const, make: () => systemEspeak() },
  { runtime: 'wasm' as const, make: () => wasmEspeak() },
];

for (const { runtime, make } of RUNTIMES) {
  describe(`espeak-ng engine, ${runtime} runtime`, () => {
    const engine = createEngine({ kind: 'espeak', runtime });

    it('names itself and its voices', () => {
      assert.equal(engine.name, `espeak-ng (${runtime})`);
      assert.equal(engine.voiceFor('de'), `espeak-ng (${runtime}) de`);
      assert.equal(engine.voiceFor('en', 'f3'), `espeak-ng (${runtime}) en+f3`);
      assert.throws(() => engine.voiceFor('de', 'klatt'), /espeak-ng has no voice "klatt"/);
    });

    it('says whether it speaks on the thread of its process (WebAssembly) or in programs of its own', () => {
      assert.equal(createEngine({ kind: 'espeak', runtime, encoder: 'lame' }).inProcess, runtime === 'wasm');
      assert.equal(createEngine({ kind: 'espeak', runtime, encoder: 'wasm' }).inProcess, true);
    });

    it('speaks each voice it offers, each one differently (espeak-ng would take an unknown one silently)', async () => {
      const heard = new Map<string, string>();
      for (const voice of engine.voices) {
        const { mp3 } = await engine.synthesize([{ spoken: 'Guten Tag.', pauseAfterMs: 0 }], 'de', undefined, voice);
        const hash = createHash('sha256').update(mp3).digest('hex');
        assert.equal(heard.get(hash), undefined, `voice "${voice}" sounds like "${heard.get(hash)}"`);
        heard.set(hash, voice);
      }
      assert.equal(heard.size, 13, 'the standard voice, male 1–7, female 1–5');
    });

    it('speaks German sentences with exact, contiguous sentence timings', async () => {
      assertTimings(await engine.synthesize(GERMAN, 'de'), GERMAN);
    });

    it('speaks English', async () => {
      const english = [
        { spoken: 'Good morning.', pauseAfterMs: 300 },
        { spoken: 'Here is the news.', pauseAfterMs: 0 },
      ];
      assertTimings(await engine.synthesize(english, 'en'), english);
    });

    it('passes umlauts and ß through intact', async () => {
      const length = async (spoken: string): Promise<number> =>
        (await engine.synthesize([{ spoken, pauseAfterMs: 0 }], 'de')).durationMs;
      const text = 'Müßiggänger öffnen Türen.';
      const [proper, plain, garbled] = await Promise.all([
        length(text),
        length('Mussigganger offnen Turen.'),
        length(Buffer.from(text, 'utf8').toString('latin1')), // what a wrong encoding would hand over
      ]);
      assert.ok(Math.abs(proper - plain) < plain * 0.25, `umlauts spoken as letters: ${proper} ms vs ${plain} ms`);
      assert.ok(garbled > proper * 1.3, `text garbled on the way: ${proper} ms vs ${garbled} ms`);
    });

    it('refuses empty input clearly', async () => {
      await assert.rejects(engine.synthesize([], 'de'), /nothing to synthesise: no sentences/);
      await assert.rejects(engine.synthesize([{ spoken: ' ', pauseAfterMs: 0 }], 'de'), /every sentence is empty/);
    });

    it('falls back to smaller runs when markers and sentences disagree', async () => {
      // A 1.5 s silence inside the first sentence of every multi-sentence run looks like a marker.
      const run = tapped(make(), (forward, ssml) => {
        if (ssml.includes('<break')) forward(new Int16Array((1.5 * MARKER_MS * ESPEAK_SAMPLE_RATE) / 1000));
      });
      const result = await espeakEngineOn(run, { kind: 'espeak' }).synthesize(GERMAN, 'de');
      assertTimings(result, GERMAN);
      assert.ok(run.calls > 2, `runs: ${run.calls}`);
    });

    it('stops when aborted, before or while speaking', async () => {
      const before = new AbortController();
      before.abort(new Error('stopped before'));
      await assert.rejects(engine.synthesize(GERMAN, 'de', before.signal), /stopped before/);
      const during = new AbortController();
      const run = tapped(make(), () => during.abort(new Error('stopped while speaking')));
      await assert.rejects(
        espeakEngineOn(run, { kind: 'espeak' }).synthesize(GERMAN, 'de', during.signal),
        /stopped while speaking/,
      );
    });

    it('measures plain espeak-ng for the benchmark', async () => {
      assert.ok((await rawSynthesisMs('Ein kurzer Satz.', 'de', runtime)) > 0);
    });
  });
}

describe('espeak-ng engine failures', () => {
  it('says which program is missing', () => {
    assert.throws(
      () => createEngine({ kind: 'espeak', runtime: 'system', command: '/nonexistent/espeak-ng' }),
      /espeak-ng not found \(\/nonexistent\/espeak-ng\)/,
    );
  });

  it('reports a program that fails', async () => {
    const engine = createEngine({ kind: 'espeak', runtime: 'system', command: 'false' });
    await assert.rejects(engine.synthesize(GERMAN, 'de'), /espeak-ng \(.*false\) exited with status 1/);
  });

  it('reports an unknown voice from the wasm build', async () => {
    const run = wasmEspeak();
    await assert.rejects(
      run.speak('Hallo.', 'xx-none', () => {}),
      /espeak-ng \(wasm\) exited with status 1/,
    );
  });
});
