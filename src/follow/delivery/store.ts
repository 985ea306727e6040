// Delivery's queries: subscriptions per reader, and the outbox rows that make each notification happen once.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { DeliveriesTable, MailSubscriptionsTable } from './tables.ts';
import type { PushSubscriptionInput } from './validate.ts';

/** A reader's devices; subscribing an eleventh drops the oldest. */
export const MAX_PUSH_DEVICES = 10;

export async function savePushSubscription(
  db: Kysely<Database>,
  followerId: string,
  sub: PushSubscriptionInput,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // The endpoint is the browser's; a browser that now belongs to another token moves with it.
    await tx
      .insertInto('push_subscriptions')
      .values({
        id: randomUUID(),
        follower_id: followerId,
        endpoint: sub.endpoint,
        p256dh: sub.p256dh,
        auth: sub.auth,
        created_at: now.toISOString(),
        failures: 0,
        last_error: null,
      })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          follower_id: followerId,
          p256dh: sub.p256dh,
          auth: sub.auth,
          created_at: now.toISOString(),
          failures: 0,
          last_error: null,
        }),
      )
      .execute();
    const keep = await tx
      .selectFrom('push_subscriptions')
      .select('id')
      .where('follower_id', '=', followerId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(MAX_PUSH_DEVICES)
      .execute();
    await tx
      .deleteFrom('push_subscriptions')
      .where('follower_id', '=', followerId)
      .where(
        'id',
        'not in',
        keep.map((k) => k.id),
      )
      .execute();
  });
}

export async function removePushSubscription(
  db: Kysely<Database>,
  followerId: string,
  endpoint: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('follower_id', '=', followerId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export type MailSubscription = MailSubscriptionsTable;

export async function mailSubscriptionOf(
  db: Kysely<Database>,
  followerId: string,
): Promise<MailSubscription | undefined> {
  return db.selectFrom('mail_subscriptions').selectAll().where('follower_id', '=', followerId).executeTakeFirst();
}

export async function mailSubscriptionById(db: Kysely<Database>, id: string): Promise<MailSubscription | undefined> {
  return db.selectFrom('mail_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Sets the reader's address and rhythm. A new or changed address (or one unsubscribed before) waits for its
 * confirmation again; changing only the rhythm of a confirmed address does not.
 */
export async function saveMailSubscription(
  db: Kysely<Database>,
  followerId: string,
  input: { address: string; frequency: 'instant' | 'daily'; locale: 'de' | 'en' },
  now = new Date(),
): Promise<{ subscription: MailSubscription; needsConfirmation: boolean }> {
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('mail_subscriptions')
      .selectAll()
      .where('follower_id', '=', followerId)
      .executeTakeFirst();
    if (current && current.address === input.address && current.state === 'confirmed') {
      await tx
        .updateTable('mail_subscriptions')
        .set({ frequency: input.frequency, locale: input.locale })
        .where('id', '=', current.id)
        .execute();
      return {
        subscription: { ...current, frequency: input.frequency, locale: input.locale },
        needsConfirmation: false,
      };
    }
    const subscription: MailSubscription = {
      id: current?.id ?? randomUUID(),
      follower_id: followerId,
      address: input.address,
      state: 'pending',
      frequency: input.frequency,
      locale: input.locale,
      created_at: now.toISOString(),
      confirmed_at: null,
    };
    if (current) await tx.updateTable('mail_subscriptions').set(subscription).where('id', '=', current.id).execute();
    else await tx.insertInto('mail_subscriptions').values(subscription).execute();
    return { subscription, needsConfirmation: true };
  });
}

/** Confirms if the subscription still waits for exactly this address. */
export async function confirmMailSubscription(
  db: Kysely<Database>,
  id: string,
  address: string,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('mail_subscriptions')
    .set({ state: 'confirmed', confirmed_at: now.toISOString() })
    .where('id', '=', id)
    .where('address', '=', address)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stops all mail to the subscription; its pending deliveries are dropped. Idempotent. */
export async function unsubscribeMail(db: Kysely<Database>, id: string): Promise<MailSubscription | undefined> {
  return db.transaction().execute(async (tx) => {
    const sub = await tx.selectFrom('mail_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!sub) return undefined;
    await tx.updateTable('mail_subscriptions').set({ state: 'unsubscribed' }).where('id', '=', id).execute();
    await tx
      .updateTable('deliveries')
      .set({ state: 'dropped', last_error: 'unsubscribed' })
      .where('follower_id', '=', sub.follower_id)
      .where('channel', '=', 'mail')
      .where('state', '=', 'pending')
      .execute();
    return { ...sub, state: 'unsubscribed' };
  });
}

/**
 * What a fan-out tells: an article's publication (notice '') or one substantive correction of it (notice = the
 * correction's id). Each has its own outbox rows, so a reader hears of each once.
 */
export interface Notice {
  articleId: string;
  notice: string;
}

/** Starts (or finds) a notice's fan-out; returns where it stands. */
export async function startFanout(
  db: Kysely<Database>,
  n: Notice,
  now = new Date(),
): Promise<{ after: string; readers: number; finished: boolean }> {
  await db
    .insertInto('fanouts')
    .values({
      article_id: n.articleId,
      notice: n.notice,
      after_follower: '',
      readers: 0,
      started_at: now.toISOString(),
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['article_id', 'notice']).doNothing())
    .execute();
  const row = await db
    .selectFrom('fanouts')
    .selectAll()
    .where('article_id', '=', n.articleId)
    .where('notice', '=', n.notice)
    .executeTakeFirstOrThrow();
  return { after: row.after_follower, readers: row.readers, finished: row.finished_at !== null };
}

type Outbox = Pick<
  DeliveriesTable,
  | 'article_id'
  | 'notice'
  | 'channel'
  | 'follower_id'
  | 'state'
  | 'batch'
  | 'retry'
  | 'due_at'
  | 'sent_at'
  | 'last_error'
>;

/**
 * Outbox rows for those of `followerIds` who can be reached on `channel` (a push device; a confirmed address of
 * the given rhythm). Rows that exist already (an earlier run of this fan-out) stay as they are: that is the
 * idempotency. Returns how many rows are new.
 */
export async function addDeliveries(
  db: Kysely<Database>,
  n: Notice,
  followerIds: string[],
  target: { channel: 'push' } | { channel: 'mail'; frequency: 'instant' | 'daily' },
  batch: string,
  dueAt: Date,
): Promise<number> {
  if (followerIds.length === 0) return 0;
  const result = await db
    .insertInto('deliveries')
    .columns([
      'article_id',
      'notice',
      'channel',
      'follower_id',
      'state',
      'batch',
      'retry',
      'due_at',
      'sent_at',
      'last_error',
    ])
    .expression((eb) => {
      const base = eb.selectFrom('followers').where('followers.id', 'in', followerIds);
      const reachable =
        target.channel === 'push'
          ? base.where((w) =>
              w.exists(
                w
                  .selectFrom('push_subscriptions')
                  .select('push_subscriptions.id')
                  .whereRef('push_subscriptions.follower_id', '=', 'followers.id'),
              ),
            )
          : base.where((w) =>
              w.exists(
                w
                  .selectFrom('mail_subscriptions')
                  .select('mail_subscriptions.id')
                  .whereRef('mail_subscriptions.follower_id', '=', 'followers.id')
                  .where('mail_subscriptions.state', '=', 'confirmed')
                  .where('mail_subscriptions.frequency', '=', target.frequency),
              ),
            );
      return reachable.select((s) => [
        s.cast<string>(s.val(n.articleId), 'text').as('article_id'),
        s.cast<string>(s.val(n.notice), 'text').as('notice'),
        s.cast<Outbox['channel']>(s.val(target.channel), 'text').as('channel'),
        'followers.id as follower_id',
        s.cast<Outbox['state']>(s.val('pending'), 'text').as('state'),
        s.cast<string>(s.val(batch), 'text').as('batch'),
        s.cast<string | null>(s.val(null), 'text').as('retry'),
        s.cast<string>(s.val(dueAt.toISOString()), 'text').as('due_at'),
        s.cast<string | null>(s.val(null), 'text').as('sent_at'),
        s.cast<string | null>(s.val(null), 'text').as('last_error'),
      ]);
    })
    .onConflict((oc) => oc.columns(['article_id', 'notice', 'channel', 'follower_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function moveFanoutCursor(db: Kysely<Database>, n: Notice, after: string, readers: number): Promise<void> {
  await db
    .updateTable('fanouts')
    .set((eb) => ({ after_follower: after, readers: eb('readers', '+', readers) }))
    .where('article_id', '=', n.articleId)
    .where('notice', '=', n.notice)
    .execute();
}

export async function finishFanout(db: Kysely<Database>, n: Notice, now = new Date()): Promise<void> {
  await db
    .updateTable('fanouts')
    .set({ finished_at: now.toISOString() })
    .where('article_id', '=', n.articleId)
    .where('notice', '=', n.notice)
    .execute();
}

/** Marks every still-pending row of a batch, e.g. when its article was unpublished before it went out. */
export async function dropBatch(db: Kysely<Database>, batch: string, reason: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ state: 'dropped', last_error: reason })
    .where('batch', '=', batch)
    .where('state', '=', 'pending')
    .execute();
}
