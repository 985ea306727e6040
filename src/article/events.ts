// Article events, a transactional outbox: a save that changes an article writes one event row and one job per
// handler that listens to that kind of event, in the save's own transaction. Handlers (audio, recognition,
// fan-out, later search or webhooks) run on the job queue, so a failing one is retried alone with the queue's
// backoff and can neither undo nor misreport the save; a killed process leaves its jobs to be run after restart.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { enqueue, type JobHandler } from '../store/jobs.ts';
import type { Database } from '../store/schema.ts';

/**
 * Published: shown to readers (first time, or again after being withdrawn); changed: any other change (drafts,
 * workflow steps, edits); unpublished: no longer shown (back to draft, or withdrawn); corrected: a correction or
 * update note was added (the newsroom's `substantive` flag is on the note, see `Article.corrections`).
 */
export type ArticleEventType = 'article.published' | 'article.changed' | 'article.unpublished' | 'article.corrected';

export interface ArticleEvent {
  id: string;
  type: ArticleEventType;
  articleId: string;
  /** The version of the article this save made. */
  version: number;
  /** Who saved: `import`, a command, later an editor. */
  by: string;
  at: string;
}

declare module '../store/jobs.ts' {
  interface JobPayloads {
    'article.event': { handler: string; event: ArticleEvent };
  }
}

/**
 * A feature's reaction to article events, keyed by a handler name (`speech.audio`). It may run more than once
 * for one event (a retry, a process killed after the work but before the job was marked done): it must be
 * idempotent, and it reads the article's current state rather than trusting the event to be the latest.
 */
export interface ArticleEventHandler<Context> {
  on: readonly ArticleEventType[];
  handle(context: Context, event: ArticleEvent, signal: AbortSignal): Promise<void>;
}

/** What a save needs to know of the handlers: their names and the events they hear. */
export type ArticleEventListeners = Readonly<Record<string, { on: readonly ArticleEventType[] }>>;

/** Writes the event and its handlers' jobs; `tx` must be the save's transaction. */
export async function recordEvent(
  tx: Kysely<Database>,
  event: Omit<ArticleEvent, 'id'>,
  listeners: ArticleEventListeners,
): Promise<ArticleEvent> {
  const recorded: ArticleEvent = { id: randomUUID(), ...event };
  await tx
    .insertInto('article_events')
    .values({
      id: recorded.id,
      type: recorded.type,
      article_id: recorded.articleId,
      version: recorded.version,
      by: recorded.by,
      at: recorded.at,
    })
    .execute();
  for (const [handler, { on }] of Object.entries(listeners)) {
    if (!on.includes(recorded.type)) continue;
    await enqueue(
      tx,
      'article.event',
      { handler, event: recorded },
      { idempotencyKey: `article.event:${recorded.id}:${handler}` },
    );
  }
  return recorded;
}

/** The one job that runs every handler: the job names the handler, so each retries on its own. */
export function articleEventJob<Context>(
  handlers: Readonly<Record<string, ArticleEventHandler<Context>>>,
  context: Context,
): JobHandler<'article.event'> {
  return async (job, signal) => {
    const handler = handlers[job.payload.handler];
    // An older process beside a newer one may not know a handler: a retry can reach a worker that does.
    if (!handler) throw new Error(`article events: no handler "${job.payload.handler}"`);
    await handler.handle(context, job.payload.event, signal);
    return 'done';
  };
}

export async function listEvents(db: Kysely<Database>, articleId: string): Promise<ArticleEvent[]> {
  const rows = await db
    .selectFrom('article_events')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type as ArticleEventType,
    articleId: r.article_id,
    version: r.version,
    by: r.by,
    at: r.at,
  }));
}
