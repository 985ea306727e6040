// The job queue: jobs live in the database, survive restarts, retry with backoff and are claimed with a lease,
// so a worker that dies mid-job leaves it to be picked up again when the lease runs out.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Database, JobsTable } from './schema.ts';

/** Features add their job names and payloads here (declaration merging), so enqueue and handlers are typed. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}
export type JobName = Extract<keyof JobPayloads, string>;

export interface Job<N extends JobName = JobName> {
  id: string;
  name: N;
  payload: JobPayloads[N];
  attempts: number;
  maxAttempts: number;
}

/** What a handler says: done, or try again later without counting it as a failure. */
export type JobOutcome = 'done' | { retryInMs: number };
export type JobHandler<N extends JobName> = (job: Job<N>, signal: AbortSignal) => Promise<JobOutcome>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

const wake = new EventEmitter();

export interface EnqueueOptions {
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Adds a job; with an idempotency key already used, adds nothing and returns false. Inside a transaction the
 * job is not runnable before the commit, so the caller wakes the workers after it (`wakeWorkers`).
 */
export async function enqueue<N extends JobName>(
  db: Kysely<Database>,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      name,
      payload: JSON.stringify(payload),
      idempotency_key: options.idempotencyKey ?? null,
      state: 'queued',
      attempts: 0,
      max_attempts: options.maxAttempts ?? 8,
      run_at: (options.runAt ?? new Date()).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  const added = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  if (added && !db.isTransaction) wakeWorkers();
  return added;
}

/** Tells this process's workers that jobs are waiting; called after a commit that enqueued some. */
export function wakeWorkers(): void {
  wake.emit('job');
}

/** 5 s, 20 s, 80 s … capped at an hour, with jitter so failed jobs do not return in lockstep. */
export function backoffMs(attempts: number): number {
  const base = Math.min(3_600_000, 5_000 * 4 ** (attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Finished jobs are kept a while for inspection, then removed, so the table does not grow forever. */
export async function purgeFinishedJobs(db: Kysely<Database>, keepDays = 30, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
  const result = await db
    .deleteFrom('jobs')
    .where('state', 'in', ['done', 'failed'])
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface WorkerOptions {
  handlers: JobHandlers;
  concurrency?: number;
  /**
   * Jobs that get one more slot of their own besides `concurrency`: short ones a reader waits for (an article
   * event makes a publication findable), which must not queue behind long ones (synthesising audio) holding
   * every slot.
   */
  express?: readonly JobName[];
  /** How long a claimed job stays ours without a heartbeat. */
  leaseMs?: number;
  pollMs?: number;
  log?: (message: string) => void;
}

export interface Worker {
  /** Runs jobs until none is runnable now; for tests and the CLI. */
  drain(): Promise<void>;
  /** Stops claiming, lets running jobs finish (or aborts them after graceMs). */
  stop(graceMs?: number): Promise<void>;
}

export function startWorker(db: Kysely<Database>, options: WorkerOptions, run = true): Worker {
  const id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? 2;
  const leaseMs = options.leaseMs ?? 60_000;
  const log = options.log ?? (() => {});
  const names = Object.keys(options.handlers);
  const running = new Set<Promise<void>>();
  // A job this worker is still running is never claimed again by it, even if a blocked event loop let the lease lapse.
  const runningIds = new Set<string>();
  const abort = new AbortController();
  let stopped = !run;
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> = Promise.resolve();

  const express = (options.express ?? []).filter((n) => names.includes(n));
  let inExpressSlot = 0;

  async function claim(only: readonly string[] = names): Promise<Selectable | undefined> {
    if (only.length === 0) return undefined;
    const now = new Date().toISOString();
    const candidate = await db
      .selectFrom('jobs')
      .select('id')
      .where('name', 'in', only)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .$if(runningIds.size > 0, (q) => q.where('id', 'not in', [...runningIds]))
      .orderBy('run_at')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return undefined;
    // Optimistic claim: only one worker's update matches the state it saw.
    const claimed = await db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: id,
        locked_until: new Date(Date.now() + leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', candidate.id)
      .where((eb) =>
        eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)])]),
      )
      .returningAll()
      .executeTakeFirst();
    return claimed;
  }

  async function execute(row: Selectable): Promise<void> {
    // The row's name picks its handler; the payload was written by enqueue for that same name.
    const handler = options.handlers[row.name as JobName] as JobHandler<JobName> | undefined;
    const heartbeat = setInterval(() => {
      void db
        .updateTable('jobs')
        .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
        .where('id', '=', row.id)
        .where('locked_by', '=', id)
        .execute()
        .catch(() => {});
    }, leaseMs / 3);
    try {
      if (!handler) throw new Error(`no handler for job "${row.name}"`);
      const job: Job = {
        id: row.id,
        name: row.name as JobName,
        payload: JSON.parse(row.payload) as JobPayloads[JobName],
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
      };
      const outcome = await handler(job, abort.signal);
      if (outcome === 'done') {
        await finish(row.id, { state: 'done', finished_at: new Date().toISOString(), last_error: null });
      } else {
        await finish(row.id, {
          state: 'queued',
          run_at: new Date(Date.now() + outcome.retryInMs).toISOString(),
          attempts: row.attempts - 1,
        });
      }
    } catch (err) {
      const reason = (err as Error).message;
      const last = row.attempts >= row.max_attempts;
      log(
        `jobs: ${row.name} ${row.id} attempt ${row.attempts}/${row.max_attempts} failed: ${reason}${last ? ' (giving up)' : ''}`,
      );
      await finish(
        row.id,
        last
          ? { state: 'failed', last_error: reason, finished_at: new Date().toISOString() }
          : {
              state: 'queued',
              last_error: reason,
              run_at: new Date(Date.now() + backoffMs(row.attempts)).toISOString(),
            },
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Records the outcome. If the database is away, the lease runs out and the job is run again later. */
  async function finish(jobId: string, set: Partial<JobsTable>): Promise<void> {
    try {
      await db
        .updateTable('jobs')
        .set({ ...set, locked_by: null, locked_until: null })
        .where('id', '=', jobId)
        .where('locked_by', '=', id)
        .execute();
    } catch (err) {
      log(`jobs: cannot record the outcome of ${jobId}: ${(err as Error).message}`);
    }
  }

  let purgedAt = 0;

  let inFlight: Promise<number> | undefined;
  let again = false;

  /**
   * Fills free slots with runnable jobs; returns how many it started. One fill at a time: a wake or drain while a
   * fill awaits its claim joins it (and asks for one more round) instead of claiming beside it past the limit.
   */
  function fill(): Promise<number> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      let started = 0;
      do {
        again = false;
        started += await fillOnce();
      } while (again && !abort.signal.aborted);
      return started;
    })().finally(() => (inFlight = undefined));
    return inFlight;
  }

  async function fillOnce(): Promise<number> {
    let started = 0;
    if (Date.now() - purgedAt > 3_600_000) {
      purgedAt = Date.now();
      await purgeFinishedJobs(db);
    }
    while (!abort.signal.aborted) {
      const general = running.size - inExpressSlot < concurrency;
      if (!general && inExpressSlot > 0) break;
      const row = await claim(general ? names : express);
      if (!row) break;
      const extra = running.size - inExpressSlot >= concurrency;
      if (extra) inExpressSlot++;
      runningIds.add(row.id);
      const p: Promise<void> = execute(row).finally(() => {
        running.delete(p);
        runningIds.delete(row.id);
        if (extra) inExpressSlot--;
        if (!stopped) schedule(0);
      });
      running.add(p);
      started++;
    }
    return started;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      filling = fill()
        .then(
          () => undefined,
          (err: unknown) => log(`jobs: cannot claim: ${(err as Error).message}`),
        )
        .finally(() => schedule(options.pollMs ?? 1000));
    }, ms);
  }

  const onWake = () => schedule(0);
  if (run) {
    wake.on('job', onWake);
    schedule(0);
  }

  return {
    async drain() {
      for (;;) {
        await fill();
        if (running.size === 0) return;
        await Promise.race(running);
      }
    },
    async stop(graceMs = 10_000) {
      stopped = true;
      clearTimeout(timer);
      wake.off('job', onWake);
      const grace = setTimeout(() => abort.abort(new Error('worker stopping')), graceMs);
      await filling;
      await Promise.allSettled(running);
      clearTimeout(grace);
    },
  };
}

type Selectable = { [K in keyof JobsTable]: JobsTable[K] };
