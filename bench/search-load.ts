// Writes the benchmark corpus straight into the article tables, 500 rows a statement: 100,000 saves through
// saveArticle (revision check, event, page changes, one transaction each) would take most of an hour here. The
// search index is not touched: the benchmark then builds it with the engine's own reindex, the code path
// `blattwerk search reindex` and the article-event handler use.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { slugify } from '../src/article/index.ts';
import { contentHash } from '../src/article/content-hash.ts';
import type { Database } from '../src/store/schema.ts';
import type { CorpusArticle } from './search-corpus.ts';

const BATCH = 500;

export interface Loaded {
  articles: number;
  published: number;
  ms: number;
}

export async function loadCorpus(
  db: Kysely<Database>,
  articles: Iterable<CorpusArticle>,
  progress: (done: number) => void = () => {},
): Promise<Loaded> {
  const started = performance.now();
  const names = { topics: new Set<string>(), authors: new Set<string>() };
  let batch: CorpusArticle[] = [];
  let done = 0;
  let published = 0;
  const flush = async () => {
    const now = new Date().toISOString();
    const rows = batch.map((a, i) => ({ id: randomUUID(), slug: `${slugify(a.input.headline)}-${done + i}`, a }));
    const topics = rows.flatMap((r) => r.a.input.topics).filter((t) => !names.topics.has(t));
    const authors = rows.flatMap((r) => r.a.input.authors).filter((t) => !names.authors.has(t));
    await db.transaction().execute(async (tx) => {
      for (const [table, list] of [
        ['topics', topics],
        ['authors', authors],
      ] as const) {
        const fresh = [...new Set(list)];
        for (const n of fresh) names[table].add(n);
        if (fresh.length)
          await tx
            .insertInto(table)
            .values(fresh.map((name) => ({ slug: slugify(name), name })))
            .execute();
      }
      await tx
        .insertInto('articles')
        .values(
          rows.map(({ id, slug, a: { input } }) => ({
            id,
            slug,
            import_key: input.importKey ?? null,
            status: input.status,
            state: input.status,
            keep_date: 0,
            language: input.language,
            kicker: input.kicker ?? null,
            headline: input.headline,
            lead: input.lead,
            lead_image: null,
            body: JSON.stringify(input.body),
            published_date: input.published.value,
            published_at: input.published.instant.toISOString(),
            updated_at: null,
            created_at: now,
            source_url: null,
            content_hash: contentHash(input),
            version: 1,
            seo_title: '',
            seo_description: '',
          })),
        )
        .execute();
      await tx
        .insertInto('article_topics')
        .values(
          rows.flatMap(({ id, a }) =>
            a.input.topics.map((t, position) => ({ article_id: id, topic_slug: slugify(t), position })),
          ),
        )
        .execute();
      await tx
        .insertInto('article_authors')
        .values(
          rows.flatMap(({ id, a }) =>
            a.input.authors.map((t, position) => ({ article_id: id, author_slug: slugify(t), position })),
          ),
        )
        .execute();
    });
    done += batch.length;
    published += batch.filter((a) => a.input.status === 'published').length;
    batch = [];
    progress(done);
  };
  for (const a of articles) {
    batch.push(a);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  return { articles: done, published, ms: performance.now() - started };
}
