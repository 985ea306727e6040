// From "an article was published" to outbox rows and send jobs. One fan-out job per article (its idempotency
// key); it walks the article's followers in batches, and for each batch writes the outbox rows of every channel
// together with the send jobs that own them, in one transaction, then moves its cursor. A fan-out that dies
// resumes after the last committed batch; a batch committed twice is impossible, and rows that already exist
// are left alone, so nobody is queued twice. A substantive correction is a notice of its own (its id in the
// outbox key, its own fan-out key), walked the same way to the followers of the same items.
import { randomUUID } from 'node:crypto';
import type { FollowApp } from '../context.ts';
import { type Article, type Correction, getArticleById, type PublicationDate } from '../../article/index.ts';
import { enqueue, queueHasCron, wakeWorkers, type JobHandler } from '../../store/jobs.ts';
import { articleItems, followersOfItems } from '../items.ts';
import { nextDigest } from './digest-time.ts';
import { addDeliveries, finishFanout, moveFanoutCursor, startFanout } from './store.ts';

declare module '../../store/jobs.ts' {
  interface JobPayloads {
    'follow.fanout': { articleId: string; correctionId?: string };
    'follow.push': { articleId: string; batch: string; correctionId?: string };
    'follow.mail': { articleId: string; batch: string; correctionId?: string };
    /** The Berlin date it goes out on; pg-boss's cron sends none, and the handler takes today's. */
    'follow.digest': { date?: string };
    'follow.mail-confirm': { subscriptionId: string; address: string };
  }
}

/** Articles whose publication period ended longer ago than this are archive imports, not news. */
const NEWS_WINDOW_MS = 2 * 24 * 3600_000;

/**
 * Called by the follow feature's article event handler. A published article that is news gets one fan-out,
 * ever: saving it again (an edit, the same import twice) finds the key taken. A draft published later gets it then.
 */
export async function queueFanout(app: FollowApp, article: Article, now = new Date()): Promise<void> {
  if (article.status !== 'published') return;
  if (periodEnd(article.published).getTime() < now.getTime() - NEWS_WINDOW_MS) return;
  await enqueue(app.db, 'follow.fanout', { articleId: article.id }, { idempotencyKey: `follow.fanout:${article.id}` });
}

/** Only a correction that says "we got this wrong" and that the editor marked substantive is told again. */
export function isToldCorrection(c: Correction): boolean {
  return c.kind === 'correction' && c.substantive;
}

/**
 * Called on `article.corrected`: one fan-out per substantive correction, ever (its key names the correction), so
 * a rerun of the event, or the next correction's event, queues nothing twice. Notes older than the news window
 * (made before this was built, say) stay quiet.
 */
export async function queueCorrectionFanouts(app: FollowApp, article: Article, now = new Date()): Promise<void> {
  if (article.status !== 'published') return;
  for (const c of article.corrections) {
    if (!isToldCorrection(c) || c.at.getTime() < now.getTime() - NEWS_WINDOW_MS) continue;
    await enqueue(
      app.db,
      'follow.fanout',
      { articleId: article.id, correctionId: c.id },
      { idempotencyKey: `follow.fanout:${article.id}:${c.id}` },
    );
  }
}

/** "2025-03" ends with March; a day with its day; a timestamp is its own end. */
function periodEnd(p: PublicationDate): Date {
  const end = new Date(p.instant);
  if (p.precision === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  if (p.precision === 'day') end.setUTCDate(end.getUTCDate() + 1);
  return end;
}

export function fanoutJob(app: FollowApp): JobHandler<'follow.fanout'> {
  return async (job, signal) => {
    const { articleId, correctionId } = job.payload;
    const article = await getArticleById(app.db, articleId);
    if (article?.status !== 'published') return 'done';
    if (correctionId !== undefined) {
      const c = article.corrections.find((x) => x.id === correctionId);
      if (!c || !isToldCorrection(c)) return 'done';
    }
    const notice = { articleId, notice: correctionId ?? '' };
    const told = correctionId === undefined ? {} : { correctionId };
    const items = await articleItems(app.db, articleId);
    const state = await startFanout(app.db, notice);
    if (state.finished) return 'done';
    const digest = nextDigest(new Date());
    for await (const followers of followersOfItems(app.db, items, {
      batchSize: app.delivery.fanoutBatch,
      ...(state.after ? { after: state.after } : {}),
    })) {
      await app.db.transaction().execute(async (tx) => {
        const now = new Date();
        const pushBatch = randomUUID();
        if ((await addDeliveries(tx, notice, followers, { channel: 'push' }, pushBatch, now)) > 0) {
          await enqueue(
            tx,
            'follow.push',
            { articleId, batch: pushBatch, ...told },
            { idempotencyKey: `follow.push:${pushBatch}` },
          );
        }
        const mailBatch = randomUUID();
        if (
          (await addDeliveries(tx, notice, followers, { channel: 'mail', frequency: 'instant' }, mailBatch, now)) > 0
        ) {
          await enqueue(
            tx,
            'follow.mail',
            { articleId, batch: mailBatch, ...told },
            { idempotencyKey: `follow.mail:${mailBatch}` },
          );
        }
        if (
          (await addDeliveries(
            tx,
            notice,
            followers,
            { channel: 'mail', frequency: 'daily' },
            `digest:${digest.date}`,
            digest.at,
          )) > 0 &&
          // pg-boss's cron sends the digest every day (scheduleDigest); the table queue gets one per day it is due.
          !queueHasCron(tx)
        ) {
          await enqueue(
            tx,
            'follow.digest',
            { date: digest.date },
            { idempotencyKey: `follow.digest:${digest.date}`, runAt: digest.at },
          );
        }
        await moveFanoutCursor(tx, notice, followers.at(-1)!, followers.length);
      });
      wakeWorkers();
      // Stopping between batches loses nothing: the cursor says where to go on.
      if (signal.aborted) return { retryInMs: 1000 };
    }
    await finishFanout(app.db, notice);
    return 'done';
  };
}
