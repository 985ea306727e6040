// PostgreSQL's queue: pg-boss (MIT), a maintained engine with SKIP LOCKED claims, retries with backoff, expiry
// and heartbeats. Its tables live in their own schema, which `start()` creates or migrates. We keep two things
// of ours around it: a job is sent through the caller's own Kysely connection (`fromKysely`), so inside a
// transaction it commits or rolls back with the article event; and idempotency keys are rows of `job_keys` in
// that same transaction, because pg-boss's singleton keys only hold while a job is queued or active, while ours
// must hold after it ran (a scheduled publication, a follower's notification: exactly once).
import { sql, type Kysely } from 'kysely';
import { PgBoss, fromKysely, type JobWithMetadata } from 'pg-boss';
import type { Database } from './schema.ts';
import type { ClaimedJob, JobName, JobPayloads, JobRecord, Queue, QueueWorker } from './jobs.ts';

export interface PgBossQueueOptions {
  connectionString: string;
  /** pg-boss's own schema (`pgBossSchema` in db.ts). */
  schema: string;
  /** How long a job stays claimed without a heartbeat before pg-boss offers it again. */
  leaseMs: number;
  /** How often the cron looks for due schedules (pg-boss's 30 s by default). */
  cronCheckSeconds?: number;
  log: (message: string) => void;
}

/**
 * A job may run for at most an hour (synthesising a long article's audio is the longest); a worker that died is
 * noticed by its missing heartbeat, much sooner. pg-boss refuses heartbeats under 10 s.
 */
const EXPIRE_SECONDS = 3600;
const KEEP_SECONDS = 30 * 86_400;
const DEFAULT_MAX_ATTEMPTS = 8;

const STATES: Record<JobRecord['state'], string[]> = {
  queued: ['created', 'retry'],
  running: ['active'],
  done: ['completed'],
  failed: ['failed', 'cancelled'],
};

export async function startPgBossQueue(options: PgBossQueueOptions): Promise<Queue> {
  const heartbeatSeconds = Math.max(10, Math.ceil(options.leaseMs / 1000));
  // The supervisor fails a job whose heartbeat is older than heartbeatSeconds (and so retries it); it looks a few
  // times per heartbeat period, so a killed worker's job returns within about 1.2 heartbeats.
  const superviseSeconds = Math.max(1, Math.floor(heartbeatSeconds / 5));
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema,
    application_name: 'blattwerk-jobs',
    max: 4,
    // The cron (the daily mail digest): every instance may look, one at a time, and one job goes out per time.
    schedule: true,
    ...(options.cronCheckSeconds
      ? { cronMonitorIntervalSeconds: options.cronCheckSeconds, cronWorkerIntervalSeconds: options.cronCheckSeconds }
      : {}),
    superviseIntervalSeconds: superviseSeconds,
    monitorIntervalSeconds: superviseSeconds,
  });
  boss.on('error', (err: Error) => options.log(`jobs: pg-boss: ${err.message}`));
  boss.on('warning', (warning: { message: string }) => options.log(`jobs: pg-boss: ${warning.message}`));
  await boss.start();
  const jobTable = sql.table(`${options.schema}.job`);
  /** Our jobs (of one name), not pg-boss's own (its cron's forwarding queue). */
  const ours = (name: string | undefined) => (name ? sql`name = ${name}` : sql`not starts_with(name, '__pgboss__')`);

  const created = new Set<string>();
  async function ensureQueue(name: string): Promise<void> {
    if (created.has(name)) return;
    // Idempotent (insert … on conflict do nothing), and outside the caller's transaction: a queue that exists
    // although the job's transaction rolled back is harmless.
    await boss.createQueue(name, { ...jobOptions(DEFAULT_MAX_ATTEMPTS), deleteAfterSeconds: KEEP_SECONDS });
    created.add(name);
  }

  const jobOptions = (maxAttempts: number) => ({
    retryLimit: maxAttempts - 1,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: EXPIRE_SECONDS,
    heartbeatSeconds,
  });

  async function send(
    tx: Kysely<Database>,
    name: string,
    payload: unknown,
    maxAttempts: number,
    runAt?: Date,
    key?: string,
  ): Promise<boolean> {
    const id = await boss.send(name, payload as object, {
      db: fromKysely(tx),
      ...jobOptions(maxAttempts),
      ...(runAt ? { startAfter: runAt } : {}),
      ...(key ? { singletonKey: key } : {}),
    });
    return id !== null;
  }

  return {
    kind: 'pg-boss',

    async enqueue(db, name, payload, options) {
      await ensureQueue(name);
      const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const key = options.idempotencyKey;
      if (key === undefined) return send(db, name, payload, maxAttempts, options.runAt);
      const keyed = async (tx: Kysely<Database>) => {
        const claimed = await tx
          .insertInto('job_keys')
          .values({ key, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
        return send(tx, name, payload, maxAttempts, options.runAt, key);
      };
      return db.isTransaction ? keyed(db) : db.transaction().execute(keyed);
    },

    async worker(db, names) {
      for (const name of names) await ensureQueue(name);
      let next = 0;
      return {
        heartbeatMs: (heartbeatSeconds * 1000) / 3,

        async claim(wanted) {
          // One fetch per queue name, starting at a different one each time so no kind of job starves the others.
          for (let i = 0; i < wanted.length; i++) {
            const name = wanted[(next + i) % wanted.length] as string;
            const [job]: JobWithMetadata<JobPayloads[JobName]>[] = await boss.fetch(name, {
              batchSize: 1,
              includeMetadata: true,
            });
            if (!job) continue;
            next = (next + i + 1) % wanted.length;
            return {
              id: job.id,
              name: name as JobName,
              payload: job.data,
              attempts: job.retryCount + 1,
              maxAttempts: job.retryLimit + 1,
              lease: name,
            };
          }
          return undefined;
        },

        async heartbeat(job) {
          await boss.touch(job.name, job.id);
        },

        async done(job) {
          await boss.complete(job.name, job.id);
        },

        // Not a failure: the job is done and the same work is sent again for later, in one transaction.
        async later(job, ms) {
          await db.transaction().execute(async (tx) => {
            await boss.complete(job.name, job.id, null, { db: fromKysely(tx) });
            await send(tx, job.name, job.payload, job.maxAttempts, new Date(Date.now() + ms));
          });
        },

        // pg-boss retries it after its backoff (5 s, 10 s, 20 s … up to an hour), or keeps it as failed.
        async failed(job: ClaimedJob, reason: string) {
          await boss.fail(job.name, job.id, { message: reason });
        },

        async tidy() {
          const before = new Date(Date.now() - KEEP_SECONDS * 1000).toISOString();
          await db.deleteFrom('job_keys').where('created_at', '<', before).execute();
        },
      } satisfies QueueWorker;
    },

    async list(db, filter) {
      const states = filter.state ? [filter.state].flat().flatMap((s) => STATES[s]) : Object.values(STATES).flat();
      const { rows } = await sql<{
        id: string;
        name: string;
        data: unknown;
        singleton_key: string | null;
        state: string;
        retry_count: number;
        start_after: Date;
        output: { message?: string } | null;
      }>`select id, name, data, singleton_key, state::text as state, retry_count, start_after, output
         from ${jobTable}
         where state::text in (${sql.join(states)}) and ${ours(filter.name)}
         order by created_on, id`.execute(db);
      return rows.map((r): JobRecord => {
        const state = (Object.keys(STATES) as JobRecord['state'][]).find((s) => STATES[s].includes(r.state));
        return {
          id: r.id,
          name: r.name,
          payload: r.data,
          idempotencyKey: r.singleton_key,
          state: state ?? 'failed',
          // pg-boss counts retries (a failed attempt that will be retried is one); a new job has had none.
          attempts: r.state === 'created' && r.retry_count === 0 ? 0 : r.retry_count + 1,
          runAt: new Date(r.start_after),
          lastError: r.state === 'completed' ? null : (r.output?.message ?? null),
        };
      });
    },

    async makeDue(db, filter) {
      const result = await sql`update ${jobTable} set start_after = now()
        where state in ('created', 'retry') and ${ours(filter.name)}`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },

    async rerun(db, filter) {
      const result = await sql`update ${jobTable}
        set state = 'created', start_after = now(), started_on = null, completed_on = null
        where state = 'completed' and ${ours(filter.name)}`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },

    // A missed time (every instance was down) is sent once when one comes back, as a delayed job would run late.
    async schedule(name, cron, timeZone, payload) {
      await ensureQueue(name);
      await boss.schedule(name, cron, payload as object, {
        tz: timeZone,
        missed: 'once',
        ...jobOptions(DEFAULT_MAX_ATTEMPTS),
      });
    },

    async schedules() {
      return (await boss.getSchedules()).map((s) => ({
        name: s.name,
        cron: s.cron,
        timeZone: s.timezone,
        payload: s.data,
      }));
    },

    async close() {
      await boss.stop({ graceful: false, close: true });
    },
  };
}
