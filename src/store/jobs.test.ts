import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from './db.ts';
import { backoffMs, enqueue, purgeFinishedJobs, startWorker, type JobHandler } from './jobs.ts';
import { DIALECTS, openTestStore } from './testing.ts';
import { createJobsTable } from './migrations.ts';

declare module './jobs.ts' {
  interface JobPayloads {
    'test.echo': { n: number };
    'test.slow': { n: number };
  }
}

for (const dialect of DIALECTS) {
  describe(`job queue (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      // The built-in table's own details (its rows, its backoff, its purge); the contract suite covers pg-boss.
      store = await openTestStore(dialect, [{ name: 'jobs', up: createJobsTable }], { queue: 'table' });
    });
    after(() => store.close());
    const jobs = () => store.db.selectFrom('jobs').selectAll().orderBy('created_at').execute();

    it('runs each job once, even with two workers racing, and one job per idempotency key', async () => {
      await store.db.deleteFrom('jobs').execute();
      for (let n = 0; n < 20; n++)
        assert.equal(await enqueue(store.db, 'test.echo', { n }, { idempotencyKey: `echo-${n}` }), true);
      assert.equal(await enqueue(store.db, 'test.echo', { n: 0 }, { idempotencyKey: 'echo-0' }), false);
      const seen: number[] = [];
      const handler: JobHandler<'test.echo'> = async (job) => {
        seen.push(job.payload.n);
        await new Promise((r) => setTimeout(r, 2));
        return 'done';
      };
      const a = startWorker(store.db, { handlers: { 'test.echo': handler }, concurrency: 3 }, false);
      const b = startWorker(store.db, { handlers: { 'test.echo': handler }, concurrency: 3 }, false);
      await Promise.all([a.drain(), b.drain()]);
      assert.deepEqual(
        [...seen].sort((x, y) => x - y),
        Array.from({ length: 20 }, (_, i) => i),
      );
      assert.ok((await jobs()).every((j) => j.state === 'done' && j.attempts === 1 && j.finished_at));
    });

    it('retries a failing job later with its reason, then gives up', async () => {
      await store.db.deleteFrom('jobs').execute();
      await enqueue(store.db, 'test.echo', { n: 1 }, { maxAttempts: 2 });
      const logs: string[] = [];
      const failing = startWorker(
        store.db,
        { handlers: { 'test.echo': () => Promise.reject(new Error('engine crashed')) }, log: (m) => logs.push(m) },
        false,
      );
      await failing.drain();
      let [job] = await jobs();
      assert.equal(job?.state, 'queued');
      assert.equal(job?.attempts, 1);
      assert.equal(job?.last_error, 'engine crashed');
      assert.ok(Date.parse(job?.run_at ?? '') > Date.now() + 2000, 'the retry waits (backoff)');
      await store.db
        .updateTable('jobs')
        .set({ run_at: new Date(0).toISOString() })
        .execute();
      await failing.drain();
      [job] = await jobs();
      assert.equal(job?.state, 'failed');
      assert.equal(job?.attempts, 2);
      assert.match(logs.join('\n'), /attempt 2\/2 failed: engine crashed \(giving up\)/);
    });

    it('takes over a job whose worker vanished once its lease ran out', async () => {
      await store.db.deleteFrom('jobs').execute();
      await enqueue(store.db, 'test.echo', { n: 7 });
      await store.db
        .updateTable('jobs')
        .set({
          state: 'running',
          locked_by: 'dead-worker',
          locked_until: new Date(Date.now() + 60_000).toISOString(),
          attempts: 1,
        })
        .execute();
      const ran: number[] = [];
      const worker = startWorker(
        store.db,
        { handlers: { 'test.echo': (job) => (ran.push(job.payload.n), Promise.resolve('done' as const)) } },
        false,
      );
      await worker.drain();
      assert.deepEqual(ran, [], 'a live lease is respected');
      await store.db
        .updateTable('jobs')
        .set({ locked_until: new Date(Date.now() - 1).toISOString() })
        .execute();
      await worker.drain();
      assert.deepEqual(ran, [7]);
      const [job] = await jobs();
      assert.equal(job?.state, 'done');
      assert.equal(job?.attempts, 2);
    });

    it('lets a handler ask to come back later without counting an attempt', async () => {
      await store.db.deleteFrom('jobs').execute();
      await enqueue(store.db, 'test.echo', { n: 3 });
      const worker = startWorker(
        store.db,
        { handlers: { 'test.echo': () => Promise.resolve({ retryInMs: 60_000 }) } },
        false,
      );
      await worker.drain();
      const [job] = await jobs();
      assert.equal(job?.state, 'queued');
      assert.equal(job?.attempts, 0);
    });

    it('removes finished jobs after thirty days, and never a queued one', async () => {
      await store.db.deleteFrom('jobs').execute();
      await enqueue(store.db, 'test.echo', { n: 1 }, { idempotencyKey: 'old-done' });
      await enqueue(store.db, 'test.echo', { n: 2 }, { idempotencyKey: 'recent-done' });
      await enqueue(store.db, 'test.echo', { n: 3 }, { idempotencyKey: 'old-queued', runAt: new Date(0) });
      const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
      await store.db
        .updateTable('jobs')
        .set({ state: 'done', finished_at: old })
        .where('idempotency_key', '=', 'old-done')
        .execute();
      await store.db
        .updateTable('jobs')
        .set({ state: 'done', finished_at: new Date().toISOString() })
        .where('idempotency_key', '=', 'recent-done')
        .execute();
      assert.equal(await purgeFinishedJobs(store.db), 1);
      assert.deepEqual((await jobs()).map((j) => j.idempotency_key).sort(), ['old-queued', 'recent-done']);
    });

    it('runs express jobs while slow ones hold every slot', async () => {
      await store.db.deleteFrom('jobs').execute();
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      const slowStarted: number[] = [];
      const expressRun: number[] = [];
      let expressDone: () => void = () => {};
      const expressFinished = new Promise<void>((r) => (expressDone = r));
      const worker = startWorker(store.db, {
        handlers: {
          'test.slow': async (job) => {
            slowStarted.push(job.payload.n);
            await held;
            return 'done';
          },
          'test.echo': (job) => {
            expressRun.push(job.payload.n);
            if (expressRun.length === 2) expressDone();
            return Promise.resolve('done' as const);
          },
        },
        concurrency: 2,
        express: ['test.echo'],
        pollMs: 20,
      });
      try {
        for (let n = 0; n < 2; n++) await enqueue(store.db, 'test.slow', { n });
        while (slowStarted.length < 2) await new Promise((r) => setTimeout(r, 5));
        await enqueue(store.db, 'test.echo', { n: 1 });
        await enqueue(store.db, 'test.echo', { n: 2 });
        await expressFinished;
        assert.deepEqual(expressRun, [1, 2], 'both express jobs ran while the slow ones held the two slots');
      } finally {
        release();
        await worker.stop();
      }
    });

    it('never runs more jobs than its slots, however often it is woken while claiming', async () => {
      await store.db.deleteFrom('jobs').execute();
      let runningNow = 0;
      let most = 0;
      let finished = 0;
      const worker = startWorker(store.db, {
        handlers: {
          'test.slow': async () => {
            most = Math.max(most, ++runningNow);
            await new Promise((r) => setTimeout(r, 30));
            runningNow--;
            finished++;
            return 'done';
          },
        },
        concurrency: 2,
        pollMs: 10,
      });
      try {
        // Every enqueue outside a transaction wakes the worker, many times while one fill is still claiming.
        await Promise.all(Array.from({ length: 12 }, (_, n) => enqueue(store.db, 'test.slow', { n })));
        while (finished < 12) await new Promise((r) => setTimeout(r, 10));
        assert.equal(most, 2, 'two slots, never a third job beside them');
      } finally {
        await worker.stop();
      }
    });

    it('picks up new jobs by itself when running, and stops cleanly', async () => {
      await store.db.deleteFrom('jobs').execute();
      let resolve: (n: number) => void = () => {};
      const done = new Promise<number>((r) => (resolve = r));
      const worker = startWorker(store.db, {
        handlers: { 'test.echo': (job) => (resolve(job.payload.n), Promise.resolve('done' as const)) },
        pollMs: 50,
      });
      await enqueue(store.db, 'test.echo', { n: 42 });
      assert.equal(await done, 42);
      await worker.stop();
      const [job] = await jobs();
      assert.equal(job?.state, 'done', 'stop waits for the running job to be recorded');
    });
  });
}

describe('backoff', () => {
  it('grows and is capped', () => {
    assert.ok(backoffMs(1) >= 3_750 && backoffMs(1) <= 6_250);
    assert.ok(backoffMs(3) >= 60_000 && backoffMs(3) <= 100_000);
    assert.ok(backoffMs(20) <= 4_500_000);
  });
});
