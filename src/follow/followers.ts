// Storage for readers and what they follow. A reader is a row keyed by the hash of their token; deleting the
// row deletes their follows (and delivery's subscriptions) by cascade.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { itemKey, parseItem, searchItem } from './items.ts';

/** One reader may follow this many items; a request for more gets a 409, not a slow page. */
export const MAX_FOLLOWS = 500;

export interface Follower {
  id: string;
  createdAt: string;
}

/** The reader whose token hashes to `hash`; a forged or unknown token finds nobody. */
export async function followerByTokenHash(db: Kysely<Database>, hash: string): Promise<Follower | undefined> {
  const row = await db
    .selectFrom('followers')
    .select(['id', 'created_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row ? { id: row.id, createdAt: row.created_at } : undefined;
}

/** Lowercase hex ids: they sort the same as text in every collation, which followersOfItems relies on. */
export async function createFollower(db: Kysely<Database>, hash: string, now = new Date()): Promise<Follower> {
  const id = randomBytes(16).toString('hex');
  const at = now.toISOString();
  await db.insertInto('followers').values({ id, token_hash: hash, created_at: at, last_seen_at: at }).execute();
  return { id, createdAt: at };
}

/** Marks the reader as seen, at most once an hour, so reading pages does not write on every request. */
export async function touchFollower(db: Kysely<Database>, id: string, now = new Date()): Promise<void> {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  await db
    .updateTable('followers')
    .set({ last_seen_at: now.toISOString() })
    .where('id', '=', id)
    .where('last_seen_at', '<', hourAgo)
    .execute();
}

/** Deletes the reader and, by cascade, everything stored for them. */
export async function deleteFollower(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('followers').where('id', '=', id).execute();
}

export async function listFollows(db: Kysely<Database>, followerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('follows')
    .select('item')
    .where('follower_id', '=', followerId)
    .orderBy('created_at')
    .orderBy('item')
    .execute();
  return rows.map((r) => r.item);
}

export type FollowResult = 'followed' | 'already' | 'limit';

/**
 * Adds one follow unless the reader already has MAX_FOLLOWS. Count and insert share a transaction; on PostgreSQL
 * the follower row is locked first, so parallel requests cannot pass the limit together (SQLite writes serially).
 */
export async function addFollow(
  db: Kysely<Database>,
  dialect: Dialect,
  followerId: string,
  item: string,
  now = new Date(),
): Promise<FollowResult> {
  return db.transaction().execute(async (tx) => {
    if (dialect === 'postgres')
      await tx.selectFrom('followers').select('id').where('id', '=', followerId).forUpdate().execute();
    const exists = await tx
      .selectFrom('follows')
      .select('item')
      .where('follower_id', '=', followerId)
      .where('item', '=', item)
      .executeTakeFirst();
    if (exists) return 'already';
    const row = await tx
      .selectFrom('follows')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('follower_id', '=', followerId)
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= MAX_FOLLOWS) return 'limit';
    await tx.insertInto('follows').values({ follower_id: followerId, item, created_at: now.toISOString() }).execute();
    return 'followed';
  });
}

export async function removeFollow(db: Kysely<Database>, followerId: string, item: string): Promise<boolean> {
  const result = await db
    .deleteFrom('follows')
    .where('follower_id', '=', followerId)
    .where('item', '=', item)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Why an item cannot be followed, or the item to follow (a merged entity's follows go to what it became). */
export type FollowableCheck = { ok: true; item: string } | { ok: false; status: 404 | 422; reason: string };

export async function checkFollowable(db: Kysely<Database>, asked: string): Promise<FollowableCheck> {
  // A search is followable as typed; its key is the normalised query.
  const item = asked.startsWith('search:') ? (searchItem(asked.slice('search:'.length)) ?? '') : asked;
  const parsed = parseItem(item);
  if (!parsed) return { ok: false, status: 422, reason: 'malformed' };
  switch (parsed.kind) {
    case 'topic': {
      const row = await db.selectFrom('topics').select('slug').where('slug', '=', parsed.key).executeTakeFirst();
      return row ? { ok: true, item } : { ok: false, status: 404, reason: 'unknown' };
    }
    case 'author': {
      const row = await db.selectFrom('authors').select('slug').where('slug', '=', parsed.key).executeTakeFirst();
      return row ? { ok: true, item } : { ok: false, status: 404, reason: 'unknown' };
    }
    case 'entity': {
      const row = await db
        .selectFrom('entities')
        .select(['status', 'merged_into'])
        .where('id', '=', parsed.key)
        .executeTakeFirst();
      if (!row || row.status === 'proposed') return { ok: false, status: 404, reason: 'unknown' };
      if (row.merged_into) return checkFollowable(db, itemKey('entity', row.merged_into));
      if (row.status === 'removed') return { ok: false, status: 404, reason: 'removed' };
      return { ok: true, item };
    }
    case 'search':
      return { ok: true, item };
  }
}
