// The editor's own rows: who has an article open (a heartbeat per person and article; older than PRESENCE_MS counts as gone).
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import './tables.ts';

export const PRESENCE_MS = 60_000;

/** Records that `staffId` has the article open; returns the names of the others who have it open now. */
export async function heartbeat(
  db: Kysely<Database>,
  articleId: string,
  staffId: string,
  now = new Date(),
): Promise<string[]> {
  await db
    .insertInto('editor_presence')
    .values({ article_id: articleId, staff_id: staffId, seen_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['article_id', 'staff_id']).doUpdateSet({ seen_at: now.toISOString() }))
    .execute();
  return othersPresent(db, articleId, staffId, now);
}

export async function othersPresent(
  db: Kysely<Database>,
  articleId: string,
  staffId: string,
  now = new Date(),
): Promise<string[]> {
  const rows = await db
    .selectFrom('editor_presence')
    .innerJoin('staff', 'staff.id', 'editor_presence.staff_id')
    .select(['staff.name', 'staff.email'])
    .where('editor_presence.article_id', '=', articleId)
    .where('editor_presence.staff_id', '!=', staffId)
    .where('editor_presence.seen_at', '>', new Date(now.getTime() - PRESENCE_MS).toISOString())
    .orderBy('staff.name')
    .execute();
  return rows.map((r) => r.name || r.email);
}
