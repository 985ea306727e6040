// Article events at the store: which event a save records, the handler jobs queued in its transaction, the
// refusal of a stale save, and the worker woken only once the save committed.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../store/db.ts';
import { enqueue, listJobs, startWorker } from '../store/jobs.ts';
import { MIGRATIONS } from '../migrations.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { listEvents, type ArticleEventListeners } from './events.ts';
import { parsePublicationDate, type ArticleInput } from './model.ts';
import { getArticleById, saveArticle, StaleVersionError } from './store.ts';

const LISTENERS: ArticleEventListeners = {
  'test.audio': { on: ['article.published', 'article.changed'] },
  'test.unpublish': { on: ['article.unpublished'] },
};

function input(key: string, over: Partial<ArticleInput> = {}): ArticleInput {
  const published = parsePublicationDate('2025-03-01');
  if (typeof published === 'string') throw new Error(published);
  return {
    importKey: key,
    headline: `Meldung ${key}`,
    lead: 'Vorspann.',
    body: [{ type: 'paragraph', text: 'Text.', marks: [] }],
    authors: [],
    topics: [],
    language: 'de',
    published,
    status: 'published',
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`article events (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    const jobsOf = async (articleId: string) =>
      (await listJobs(store.db, { name: 'article.event' }))
        .map((j) => ({
          ...(j.payload as { handler: string; event: { articleId: string; id: string } }),
          key: j.idempotencyKey,
        }))
        .filter((j) => j.event.articleId === articleId);

    it('records one event per change, of the right type, with one job per listening handler', async () => {
      const opts = { by: 'redaktion', listeners: LISTENERS };
      const draft = await saveArticle(store.db, input('a', { status: 'draft' }), opts);
      const published = await saveArticle(store.db, input('a'), opts);
      const changed = await saveArticle(store.db, input('a', { lead: 'Neu.' }), opts);
      const unchanged = await saveArticle(store.db, input('a', { lead: 'Neu.' }), opts);
      const unpublished = await saveArticle(store.db, input('a', { lead: 'Neu.', status: 'draft' }), opts);
      assert.equal(unchanged.outcome, 'unchanged');
      assert.equal(unchanged.event, undefined, 'nothing changed, nothing to tell');
      const id = draft.article.id;
      const events = await listEvents(store.db, id);
      assert.deepEqual(
        events.map((e) => [e.type, e.version, e.by]),
        [
          ['article.changed', 1, 'redaktion'],
          ['article.published', 2, 'redaktion'],
          ['article.changed', 3, 'redaktion'],
          ['article.unpublished', 4, 'redaktion'],
        ],
      );
      assert.deepEqual(
        [draft, published, changed, unpublished].map((s) => s.event?.id),
        events.map((e) => e.id),
      );
      const jobs = await jobsOf(id);
      assert.deepEqual(
        jobs.map((j) => [j.handler, j.event.id]).sort(),
        [
          ['test.audio', events[0]!.id],
          ['test.audio', events[1]!.id],
          ['test.audio', events[2]!.id],
          ['test.unpublish', events[3]!.id],
        ].sort(),
      );
      for (const j of jobs) assert.equal(j.key, `article.event:${j.event.id}:${j.handler}`);
    });

    it('refuses a save based on a version that is no longer stored, naming the article and both versions', async () => {
      const first = await saveArticle(store.db, input('b'), { by: 'anna', listeners: LISTENERS });
      const read = first.article.version;
      // Two editors read version 1; Anna saves first, Ben's save is based on what he read.
      await saveArticle(store.db, input('b', { lead: 'Annas Fassung.' }), { by: 'anna', expectedVersion: read });
      await assert.rejects(
        saveArticle(store.db, input('b', { lead: 'Bens Fassung.' }), {
          by: 'ben',
          expectedVersion: read,
          listeners: LISTENERS,
        }),
        (err: unknown) => {
          assert.ok(err instanceof StaleVersionError);
          assert.match(err.message, /article "meldung-b" is at version 2, this save was based on version 1/);
          return true;
        },
      );
      const stored = await getArticleById(store.db, first.article.id);
      assert.equal(stored?.lead, 'Annas Fassung.', "Anna's save is not lost");
      assert.equal(stored?.version, 2);
      assert.equal((await listEvents(store.db, first.article.id)).length, 2, 'the refused save left no event');
      assert.equal((await jobsOf(first.article.id)).length, 1, 'nor a job');
      await assert.rejects(
        saveArticle(store.db, input('b', { lead: 'Neu angelegt.' }), { by: 'import', expectedVersion: 0 }),
        /article "meldung-b" already exists \(version 2\)/,
      );
    });

    it('wakes a waiting worker once the save committed, and a rolled-back job never runs', async () => {
      const ran: string[] = [];
      // Polls once an hour: only a wake-up can make it run the job within the test.
      const worker = startWorker(store.db, {
        handlers: {
          'article.event': (job) => {
            ran.push(job.payload.handler);
            return Promise.resolve('done');
          },
        },
        pollMs: 3_600_000,
      });
      try {
        // Its first look at the queue, made at start, runs the earlier tests' jobs; then it sleeps for an hour.
        const deadline = Date.now() + 10_000;
        while (!ran.includes('test.unpublish')) {
          if (Date.now() > deadline) throw new Error('the worker did not start');
          await sleep(10);
        }
        await sleep(100);
        await store.db
          .transaction()
          .execute(async (tx) => {
            const event = { id: 'e', type: 'article.changed', articleId: 'x', version: 1, by: 't', at: '' } as const;
            await enqueue(tx, 'article.event', { handler: 'rolled-back', event });
            throw new Error('roll back');
          })
          .catch(() => {});
        await saveArticle(store.db, input('c'), {
          by: 'import',
          listeners: { 'test.woken': { on: ['article.published'] } },
        });
        while (!ran.includes('test.woken')) {
          if (Date.now() > deadline) throw new Error('the worker was not woken after the save committed');
          await sleep(10);
        }
        assert.ok(!ran.includes('rolled-back'));
      } finally {
        await worker.stop();
      }
    });
  });
}
