// The built-in queue: a `jobs` table on either dialect, the embedded default. A job is claimed optimistically
// (only one worker's update matches the state it saw) with a lease that its worker's heartbeat extends.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, JobsTable } from './schema.ts';
import type { ClaimedJob, JobName, JobPayloads, JobRecord, Queue, QueueWorker } from './jobs.ts';

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

export const tableQueue: Queue = {
  kind: 'table',

  async enqueue(db, name, payload, options) {
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
        created_at: new Date().toISOString(),
        finished_at: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  worker(db, _names, leaseMs, id) {
    return Promise.resolve(tableWorker(db, leaseMs, id));
  },

  async list(db, filter) {
    const rows = await db
      .selectFrom('jobs')
      .selectAll()
      .$if(filter.name !== undefined, (q) => q.where('name', '=', filter.name ?? ''))
      .$if(filter.state !== undefined, (q) => q.where('state', 'in', [filter.state ?? []].flat()))
      .orderBy('created_at')
      .execute();
    return rows.map((r): JobRecord => ({
      id: r.id,
      name: r.name,
      payload: JSON.parse(r.payload),
      idempotencyKey: r.idempotency_key,
      state: r.state,
      attempts: r.attempts,
      runAt: new Date(r.run_at),
      lastError: r.last_error,
    }));
  },

  async makeDue(db, filter) {
    const result = await db
      .updateTable('jobs')
      .set({ run_at: new Date().toISOString() })
      .where('state', '=', 'queued')
      .$if(filter.name !== undefined, (q) => q.where('name', '=', filter.name ?? ''))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async rerun(db, filter) {
    const result = await db
      .updateTable('jobs')
      .set({ state: 'queued', run_at: new Date().toISOString(), finished_at: null })
      .where('state', '=', 'done')
      .$if(filter.name !== undefined, (q) => q.where('name', '=', filter.name ?? ''))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  schedules: () => Promise.resolve([]),

  close: () => Promise.resolve(),
};

/**
 * A site that ran on the built-in table and now runs on pg-boss (its default on PostgreSQL) keeps its work: each
 * waiting job moves to pg-boss in one transaction with its removal (so two processes starting at once move it
 * once), and the keys of jobs that ran move to `job_keys`, so that work is not done again.
 */
export async function moveTableJobs(db: Kysely<Database>, to: Queue): Promise<number> {
  const waiting = await db.selectFrom('jobs').select('id').where('state', 'in', ['queued', 'running']).execute();
  let moved = 0;
  for (const { id } of waiting) {
    await db.transaction().execute(async (tx) => {
      const row = await tx.deleteFrom('jobs').where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) return;
      await to.enqueue(tx, row.name as JobName, JSON.parse(row.payload), {
        ...(row.idempotency_key === null ? {} : { idempotencyKey: row.idempotency_key }),
        runAt: new Date(row.run_at),
        maxAttempts: Math.max(1, row.max_attempts - row.attempts),
      });
      moved++;
    });
  }
  await db
    .insertInto('job_keys')
    .columns(['key', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('jobs')
        .select(['idempotency_key as key', 'created_at'])
        .where('idempotency_key', 'is not', null)
        .$narrowType<{ key: string }>(),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  await db.deleteFrom('jobs').where('state', 'in', ['done', 'failed']).execute();
  return moved;
}

type Row = { [K in keyof JobsTable]: JobsTable[K] };

function tableWorker(db: Kysely<Database>, leaseMs: number, id: string): QueueWorker {
  /** Records an outcome, if the job is still ours (a lapsed lease may have handed it to another worker). */
  async function finish(job: ClaimedJob, set: Partial<JobsTable>): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ ...set, locked_by: null, locked_until: null })
      .where('id', '=', job.id)
      .where('locked_by', '=', id)
      .execute();
  }

  return {
    heartbeatMs: leaseMs / 3,

    async claim(names, running) {
      if (names.length === 0) return undefined;
      const now = new Date().toISOString();
      const candidate = await db
        .selectFrom('jobs')
        .select('id')
        .where('name', 'in', names)
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
            eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
          ]),
        )
        .$if(running.size > 0, (q) => q.where('id', 'not in', [...running]))
        .orderBy('run_at')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      const row: Row | undefined = await db
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
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name as JobName,
        payload: JSON.parse(row.payload) as JobPayloads[JobName],
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        lease: id,
      };
    },

    async heartbeat(job) {
      await db
        .updateTable('jobs')
        .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
        .where('id', '=', job.id)
        .where('locked_by', '=', id)
        .execute();
    },

    done: (job) => finish(job, { state: 'done', finished_at: new Date().toISOString(), last_error: null }),

    // Not a failure: the attempt is given back.
    later: (job, ms) =>
      finish(job, {
        state: 'queued',
        run_at: new Date(Date.now() + ms).toISOString(),
        attempts: job.attempts - 1,
      }),

    failed: (job, reason, last) =>
      finish(
        job,
        last
          ? { state: 'failed', last_error: reason, finished_at: new Date().toISOString() }
          : {
              state: 'queued',
              last_error: reason,
              run_at: new Date(Date.now() + backoffMs(job.attempts)).toISOString(),
            },
      ),

    async tidy() {
      await purgeFinishedJobs(db);
    },
  };
}
