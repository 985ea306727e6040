// "Hear this paragraph" in the web process, with engines made for the test: an engine that would work on the
// process's own thread is refused, a sample that does not come by the deadline is given up (and its engine told
// to stop), and no more than two syntheses run at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import type { SpeechEngine, SynthesisResult } from './engine/engine.ts';
import { MAX_PREVIEW_CHARS, PreviewUnavailable, speakPreview } from './preview.ts';

const MP3 = Buffer.from([0xff, 0xf3, 0x44, 0xc4]);
const done: SynthesisResult = { mp3: MP3, durationMs: 1, sentences: [{ startMs: 0, endMs: 1 }] };

/** An engine whose syntheses go to `speak`; each engine speaks in a voice of its own, so samples are not shared. */
function engine(name: string, speak: SpeechEngine['synthesize'], inProcess = false): SpeechEngine {
  return { name, voices: [''], voiceFor: () => `test ${name}`, inProcess, synthesize: speak };
}

const timedOut = (error: unknown) => error instanceof PreviewUnavailable && error.reason === 'timeout';

for (const dialect of DIALECTS) {
  describe(`hearing a paragraph in the web process (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    const on = (e: SpeechEngine) => ({ db: store.db, speech: { engine: e } });
    const voice = (name: string) => `${name} ${dialect.name}`;

    it('speaks a paragraph once and keeps the sample; refuses a text too long', async () => {
      let calls = 0;
      const quick = on(
        engine(voice('quick'), () => {
          calls++;
          return Promise.resolve(done);
        }),
      );
      assert.deepEqual(await speakPreview(quick, 'Am 3. Mai kamen 5 Gäste.', 'de'), MP3);
      assert.deepEqual(await speakPreview(quick, 'Am 3. Mai kamen 5 Gäste.', 'de'), MP3);
      assert.equal(calls, 1);
      assert.equal(await speakPreview(quick, ' ', 'de'), undefined, 'nothing to say');
      await assert.rejects(speakPreview(quick, 'a'.repeat(MAX_PREVIEW_CHARS + 1), 'de'), RangeError);
      assert.equal(calls, 1);
    });

    it('refuses an engine that would speak on the thread that serves requests, without starting it', async () => {
      let calls = 0;
      const wasm = on(
        engine(
          voice('wasm'),
          () => {
            calls++;
            return Promise.resolve(done);
          },
          true,
        ),
      );
      await assert.rejects(
        speakPreview(wasm, 'Ein Satz.', 'de'),
        (error) =>
          error instanceof PreviewUnavailable &&
          error.reason === 'in-process' &&
          /install espeak-ng and lame/.test(error.message),
      );
      assert.equal(calls, 0);
    });

    it('gives up at the deadline, tells the engine to stop, and frees its turn', async () => {
      const signals: AbortSignal[] = [];
      // Never finishes, and does not listen to its signal either.
      const endless = on(
        engine(voice('endless'), (_s, _l, signal) => {
          signals.push(signal!);
          return new Promise<never>(() => {});
        }),
      );
      // More than there are turns: each must give its turn back when it is given up.
      for (const text of ['Eins.', 'Zwei.', 'Drei.'])
        await assert.rejects(speakPreview(endless, text, 'de', { deadlineMs: 1 }), timedOut);
      assert.equal(signals.length, 3);
      assert.ok(signals.every((s) => s.aborted));
      const quick = on(engine(voice('after'), () => Promise.resolve(done)));
      assert.deepEqual(await speakPreview(quick, 'Vier.', 'de', { deadlineMs: 1 }), MP3, 'turns are free again');
    });

    it('runs two syntheses at once; a third waits for a turn, its wait counting towards its deadline', async () => {
      const finish: (() => void)[] = [];
      const held = on(
        engine(voice('held'), () => new Promise<SynthesisResult>((resolve) => finish.push(() => resolve(done)))),
      );
      const first = speakPreview(held, 'Erster Absatz.', 'de');
      const second = speakPreview(held, 'Zweiter Absatz.', 'de');
      let started = 0;
      const third = on(
        engine(voice('third'), () => {
          started++;
          return Promise.resolve(done);
        }),
      );
      // Both held syntheses have their turns once the engine has been asked twice.
      while (finish.length < 2) await new Promise((resolve) => setImmediate(resolve));
      // The third engine answers at once, so only waiting for a turn can make it miss even a 1 ms deadline.
      await assert.rejects(speakPreview(third, 'Dritter Absatz.', 'de', { deadlineMs: 1 }), timedOut);
      assert.equal(started, 0, 'the third never started');
      for (const f of finish) f();
      assert.deepEqual(await Promise.all([first, second]), [MP3, MP3]);
      assert.deepEqual(await speakPreview(third, 'Dritter Absatz.', 'de', { deadlineMs: 1 }), MP3);
      assert.equal(started, 1);
    });
  });
}
