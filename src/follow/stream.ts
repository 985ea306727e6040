// A reader's personal stream: published articles that belong to any item they follow, newest first.
import type { Kysely } from 'kysely';
import type { Article } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import { articlesByIds } from './entity-store.ts';
import { parseItem } from './items.ts';

function matching(db: Kysely<Database>, items: string[]) {
  const keys = { topic: [] as string[], author: [] as string[], entity: [] as string[], search: [] as string[] };
  for (const item of items) {
    const parsed = parseItem(item);
    if (parsed) keys[parsed.kind].push(parsed.kind === 'search' ? item : parsed.key);
  }
  return db
    .selectFrom('articles')
    .where('articles.status', '=', 'published')
    .where((eb) =>
      eb.or([
        ...(keys.topic.length
          ? [
              eb(
                'articles.id',
                'in',
                eb.selectFrom('article_topics').select('article_id').where('topic_slug', 'in', keys.topic),
              ),
            ]
          : []),
        ...(keys.author.length
          ? [
              eb(
                'articles.id',
                'in',
                eb.selectFrom('article_authors').select('article_id').where('author_slug', 'in', keys.author),
              ),
            ]
          : []),
        ...(keys.entity.length
          ? [
              eb(
                'articles.id',
                'in',
                eb
                  .selectFrom('article_entities')
                  .innerJoin('entities', 'entities.id', 'article_entities.entity_id')
                  .select('article_entities.article_id')
                  .where('entities.status', '=', 'active')
                  .where('article_entities.entity_id', 'in', keys.entity),
              ),
            ]
          : []),
        ...(keys.search.length
          ? [
              eb(
                'articles.id',
                'in',
                eb.selectFrom('search_matches').select('article_id').where('item', 'in', keys.search),
              ),
            ]
          : []),
      ]),
    );
}

export async function streamArticles(
  db: Kysely<Database>,
  items: string[],
  limit: number,
  offset = 0,
): Promise<Article[]> {
  if (items.length === 0) return [];
  const rows = await matching(db, items)
    .select('articles.id')
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return articlesByIds(
    db,
    rows.map((r) => r.id),
  );
}

export async function countStreamArticles(db: Kysely<Database>, items: string[]): Promise<number> {
  if (items.length === 0) return 0;
  const row = await matching(db, items)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
