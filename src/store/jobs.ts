// The job queue: jobs live in the database, survive restarts, retry with backoff and are claimed with a lease,
// so a worker that dies mid-job leaves it to be picked up again when the lease runs out. Two queues keep that
// contract (src/store/queue.contract.test.ts): the built-in table (`queue-table.ts`, SQLite's) and pg-boss
// (`queue-pgboss.ts`, PostgreSQL's by default). Features only see enqueue, startWorker and the types here.
import { EventEmitter } from 'node:events';
import type { DialectAdapter, Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { tableQueue } from './queue-table.ts';

export { backoffMs, purgeFinishedJobs } from './queue-table.ts';

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

export interface EnqueueOptions {
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** A job as the queue holds it, for tests, the CLI and benchmarks; the same words on both queues. */
export interface JobRecord {
  id: string;
  name: string;
  payload: unknown;
  idempotencyKey: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  runAt: Date;
  lastError: string | null;
}

/** A job a worker holds: what its handler gets, plus what its queue needs to settle it. */
export interface ClaimedJob extends Job {
  /** The queue's own handle (pg-boss needs the queue name back; the table its worker id). */
  lease: unknown;
}

/** One worker's view of a queue: claim, keep, settle. The loop around it (slots, express, drain) is shared. */
export interface QueueWorker {
  claim(names: readonly string[], running: ReadonlySet<string>): Promise<ClaimedJob | undefined>;
  heartbeat(job: ClaimedJob): Promise<void>;
  heartbeatMs: number;
  done(job: ClaimedJob): Promise<void>;
  later(job: ClaimedJob, ms: number): Promise<void>;
  failed(job: ClaimedJob, reason: string, last: boolean): Promise<void>;
  /** Occasional housekeeping (the table queue removes old finished jobs; pg-boss does its own). */
  tidy(): Promise<void>;
}

export interface Queue {
  readonly kind: 'table' | 'pg-boss';
  /** Adds a job through `db`, which may be the caller's transaction; false if its idempotency key was used. */
  enqueue(db: Kysely<Database>, name: JobName, payload: unknown, options: EnqueueOptions): Promise<boolean>;
  worker(db: Kysely<Database>, names: readonly string[], leaseMs: number, id: string): Promise<QueueWorker>;
  list(db: Kysely<Database>, filter: JobFilter): Promise<JobRecord[]>;
  /** Makes waiting jobs runnable now (tests and the CLI skip a backoff or a schedule). */
  makeDue(db: Kysely<Database>, filter: Pick<JobFilter, 'name'>): Promise<number>;
  /** Makes finished jobs runnable again, as if their worker had died before recording the outcome. */
  rerun(db: Kysely<Database>, filter: Pick<JobFilter, 'name'>): Promise<number>;
  /** Sends a job on a cron expression in a time zone; absent where the queue has no cron (the table). */
  schedule?(name: JobName, cron: string, timeZone: string, payload: unknown): Promise<void>;
  schedules(): Promise<JobSchedule[]>;
  close(): Promise<void>;
}

/** A job the queue's cron sends. */
export interface JobSchedule {
  name: string;
  cron: string;
  timeZone: string;
  payload: unknown;
}

export interface JobFilter {
  name?: string;
  /** Several states are read in one query, so a job moving between them (a lease ending) is seen once. */
  state?: JobRecord['state'] | JobRecord['state'][];
}

// Keyed by the dialect adapter, which a Kysely instance shares with every transaction opened from it: a feature
// passing its transaction reaches the same queue as one passing the database.
const queues = new WeakMap<DialectAdapter, Queue>();
const adapterOf = (db: Kysely<Database>) => db.getExecutor().adapter;

/** The store attaches the queue it chose (pg-boss on PostgreSQL unless told otherwise) to its database. */
export function useQueue(db: Kysely<Database>, queue: Queue): void {
  queues.set(adapterOf(db), queue);
}

/** The database's queue: what the store attached, else the built-in table. */
export function queueOf(db: Kysely<Database>): Queue {
  return queues.get(adapterOf(db)) ?? tableQueue;
}

const wake = new EventEmitter();

/**
 * Adds a job; with an idempotency key already used, adds nothing and returns false. Inside a transaction the
 * job commits (or rolls back) with it and is not runnable before, so the caller wakes the workers after the
 * commit (`wakeWorkers`).
 */
export async function enqueue<N extends JobName>(
  db: Kysely<Database>,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<boolean> {
  const added = await queueOf(db).enqueue(db, name, payload, options);
  if (added && !db.isTransaction) wakeWorkers();
  return added;
}

/** The jobs the database's queue holds, oldest first. */
export function listJobs(db: Kysely<Database>, filter: JobFilter = {}): Promise<JobRecord[]> {
  return queueOf(db).list(db, filter);
}

/** Makes waiting jobs (queued, or waiting for a retry) runnable now. */
export function makeJobsDue(db: Kysely<Database>, filter: Pick<JobFilter, 'name'> = {}): Promise<number> {
  return queueOf(db).makeDue(db, filter);
}

/** Finished jobs run again (tests that handlers may run twice, as after a crash between work and record). */
export function rerunJobs(db: Kysely<Database>, filter: Pick<JobFilter, 'name'> = {}): Promise<number> {
  return queueOf(db).rerun(db, filter);
}

/** Whether the database's queue keeps schedules itself (pg-boss's cron); on the table, callers send each run. */
export function queueHasCron(db: Kysely<Database>): boolean {
  return queueOf(db).schedule !== undefined;
}

/**
 * Has the queue send the job whenever `cron` matches the wall clock of `timeZone` (idempotent: one schedule per
 * job name); false, and nothing done, where the queue has no cron.
 */
export async function scheduleJob<N extends JobName>(
  db: Kysely<Database>,
  name: N,
  cron: string,
  timeZone: string,
  payload: JobPayloads[N],
): Promise<boolean> {
  const queue = queueOf(db);
  if (!queue.schedule) return false;
  await queue.schedule(name, cron, timeZone, payload);
  return true;
}

/** What the database's queue sends by its cron (none on the table). */
export function listSchedules(db: Kysely<Database>): Promise<JobSchedule[]> {
  return queueOf(db).schedules();
}

/** Tells this process's workers that jobs are waiting; called after a commit that enqueued some. */
export function wakeWorkers(): void {
  wake.emit('job');
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
  const id = `worker-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const concurrency = options.concurrency ?? 2;
  const leaseMs = options.leaseMs ?? 60_000;
  const log = options.log ?? (() => {});
  const names = Object.keys(options.handlers);
  const ready = queueOf(db).worker(db, names, leaseMs, id);
  const running = new Set<Promise<void>>();
  // A job this worker is still running is never claimed again by it, even if a blocked event loop let the lease lapse.
  const runningIds = new Set<string>();
  const abort = new AbortController();
  let stopped = !run;
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> = Promise.resolve();

  const express = (options.express ?? []).filter((n) => names.includes(n));
  let inExpressSlot = 0;

  async function execute(queue: QueueWorker, job: ClaimedJob): Promise<void> {
    // The job's name picks its handler; the payload was written by enqueue for that same name.
    const handler = options.handlers[job.name] as JobHandler<JobName> | undefined;
    const heartbeat = setInterval(() => {
      queue.heartbeat(job).catch(() => {});
    }, queue.heartbeatMs);
    try {
      if (!handler) throw new Error(`no handler for job "${job.name}"`);
      const outcome = await handler(job, abort.signal);
      await settle(() => (outcome === 'done' ? queue.done(job) : queue.later(job, outcome.retryInMs)), job);
    } catch (err) {
      const reason = (err as Error).message;
      const last = job.attempts >= job.maxAttempts;
      log(
        `jobs: ${job.name} ${job.id} attempt ${job.attempts}/${job.maxAttempts} failed: ${reason}${last ? ' (giving up)' : ''}`,
      );
      await settle(() => queue.failed(job, reason, last), job);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Records the outcome. If the database is away, the lease runs out and the job is run again later. */
  async function settle(record: () => Promise<void>, job: ClaimedJob): Promise<void> {
    try {
      await record();
    } catch (err) {
      log(`jobs: cannot record the outcome of ${job.id}: ${(err as Error).message}`);
    }
  }

  let tidiedAt = 0;
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
      const queue = await ready;
      let started = 0;
      do {
        again = false;
        started += await fillOnce(queue);
      } while (again && !abort.signal.aborted);
      return started;
    })().finally(() => (inFlight = undefined));
    return inFlight;
  }

  async function fillOnce(queue: QueueWorker): Promise<number> {
    let started = 0;
    if (Date.now() - tidiedAt > 3_600_000) {
      tidiedAt = Date.now();
      await queue.tidy();
    }
    while (!abort.signal.aborted) {
      const general = running.size - inExpressSlot < concurrency;
      if (!general && inExpressSlot > 0) break;
      const job = await queue.claim(general ? names : express, runningIds);
      if (!job) break;
      const extra = running.size - inExpressSlot >= concurrency;
      if (extra) inExpressSlot++;
      runningIds.add(job.id);
      const p: Promise<void> = execute(queue, job).finally(() => {
        running.delete(p);
        runningIds.delete(job.id);
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
