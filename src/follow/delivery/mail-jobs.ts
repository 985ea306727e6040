// Mail send jobs: the confirmation of a new address, one mail per article or substantive correction (instant)
// and the daily digest.
// Each outbox row turns 'sent' right after the SMTP server accepted its mail, so a crash re-sends at most the
// few mails in flight, with the same Message-ID. A temporary refusal (4xx, no connection) leaves the row
// pending and fails the job, whose retry with backoff sends only what is still pending; a 5xx fails the row.
import type { FollowApp } from '../context.ts';
import { type Article, getArticleById, siteName } from '../../article/index.ts';
import type { Job, JobHandler, JobName } from '../../store/jobs.ts';
import { articleMail, confirmMail, correctionMail, digestMail, type DigestEntry } from './mail-content.ts';
import type { MailResult } from '../../mail.ts';
import { dropBatch, mailSubscriptionById, type MailSubscription } from './store.ts';
import { berlinDate } from './digest-time.ts';

export function confirmJob(app: FollowApp): JobHandler<'follow.mail-confirm'> {
  return async (job) => {
    const mailer = app.delivery.mailer;
    const sub = await mailSubscriptionById(app.db, job.payload.subscriptionId);
    if (!mailer || sub?.state !== 'pending' || sub.address !== job.payload.address) return 'done';
    const result = await mailer.send(confirmMail(app, await siteName(app.db, app.config.siteName), sub));
    if (result.kind === 'transient') throw new Error(`mail: confirmation to subscription ${sub.id}: ${result.reason}`);
    if (result.kind === 'permanent')
      app.log(`follow: confirmation mail for subscription ${sub.id} refused: ${result.reason}`);
    return 'done';
  };
}

interface Recipient {
  followerId: string;
  sub: MailSubscription;
}

export function instantMailJob(app: FollowApp): JobHandler<'follow.mail'> {
  return async (job, signal) => {
    const { articleId, batch, correctionId } = job.payload;
    const article = await getArticleById(app.db, articleId);
    if (article?.status !== 'published') {
      await dropBatch(app.db, batch, 'article not published');
      return 'done';
    }
    const correction = correctionId === undefined ? undefined : article.corrections.find((c) => c.id === correctionId);
    if (correctionId !== undefined && !correction) {
      await dropBatch(app.db, batch, 'correction gone');
      return 'done';
    }
    const recipients = await pendingRecipients(app, { batch });
    const site = await siteName(app.db, app.config.siteName);
    return sendAll(app, job, signal, recipients, async (r) => ({
      rows: [{ article_id: articleId, notice: correctionId ?? '' }],
      result: await app.delivery.mailer!.send(
        correction ? correctionMail(app, site, r.sub, article, correction) : articleMail(app, site, r.sub, article),
      ),
    }));
  };
}

export function digestJob(app: FollowApp): JobHandler<'follow.digest'> {
  return async (job, signal) => {
    // Every reader with a digest row due, not only this date's: a row written just after an earlier digest
    // ran (a fan-out crossing 07:00) goes out now instead of waiting for that reader's next article.
    const recipients = await pendingRecipients(app, { digestDueBy: new Date().toISOString() });
    const date = job.payload.date ?? berlinDate(new Date());
    const site = await siteName(app.db, app.config.siteName);
    return sendAll(app, job, signal, recipients, async (r) => {
      // Everything due for this reader, including what an earlier failed digest left.
      const rows = await app.db
        .selectFrom('deliveries')
        .select(['article_id', 'notice'])
        .where('follower_id', '=', r.followerId)
        .where('channel', '=', 'mail')
        .where('state', '=', 'pending')
        .where('batch', 'like', 'digest:%')
        .where('due_at', '<=', new Date().toISOString())
        .execute();
      const entries: DigestEntry[] = [];
      for (const row of rows) {
        const article: Article | undefined = await getArticleById(app.db, row.article_id);
        if (article?.status !== 'published') continue;
        const correction = row.notice ? article.corrections.find((c) => c.id === row.notice) : undefined;
        if (row.notice && !correction) continue;
        entries.push(correction ? { article, correction } : { article });
      }
      if (entries.length === 0) return { rows, result: { kind: 'permanent', reason: 'no published article left' } };
      entries.sort(
        (x, y) =>
          y.article.published.instant.getTime() - x.article.published.instant.getTime() ||
          y.article.createdAt.getTime() - x.article.createdAt.getTime(),
      );
      return {
        rows,
        result: await app.delivery.mailer!.send(digestMail(app, site, r.sub, entries, date)),
      };
    });
  };
}

/** Pending mail rows (of a batch, or digest rows due) whose reader still has a confirmed address; the others are dropped. */
async function pendingRecipients(
  app: FollowApp,
  which: { batch: string } | { digestDueBy: string },
): Promise<Recipient[]> {
  const rows = await app.db
    .selectFrom('deliveries as d')
    .leftJoin('mail_subscriptions as m', 'm.follower_id', 'd.follower_id')
    .selectAll('m')
    .select(['d.follower_id as reader', 'd.article_id', 'd.notice'])
    .where((eb) =>
      'batch' in which
        ? eb('d.batch', '=', which.batch)
        : eb.and([eb('d.batch', 'like', 'digest:%'), eb('d.due_at', '<=', which.digestDueBy)]),
    )
    .where('d.channel', '=', 'mail')
    .where('d.state', '=', 'pending')
    .orderBy('d.follower_id')
    .execute();
  const gone = rows.filter((r) => r.state !== 'confirmed');
  for (const r of gone) {
    await app.db
      .updateTable('deliveries')
      .set({ state: 'dropped', last_error: 'no confirmed address' })
      .where('article_id', '=', r.article_id)
      .where('notice', '=', r.notice)
      .where('channel', '=', 'mail')
      .where('follower_id', '=', r.reader)
      .execute();
  }
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (r.state !== 'confirmed' || seen.has(r.reader)) return [];
    seen.add(r.reader);
    return [
      {
        followerId: r.reader,
        sub: {
          id: r.id!,
          follower_id: r.reader,
          address: r.address!,
          state: r.state,
          frequency: r.frequency!,
          locale: r.locale!,
          created_at: r.created_at!,
          confirmed_at: r.confirmed_at,
        },
      },
    ];
  });
}

/** The outbox rows (of the reader, on the mail channel) that a mail tells. */
type Told = { article_id: string; notice: string }[];

type Send = (r: Recipient) => Promise<{ rows: Told; result: MailResult }>;

async function sendAll<N extends JobName>(
  app: FollowApp,
  job: Job<N>,
  signal: AbortSignal,
  recipients: Recipient[],
  send: Send,
): Promise<'done' | { retryInMs: number }> {
  const runtime = app.delivery;
  if (!runtime.mailer) {
    if (recipients.length) app.log('follow: mail deliveries wait: no SMTP server configured (BLATTWERK_SMTP_URL)');
    return recipients.length ? { retryInMs: 3600_000 } : 'done';
  }
  let next = 0;
  let transient = 0;
  let lastReason = '';
  const lane = async () => {
    while (next < recipients.length && !signal.aborted) {
      const r = recipients[next++]!;
      const { rows, result } = await send(r);
      if (rows.length === 0) continue;
      const update = app.db
        .updateTable('deliveries')
        .where('follower_id', '=', r.followerId)
        .where('channel', '=', 'mail')
        .where((eb) =>
          eb.or(rows.map((row) => eb.and([eb('article_id', '=', row.article_id), eb('notice', '=', row.notice)]))),
        )
        .where('state', '=', 'pending');
      if (result.kind === 'sent')
        await update.set({ state: 'sent', sent_at: new Date().toISOString(), last_error: null }).execute();
      else if (result.kind === 'permanent') await update.set({ state: 'failed', last_error: result.reason }).execute();
      else {
        transient++;
        lastReason = result.reason;
        const last = job.attempts >= job.maxAttempts;
        await update
          .set(last ? { state: 'failed', last_error: result.reason } : { last_error: result.reason })
          .execute();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(runtime.mailConcurrency, recipients.length) }, lane));
  if (signal.aborted) return { retryInMs: 1000 };
  if (transient > 0 && job.attempts < job.maxAttempts)
    throw new Error(`mail: ${transient} of ${recipients.length} mails will be tried again (${lastReason})`);
  return 'done';
}
