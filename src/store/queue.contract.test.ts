// The one contract both queues keep, run against the built-in table on SQLite and PostgreSQL and against
// pg-boss on PostgreSQL: idempotency keys, retries with backoff, a killed worker's job run again, enqueue in
// the caller's transaction, delayed jobs, drain and stop, express jobs beside slow ones.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store, type StoreOptions } from './db.ts';
import {
  enqueue,
  listJobs,
  listSchedules,
  makeJobsDue,
  queueHasCron,
  rerunJobs,
  scheduleJob,
  startWorker,
  type JobHandler,
} from './jobs.ts';
import { createJobKeysTable, createJobsTable } from './migrations.ts';
import { DIALECTS, type TestDatabase } from './testing.ts';

declare module './jobs.ts' {
  interface JobPayloads {
    'contract.echo': { n: number };
    'contract.slow': { n: number };
    'contract.hang': { n: number };
    'contract.again': { n: number };
  }
}

const LEASE_MS = 1000;
const queues = DIALECTS.flatMap((dialect) =>
  dialect.name === 'sqlite'
    ? [{ dialect, queue: 'table' as const }]
    : [
        { dialect, queue: 'table' as const },
        { dialect, queue: 'pg-boss' as const },
      ],
);

const echo =
  (seen: number[]): JobHandler<'contract.echo'> =>
  (job) => {
    seen.push(job.payload.n);
    return Promise.resolve('done');
  };

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const { dialect, queue } of queues) {
  describe(`queue contract: ${queue} on ${dialect.name}`, () => {
    let testDb: TestDatabase;
    let store: Store;
    let options: Omit<StoreOptions, 'migrations'>;
    before(async () => {
      testDb = await dialect.create();
      options = {
        databaseUrl: testDb.databaseUrl,
        dataDir: testDb.dataDir,
        ...(testDb.pgSchema ? { pgSchema: testDb.pgSchema } : {}),
        queue,
        jobLeaseMs: LEASE_MS,
        cronCheckSeconds: 1,
      };
      store = await openStore({
        ...options,
        migrations: [
          { name: 'jobs', up: createJobsTable },
          { name: 'job keys', up: createJobKeysTable },
        ],
      });
    });
    after(async () => {
      await store.close();
      await testDb.cleanup();
    });

    it('runs each job once with two workers racing, and one job per idempotency key', async () => {
      for (let n = 0; n < 10; n++)
        assert.equal(await enqueue(store.db, 'contract.echo', { n }, { idempotencyKey: `echo-${n}` }), true);
      assert.equal(await enqueue(store.db, 'contract.echo', { n: 0 }, { idempotencyKey: 'echo-0' }), false);
      const seen: number[] = [];
      const a = startWorker(store.db, { handlers: { 'contract.echo': echo(seen) }, concurrency: 3 }, false);
      const b = startWorker(store.db, { handlers: { 'contract.echo': echo(seen) }, concurrency: 3 }, false);
      await Promise.all([a.drain(), b.drain()]);
      assert.deepEqual(
        seen.sort((x, y) => x - y),
        Array.from({ length: 10 }, (_, i) => i),
      );
      // A key stays used after its job ran: the same work is not done twice.
      assert.equal(await enqueue(store.db, 'contract.echo', { n: 1 }, { idempotencyKey: 'echo-1' }), false);
      const done = await listJobs(store.db, { name: 'contract.echo', state: 'done' });
      assert.equal(done.length, 10);
      assert.ok(done.every((j) => j.attempts === 1 && j.idempotencyKey?.startsWith('echo-')));
    });

    it('retries a failing job after a backoff with its reason, then gives up', async () => {
      await enqueue(store.db, 'contract.slow', { n: 1 }, { maxAttempts: 2 });
      const failing = startWorker(
        store.db,
        { handlers: { 'contract.slow': () => Promise.reject(new Error('engine crashed')) } },
        false,
      );
      await failing.drain();
      let [job] = await listJobs(store.db, { name: 'contract.slow' });
      assert.equal(job?.state, 'queued');
      assert.equal(job?.attempts, 1);
      assert.equal(job?.lastError, 'engine crashed');
      assert.ok((job?.runAt.getTime() ?? 0) > Date.now() + 2000, 'the retry waits (backoff)');
      await failing.drain();
      assert.equal((await listJobs(store.db, { name: 'contract.slow' }))[0]?.state, 'queued', 'not before its time');
      await makeJobsDue(store.db, { name: 'contract.slow' });
      await failing.drain();
      [job] = await listJobs(store.db, { name: 'contract.slow' });
      assert.equal(job?.state, 'failed');
      assert.equal(job?.attempts, 2);
    });

    it('enqueues in the caller’s transaction: a rollback leaves no job and its key unused', async () => {
      await assert.rejects(
        store.db.transaction().execute(async (tx) => {
          assert.equal(await enqueue(tx, 'contract.echo', { n: 100 }, { idempotencyKey: 'tx-100' }), true);
          assert.equal(await enqueue(tx, 'contract.echo', { n: 101 }), true);
          throw new Error('the article event failed');
        }),
        /the article event failed/,
      );
      const all = await listJobs(store.db, { name: 'contract.echo' });
      assert.ok(!all.some((j) => [100, 101].includes((j.payload as { n: number }).n)), 'nothing survives');
      await store.db.transaction().execute(async (tx) => {
        assert.equal(await enqueue(tx, 'contract.echo', { n: 100 }, { idempotencyKey: 'tx-100' }), true);
      });
      const seen: number[] = [];
      await startWorker(store.db, { handlers: { 'contract.echo': echo(seen) } }, false).drain();
      assert.deepEqual(seen, [100]);
    });

    it('holds a delayed job until its time, then runs it; a later outcome waits without counting', async () => {
      await enqueue(store.db, 'contract.echo', { n: 200 }, { runAt: new Date(Date.now() + 1500) });
      const seen: number[] = [];
      let again = true;
      const handler: JobHandler<'contract.echo'> = (job) => {
        seen.push(job.payload.n);
        const later = again;
        again = false;
        return Promise.resolve(later ? { retryInMs: 60_000 } : 'done');
      };
      const worker = startWorker(store.db, { handlers: { 'contract.echo': handler } }, false);
      await worker.drain();
      assert.deepEqual(seen, [], 'not before its time');
      await new Promise((r) => setTimeout(r, 1600));
      await worker.drain();
      assert.deepEqual(seen, [200]);
      const [waiting] = await listJobs(store.db, { name: 'contract.echo', state: 'queued' });
      assert.equal(waiting?.attempts, 0, 'waiting is not a failed attempt');
      assert.ok((waiting?.runAt.getTime() ?? 0) > Date.now() + 50_000);
      await makeJobsDue(store.db, { name: 'contract.echo' });
      await worker.drain();
      assert.deepEqual(seen, [200, 200]);
    });

    it('stops: running jobs finish, nothing new is claimed', async () => {
      const seen: number[] = [];
      let release = () => {};
      const slow: JobHandler<'contract.slow'> = async (job) => {
        await new Promise<void>((r) => (release = r));
        seen.push(job.payload.n);
        return 'done';
      };
      await enqueue(store.db, 'contract.slow', { n: 1 });
      const worker = startWorker(store.db, { handlers: { 'contract.slow': slow }, concurrency: 1, pollMs: 50 });
      await until('the slow job to start', async () => (await listJobs(store.db, { state: 'running' })).length === 1);
      await enqueue(store.db, 'contract.slow', { n: 2 });
      assert.deepEqual(
        (await listJobs(store.db, { name: 'contract.slow', state: ['queued', 'running'] })).map((j) => j.state).sort(),
        ['queued', 'running'],
        'several states are read together',
      );
      const stopping = worker.stop();
      release();
      await stopping;
      assert.deepEqual(seen, [1]);
      assert.equal((await listJobs(store.db, { name: 'contract.slow', state: 'queued' })).length, 1);
    });

    it('runs an express job while slow jobs hold every slot', async () => {
      const releases: (() => void)[] = [];
      const slow: JobHandler<'contract.slow'> = () => new Promise((r) => releases.push(() => r('done')));
      const seen: number[] = [];
      const worker = startWorker(store.db, {
        handlers: { 'contract.slow': slow, 'contract.echo': echo(seen) },
        express: ['contract.echo'],
        concurrency: 2,
        pollMs: 50,
      });
      for (let n = 10; n < 14; n++) await enqueue(store.db, 'contract.slow', { n });
      await until('two slow jobs to hold both slots', () => releases.length === 2);
      await enqueue(store.db, 'contract.echo', { n: 300 });
      await until('the express job to run beside them', () => seen.includes(300));
      assert.equal(releases.length, 2, 'the other slow jobs still wait');
      const stopping = worker.stop();
      releases.forEach((r) => r());
      await stopping;
    });

    it('runs a killed worker’s job again once its lease has lapsed', async () => {
      await enqueue(store.db, 'contract.hang', { n: 1 });
      const child = spawn(process.execPath, ['src/store/queue-test-child.ts', JSON.stringify(options)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('claimed') && resolve());
        child.on('exit', (code) => reject(new Error(`the worker process ended (${code}) before claiming`)));
      });
      child.kill('SIGKILL');
      assert.equal((await listJobs(store.db, { name: 'contract.hang', state: 'running' })).length, 1);
      const ran: number[] = [];
      const worker = startWorker(store.db, {
        handlers: {
          'contract.hang': (job) => {
            ran.push(job.attempts);
            return Promise.resolve('done');
          },
        },
        pollMs: 200,
        leaseMs: LEASE_MS,
      });
      await until('the job to run again', () => ran.length > 0, 60_000);
      await worker.stop();
      assert.deepEqual(ran, [2], 'once, as its second attempt');
    });

    it('runs finished jobs again when asked (a crash between the work and its record)', async () => {
      await enqueue(store.db, 'contract.again', { n: 500 });
      const seen: number[] = [];
      const again: JobHandler<'contract.again'> = (job) => {
        seen.push(job.payload.n);
        return Promise.resolve('done');
      };
      const worker = startWorker(store.db, { handlers: { 'contract.again': again } }, false);
      await worker.drain();
      assert.equal(await rerunJobs(store.db, { name: 'contract.again' }), 1);
      await worker.drain();
      assert.deepEqual(seen, [500, 500]);
      assert.deepEqual(
        (await listJobs(store.db, { name: 'contract.again' })).map((j) => j.state),
        ['done'],
      );
    });

    // Last: a schedule keeps sending. pg-boss's cron sends the job by the wall clock of a time zone; the table
    // has no cron and says so (its callers send each run as a delayed job).
    it(queue === 'pg-boss' ? 'sends a job by its cron' : 'has no cron', async () => {
      const cron = queue === 'pg-boss';
      assert.equal(queueHasCron(store.db), cron);
      assert.equal(await scheduleJob(store.db, 'contract.echo', '* * * * *', 'Europe/Berlin', { n: 700 }), cron);
      assert.deepEqual(
        await listSchedules(store.db),
        cron ? [{ name: 'contract.echo', cron: '* * * * *', timeZone: 'Europe/Berlin', payload: { n: 700 } }] : [],
      );
      if (!cron) return;
      const seen: number[] = [];
      const worker = startWorker(store.db, { handlers: { 'contract.echo': echo(seen) }, pollMs: 100 });
      await until('the cron to send the job', () => seen.includes(700));
      await worker.stop();
    });
  });
}

for (const dialect of DIALECTS.filter((d) => d.name === 'postgres')) {
  describe('a PostgreSQL site moving from the built-in table to pg-boss', () => {
    it('keeps its waiting jobs and the keys of the jobs that ran', async () => {
      const testDb = await dialect.create();
      const base = {
        databaseUrl: testDb.databaseUrl,
        dataDir: testDb.dataDir,
        ...(testDb.pgSchema ? { pgSchema: testDb.pgSchema } : {}),
        migrations: [
          { name: 'jobs', up: createJobsTable },
          { name: 'job keys', up: createJobKeysTable },
        ],
      };
      try {
        const table = await openStore({ ...base, queue: 'table' });
        await enqueue(table.db, 'contract.echo', { n: 1 }, { idempotencyKey: 'ran' });
        await startWorker(table.db, { handlers: { 'contract.echo': echo([]) } }, false).drain();
        const inAnHour = new Date(Date.now() + 3_600_000);
        await enqueue(table.db, 'contract.echo', { n: 2 }, { idempotencyKey: 'waits', runAt: inAnHour });
        await enqueue(table.db, 'contract.echo', { n: 3 });
        await table.close();

        const logs: string[] = [];
        const boss = await openStore({ ...base, log: (m) => logs.push(m) });
        try {
          assert.deepEqual(logs, ['jobs: moved 2 waiting jobs from the built-in table to pg-boss']);
          const moved = (await listJobs(boss.db)).map((j) => ({
            n: (j.payload as { n: number }).n,
            key: j.idempotencyKey,
            state: j.state,
            runAt: j.runAt.getTime(),
          }));
          assert.deepEqual(
            moved.sort((a, b) => a.n - b.n).map(({ n, key, state }) => ({ n, key, state })),
            [
              { n: 2, key: 'waits', state: 'queued' },
              { n: 3, key: null, state: 'queued' },
            ],
          );
          assert.equal(moved[0]?.runAt, inAnHour.getTime(), 'a delayed job keeps its time');
          assert.equal(await enqueue(boss.db, 'contract.echo', { n: 1 }, { idempotencyKey: 'ran' }), false);
          assert.equal(await enqueue(boss.db, 'contract.echo', { n: 2 }, { idempotencyKey: 'waits' }), false);
          const seen: number[] = [];
          await startWorker(boss.db, { handlers: { 'contract.echo': echo(seen) } }, false).drain();
          assert.deepEqual(seen, [3]);
        } finally {
          await boss.close();
        }
        // Opened again, nothing is left to move.
        const again = await openStore({ ...base, log: (m) => logs.push(m) });
        await again.close();
        assert.equal(logs.length, 1);
      } finally {
        await testDb.cleanup();
      }
    });
  });
}
