// Scheduled publishing through the job queue, exactly once. Scheduling commits the article's state and a job for
// that article and time in one transaction (the idempotency key is article and time); the job publishes only
// while the article is still scheduled for that very time, inside a writing transaction, so a second run (a
// second worker, a lease that ran out, a retry) finds it published and does nothing, and a changed schedule
// leaves the old job nothing to do. Jobs live in the database: after a downtime the worker finds them overdue
// and runs them at start; the article still takes the scheduled time as its date (changeState does that).
import type { Kysely } from 'kysely';
import { changeState, listScheduled, EmbargoError, StateError } from '../../article/index.ts';
import { enqueue, type JobHandler } from '../../store/jobs.ts';
import type { Database } from '../../store/schema.ts';
import { recordAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';

declare module '../../store/jobs.ts' {
  interface JobPayloads {
    'workflow.publish': { articleId: string; at: string };
  }
}

/** Who publishes a scheduled article, in the audit log and on the article event. */
export const SCHEDULE_ACTOR = { id: null, label: 'schedule' };

/** Queues the publication; `db` is the schedule's own transaction, so both commit together. */
export async function queuePublish(db: Kysely<Database>, articleId: string, at: Date): Promise<boolean> {
  return enqueue(
    db,
    'workflow.publish',
    { articleId, at: at.toISOString() },
    { runAt: at, idempotencyKey: `workflow.publish:${articleId}:${at.toISOString()}` },
  );
}

export function publishJob(app: NewsroomApp): JobHandler<'workflow.publish'> {
  return async (job) => {
    const at = new Date(job.payload.at);
    try {
      await changeState(
        app.db,
        job.payload.articleId,
        { to: 'published', ifScheduledAt: at },
        {
          by: SCHEDULE_ACTOR.label,
          listeners: app.articleListeners(),
          within: (tx, before) =>
            recordAudit(tx, {
              actor: SCHEDULE_ACTOR,
              action: 'article.publish',
              subject: before.id,
              detail: {
                from: 'scheduled',
                to: 'published',
                scheduledAt: at.toISOString(),
                late: Date.now() - at.getTime() > 60_000,
              },
            }),
        },
      );
    } catch (err) {
      // Overtaken (published by hand, rescheduled, back to draft, deleted): nothing left to do.
      if (err instanceof StateError) return 'done';
      // A clock that runs early: try again when the embargo has passed.
      if (err instanceof EmbargoError) return { retryInMs: Math.max(1000, err.until.getTime() - Date.now()) };
      throw err;
    }
    return 'done';
  };
}

/**
 * At start: every scheduled article has its job (the same key finds the one it has). The queue already keeps
 * jobs across restarts; this covers a job removed by hand or a database restored without its jobs.
 */
export async function queueScheduled(db: Kysely<Database>): Promise<number> {
  let added = 0;
  for (const s of await listScheduled(db)) if (await queuePublish(db, s.id, s.scheduledAt)) added++;
  return added;
}
