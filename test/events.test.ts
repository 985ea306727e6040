// Article events through the whole app: a handler that fails does not touch the save, is retried with the
// queue's backoff and, like every handler run again, leaves exactly one audio, one recognition and one fan-out.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAppWorker } from '../src/app.ts';
import type { ArticleEventHandler } from '../src/article/events.ts';
import { importPaths } from '../src/article/import/importer.ts';
import type { App } from '../src/app.ts';
import { getAudio } from '../src/speech/store.ts';
import { listJobs, makeJobsDue, rerunJobs } from '../src/store/jobs.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

/** The real handler, made to throw on its first call as a handler whose service is briefly away would. */
function failingOnce(real: ArticleEventHandler<App>, calls: { n: number }): ArticleEventHandler<App> {
  return {
    on: real.on,
    handle(app, event, signal) {
      calls.n++;
      if (calls.n === 1) return Promise.reject(new Error('briefly away'));
      return real.handle(app, event, signal);
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`article events in the app (${dialect.name})`, () => {
    let site: RunningApp;
    let dir: string;
    let file: string;
    before(async () => {
      site = await startTestApp(dialect);
      dir = await mkdtemp(join(tmpdir(), 'blattwerk-events-'));
      file = join(dir, 'treffen.txt');
      const today = new Date().toISOString().slice(0, 10);
      await writeFile(
        file,
        `date ${today}\ntitle: Treffen in Berlin\ntopics: Berlin\n\nIn Berlin trafen sich am Montag viele Menschen.\n`,
      );
    });
    after(async () => {
      await site.stop();
      await rm(dir, { recursive: true, force: true });
    });

    const app = () => site.app;
    const jobs = (name: string) => listJobs(app().db, { name });
    const drain = () => startAppWorker(app(), false).drain();
    /** The backoff's wait, passed: what was queued for later is runnable now. */
    const later = () => makeJobsDue(app().db);

    it('reports the save as saved when a handler throws, retries it, and ends with one of each', async () => {
      const audioCalls = { n: 0 };
      const followCalls = { n: 0 };
      const real = app().articleEvents;
      // The two handlers this test is about (search's index handler has its own tests in src/search).
      app().articleEvents = {
        'speech.audio': failingOnce(real['speech.audio']!, audioCalls),
        'follow.recognize': failingOnce(real['follow.recognize']!, followCalls),
      };
      const listeners = app().articleEvents;
      const [result] = await importPaths(app().db, [file], { listeners });
      assert.ok(result?.ok, `the import reports the save: ${result && !result.ok ? result.error : ''}`);
      assert.equal(result.outcome, 'created');
      const id = result.article.id;

      await drain();
      assert.equal(audioCalls.n, 1);
      assert.equal(followCalls.n, 1);
      const failed = await jobs('article.event');
      assert.deepEqual(
        failed.map((j) => [j.state, j.lastError, j.runAt > new Date()]),
        [
          ['queued', 'briefly away', true],
          ['queued', 'briefly away', true],
        ],
        'both wait for their retry',
      );
      assert.equal((await jobs('follow.fanout')).length, 0, 'no fan-out before recognition');
      const [again] = await importPaths(app().db, [file], { listeners });
      assert.ok(again?.ok && again.outcome === 'unchanged');
      assert.equal((await jobs('article.event')).length, 2, 'an unchanged import queues nothing');

      await later();
      await drain();
      assert.equal(audioCalls.n, 2);
      assert.equal(followCalls.n, 2);
      assert.deepEqual(
        (await jobs('article.event')).map((j) => j.state),
        ['done', 'done'],
      );
      await assertOneOfEach(id);

      // A process killed after a handler's work but before its job was marked done runs it again: no second anything.
      await rerunJobs(app().db, { name: 'article.event' });
      await drain();
      assert.equal(followCalls.n, 3);
      await assertOneOfEach(id);
      app().articleEvents = real;
    });

    async function assertOneOfEach(id: string) {
      const audio = await getAudio(app().db, id);
      assert.equal(audio?.state, 'ready');
      assert.equal((await jobs('speech.generate')).length, 1, 'one audio job');
      assert.deepEqual(await readdir(join(site.dataDir, 'files', 'audio', id)), [`${audio.textHash}.mp3`]);
      const mentions = await app()
        .db.selectFrom('article_entities')
        .select(['entity_id', 'mentions'])
        .where('article_id', '=', id)
        .execute();
      // Headline and lead name Berlin, and the topic "Berlin" is the place Berlin: three mentions, stored once.
      assert.deepEqual(mentions, [{ entity_id: 'berlin', mentions: 3 }], 'one recognition, stored once');
      const fanouts = await jobs('follow.fanout');
      assert.deepEqual(
        fanouts.map((j) => [j.state, j.idempotencyKey]),
        [['done', `follow.fanout:${id}`]],
      );
      const runs = await app().db.selectFrom('fanouts').selectAll().where('article_id', '=', id).execute();
      assert.equal(runs.length, 1);
      assert.ok(runs[0]?.finished_at);
    }
  });
}
