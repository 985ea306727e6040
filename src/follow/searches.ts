// Followed searches ("Diese Suche folgen"): which articles match which followed query, kept in search_matches so
// that the stream, the private feed and the fan-out read them like the entities an article mentions. Follow
// imports the search engine (src/search/index.ts), never the reverse.
//
// Matching is one query per distinct followed search and article (matchesQuery): cheap while a site has a few
// hundred distinct followed searches (17 ms each on the loaded bench machine); past a few thousand it wants a
// reverse index of the queries instead.
import type { Kysely } from 'kysely';
import type { App } from '../kernel/index.ts';
import type { Article } from '../article/index.ts';
import { matchesQuery, MAX_PER_PAGE, QueryError, searchArticles } from '../search/index.ts';
import type { Database } from '../store/schema.ts';
import { parseItem } from './items.ts';

/** How many of the best current matches a newly followed search brings into the stream: one engine page. */
const SEED_MATCHES = MAX_PER_PAGE;

async function followedSearches(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('follows').select('item').distinct().where('item', 'like', 'search:%').execute();
  return rows.map((r) => r.item);
}

async function matches(app: App, articleId: string, query: string): Promise<boolean> {
  try {
    return await matchesQuery(app, articleId, query);
  } catch (err) {
    // A followed query the engine no longer accepts matches nothing; it stays followed and visible.
    if (err instanceof QueryError) return false;
    throw err;
  }
}

/**
 * Records which followed searches an article matches now (none when it is not published). Idempotent: the
 * article's rows are replaced, so an edit that removes the matching words takes the article out of the stream.
 */
export async function matchFollowedSearches(app: App, article: Article): Promise<string[]> {
  const matched: string[] = [];
  if (article.status === 'published') {
    for (const item of await followedSearches(app.db)) {
      const parsed = parseItem(item);
      if (parsed?.kind === 'search' && (await matches(app, article.id, parsed.key))) matched.push(item);
    }
  }
  await app.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('search_matches').where('article_id', '=', article.id).execute();
    if (matched.length)
      await tx
        .insertInto('search_matches')
        .values(matched.map((item) => ({ item, article_id: article.id })))
        .execute();
  });
  return matched;
}

/** A search followed for the first time gets its best current matches, so the stream is not empty at first. */
export async function seedSearchMatches(app: App, item: string): Promise<void> {
  const parsed = parseItem(item);
  if (parsed?.kind !== 'search') return;
  const known = await app.db.selectFrom('search_matches').select('item').where('item', '=', item).executeTakeFirst();
  if (known) return;
  let hits: { articleId: string }[];
  try {
    hits = (await searchArticles(app, { q: parsed.key, perPage: SEED_MATCHES })).hits;
  } catch (err) {
    if (err instanceof QueryError) return;
    throw err;
  }
  if (!hits.length) return;
  const rows = hits.map((h) => ({ item, article_id: h.articleId }));
  await app.db
    .insertInto('search_matches')
    .values(rows)
    .onConflict((oc) => oc.columns(['item', 'article_id']).doNothing())
    .execute();
}
