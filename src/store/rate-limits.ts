// Window counters in the database, so that a limit holds across every process serving the site (and
// survives a restart). One row per key: the window it counts and the hits in it. A hit is one upsert.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export interface RateLimitsTable {
  key: string; // scope and subject, e.g. "reader-new addr:203.0.113.0"
  window_start: number; // ms since the epoch: the key's first hit in its current window
  hits: number;
}

declare module './schema.ts' {
  interface Database {
    rate_limits: RateLimitsTable;
  }
}

/** The rate_limits table (a migration of the root's list). Shipped: never edit. */
export async function createRateLimitsTable(tx: Transaction<Database>): Promise<void> {
  // Idempotent, like the migrations before it: a test may step back over them and run them again.
  await tx.schema
    .createTable('rate_limits')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  await tx.schema.createIndex('rate_limits_window').ifNotExists().on('rate_limits').column('window_start').execute();
}

export interface Limit {
  /** Hits a key may make per window. */
  max: number;
  windowMs: number;
}

export type Hit = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Counts one hit for a key; refused once its window holds `max` hits, until the window ends. A key's window
 * starts at its first hit (not at a clock boundary, where a burst could otherwise get twice `max`).
 */
export async function hit(db: Kysely<Database>, key: string, limit: Limit, now = Date.now()): Promise<Hit> {
  // Both SET expressions read the row as it was before this update (SQL semantics, on both dialects).
  const open = sql<boolean>`rate_limits.window_start > excluded.window_start - cast(${limit.windowMs} as bigint)`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when ${open} then rate_limits.hits + 1 else 1 end`,
        window_start: sql<number>`case when ${open} then rate_limits.window_start else excluded.window_start end`,
      }),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  if (++hitsSincePurge >= PURGE_EVERY) {
    hitsSincePurge = 0;
    // Keys whose window ended long ago count nothing; drop them so the table stays as small as the active set.
    await db
      .deleteFrom('rate_limits')
      .where('window_start', '<', now - DAY_MS)
      .execute();
  }
  if (Number(row.hits) <= limit.max) return { ok: true };
  const ends = Number(row.window_start) + limit.windowMs;
  return { ok: false, retryAfterS: Math.max(1, Math.ceil((ends - now) / 1000)) };
}

const DAY_MS = 86_400_000;
const PURGE_EVERY = 1000;
let hitsSincePurge = 0;
