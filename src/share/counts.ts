// Share counts: increment one row per article, target and day; read them back for `blattwerk share stats`.
import type { Kysely } from 'kysely';
import { TIME_ZONE } from '../article/index.ts';
import type { Database } from '../store/schema.ts';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Europe/Berlin, as the newsroom counts days. */
export function berlinDay(at: Date): string {
  return dayFormat.format(at);
}

export async function recordShare(
  db: Kysely<Database>,
  articleId: string,
  target: string,
  at = new Date(),
): Promise<void> {
  await db
    .insertInto('share_counts')
    .values({ article_id: articleId, target, day: berlinDay(at), count: 1 })
    .onConflict((oc) =>
      oc.columns(['article_id', 'target', 'day']).doUpdateSet((eb) => ({ count: eb('share_counts.count', '+', 1) })),
    )
    .execute();
}

export interface ShareTotal {
  slug: string;
  headline: string;
  target: string;
  count: number;
}

/** Totals per article and target, most shared first; one article when a slug is given. */
export async function shareTotals(db: Kysely<Database>, slug?: string): Promise<ShareTotal[]> {
  let query = db
    .selectFrom('share_counts as s')
    .innerJoin('articles as a', 'a.id', 's.article_id')
    .select((eb) => ['a.slug', 'a.headline', 's.target', eb.fn.sum<number | string>('s.count').as('count')])
    .groupBy(['a.slug', 'a.headline', 's.target']);
  if (slug !== undefined) query = query.where('a.slug', '=', slug);
  const rows = await query.execute();
  return rows
    .map((r) => ({ ...r, count: Number(r.count) }))
    .sort((x, y) => y.count - x.count || x.slug.localeCompare(y.slug) || x.target.localeCompare(y.target));
}

/** Per day and target for one article, newest day first. */
export async function shareDays(
  db: Kysely<Database>,
  slug: string,
): Promise<{ day: string; target: string; count: number }[]> {
  const rows = await db
    .selectFrom('share_counts as s')
    .innerJoin('articles as a', 'a.id', 's.article_id')
    .select(['s.day', 's.target', 's.count'])
    .where('a.slug', '=', slug)
    .orderBy('s.day', 'desc')
    .orderBy('s.target')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
