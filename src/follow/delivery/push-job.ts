// The push send job: one batch of readers for one article. Every reader's devices get the message at once,
// many readers are in flight together, and outcomes are written back in bulk every few hundred readers.
//
// The guarantee, exactly: a reader's outbox row (reader, article, 'push') is written once by the fan-out and
// turns 'sent' only after their devices answered. A crash before that leaves it 'pending' and the job's retry
// sends again: at least once, never lost. The window for a second send is the readers in flight or answered
// but not yet written (at most the concurrency plus one flush, a fraction of a second). Such a re-send carries
// the same Topic header, so a push service still holding the first message for an offline device replaces it,
// and the same notification tag, so a device that already shows it replaces it silently: the reader sees one.
import type { FollowApp } from '../context.ts';
import { type Article, articlePath, type Correction, getArticleById } from '../../article/index.ts';
import type { Kysely } from 'kysely';
import type { JobHandler } from '../../store/jobs.ts';
import type { Database } from '../../store/schema.ts';
import { localePath } from '../../web/i18n.ts';
import { pushTopic, type PushResult, type PushTarget } from './push-sender.ts';
import { deliveryMessages } from './messages.ts';
import { dropBatch } from './store.ts';

const FLUSH_READERS = 250;
const FLUSH_MS = 200;

/**
 * What the service worker shows: the headline, a line of the lead, and where a click goes: the article's page in
 * its own language (a device's subscription knows none). A correction says so in the article's language and shows
 * what is right now; its own tag, so it does not silently replace the article's notification.
 */
export function pushPayload(app: FollowApp, article: Article, correction?: Correction): string {
  const locale = article.language === 'en' ? 'en' : 'de';
  const url = app.config.baseUrl + localePath(locale, articlePath(article));
  if (correction) {
    const t = deliveryMessages[locale];
    return JSON.stringify({
      title: shorten(t.correctionTitle(article.headline), 200),
      body: shorten(correction.note, 200),
      url,
      tag: `correction-${correction.id}`,
    });
  }
  return JSON.stringify({
    title: shorten(article.headline, 200),
    body: shorten(article.kicker ? `${article.kicker}: ${article.lead}` : article.lead, 200),
    url,
    tag: `article-${article.id}`,
  });
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

interface Device extends PushTarget {
  id: string;
  failures: number;
}

interface Reader {
  followerId: string;
  reachedBefore: boolean;
  devices: Device[];
}

export function pushJob(app: FollowApp): JobHandler<'follow.push'> {
  return async (job, signal) => {
    const { articleId, batch, correctionId } = job.payload;
    const runtime = app.delivery;
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
    const readers = await pendingReaders(app.db, batch);
    const payload = pushPayload(app, article, correction);
    const topic = pushTopic(correctionId === undefined ? articleId : `${articleId}:${correctionId}`);
    const book = new PushBook(app.db, batch);
    let next = 0;
    const lane = async () => {
      while (next < readers.length && !signal.aborted) {
        const reader = readers[next++]!;
        const results = await Promise.all(reader.devices.map((d) => runtime.push.send(d, payload, topic)));
        book.add(reader, results);
      }
    };
    await Promise.all(Array.from({ length: Math.min(runtime.pushConcurrency, readers.length) }, lane));
    await book.close();
    if (signal.aborted) return { retryInMs: 1000 };
    if (book.retrying.length === 0) return 'done';
    if (job.attempts >= job.maxAttempts) {
      await app.db
        .updateTable('deliveries')
        .set({ state: 'failed' })
        .where('batch', '=', batch)
        .where('state', '=', 'pending')
        .execute();
      app.log(`follow: push for article ${articleId}: gave up on ${book.retrying.length} readers (${book.lastReason})`);
      return 'done';
    }
    throw new Error(
      `push: ${book.retrying.length} of ${readers.length} readers will be tried again (${book.lastReason})`,
    );
  };
}

/** The batch's readers still to reach, each with the devices still to try (all, or those a partial failure left). */
async function pendingReaders(db: Kysely<Database>, batch: string): Promise<Reader[]> {
  await db
    .updateTable('deliveries')
    .set({ state: 'dropped', last_error: 'no push device left' })
    .where('batch', '=', batch)
    .where('state', '=', 'pending')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('push_subscriptions')
            .select('push_subscriptions.id')
            .whereRef('push_subscriptions.follower_id', '=', 'deliveries.follower_id'),
        ),
      ),
    )
    .execute();
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('push_subscriptions as s', 's.follower_id', 'd.follower_id')
    .select(['d.follower_id', 'd.retry', 'd.sent_at', 's.id', 's.endpoint', 's.p256dh', 's.auth', 's.failures'])
    .where('d.batch', '=', batch)
    .where('d.state', '=', 'pending')
    .orderBy('d.follower_id')
    .execute();
  const readers = new Map<string, Reader & { only: Set<string> | undefined }>();
  for (const r of rows) {
    let reader = readers.get(r.follower_id);
    if (!reader) {
      reader = {
        followerId: r.follower_id,
        reachedBefore: r.sent_at !== null,
        devices: [],
        only: r.retry ? new Set(JSON.parse(r.retry) as string[]) : undefined,
      };
      readers.set(r.follower_id, reader);
    }
    if (!reader.only || reader.only.has(r.id))
      reader.devices.push({ id: r.id, endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth, failures: r.failures });
  }
  return [...readers.values()].filter((r) => r.devices.length > 0);
}

/** Collects outcomes and writes them in one transaction per few hundred readers. */
class PushBook {
  readonly retrying: string[] = [];
  lastReason = '';
  private readonly db: Kysely<Database>;
  private readonly batch: string;
  private pending: { reader: Reader; results: PushResult[] }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private error: Error | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, batch: string) {
    this.db = db;
    this.batch = batch;
  }

  add(reader: Reader, results: PushResult[]): void {
    this.pending.push({ reader, results });
    if (this.pending.length >= FLUSH_READERS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  async close(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.error) throw this.error;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const outcomes = this.pending;
    this.pending = [];
    if (outcomes.length === 0) return;
    this.chain = this.chain
      .then(() => this.write(outcomes))
      .catch(
        (err: unknown) =>
          void (this.error ??=
            err instanceof Error ? err : new Error(`push: cannot record outcomes: ${JSON.stringify(err)}`)),
      );
  }

  private async write(outcomes: { reader: Reader; results: PushResult[] }[]): Promise<void> {
    const now = new Date().toISOString();
    const sent: string[] = [];
    const gone: string[] = [];
    const recovered: string[] = [];
    const partial: { followerId: string; retry: string[]; reached: boolean; reason: string }[] = [];
    const dropped: { followerId: string; reason: string }[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const { reader, results } of outcomes) {
      const retry: string[] = [];
      let reached = reader.reachedBefore;
      let reason = '';
      results.forEach((result, i) => {
        const device = reader.devices[i]!;
        switch (result.kind) {
          case 'delivered':
            reached = true;
            if (device.failures > 0) recovered.push(device.id);
            return;
          case 'gone':
            gone.push(device.id);
            reason = result.reason;
            return;
          case 'retry':
            retry.push(device.id);
            failed.push({ id: device.id, reason: result.reason });
            reason = result.reason;
            return;
          case 'rejected':
            failed.push({ id: device.id, reason: result.reason });
            reason = result.reason;
            return;
        }
      });
      if (retry.length > 0) {
        partial.push({ followerId: reader.followerId, retry, reached, reason });
        this.retrying.push(reader.followerId);
        this.lastReason = reason;
      } else if (reached) sent.push(reader.followerId);
      else dropped.push({ followerId: reader.followerId, reason });
    }
    await this.db.transaction().execute(async (tx) => {
      const rows = (ids: string[]) =>
        // A reader has one row in a batch, and a batch is one notice on one channel.
        tx.updateTable('deliveries').where('batch', '=', this.batch).where('follower_id', 'in', ids);
      if (sent.length)
        await rows(sent)
          .set((eb) => ({
            state: 'sent',
            sent_at: eb.fn.coalesce('sent_at', eb.val(now)),
            retry: null,
            last_error: null,
          }))
          .execute();
      for (const p of partial) {
        await rows([p.followerId])
          .set((eb) => ({
            retry: JSON.stringify(p.retry),
            last_error: p.reason,
            sent_at: p.reached ? eb.fn.coalesce('sent_at', eb.val(now)) : eb.ref('sent_at'),
          }))
          .execute();
      }
      for (const d of dropped)
        await rows([d.followerId]).set({ state: 'dropped', retry: null, last_error: d.reason }).execute();
      if (gone.length) await tx.deleteFrom('push_subscriptions').where('id', 'in', gone).execute();
      if (recovered.length)
        await tx
          .updateTable('push_subscriptions')
          .set({ failures: 0, last_error: null })
          .where('id', 'in', recovered)
          .execute();
      for (const f of failed)
        await tx
          .updateTable('push_subscriptions')
          .set((eb) => ({ failures: eb('failures', '+', 1), last_error: f.reason }))
          .where('id', '=', f.id)
          .execute();
    });
  }
}
