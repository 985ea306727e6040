// Storage for the article aggregate: articles with their authors, topics and revisions.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ArticlesTable } from './tables.ts';
import { beginWriting } from '../store/db.ts';
import { announcePageChanges, recordPageChanges } from '../store/page-changes.ts';
import { contentHash } from './content-hash.ts';
import {
  parsePublicationDate,
  slugify,
  type Article,
  type ArticleInput,
  type Block,
  type Figure,
  type NamedRef,
} from './model.ts';

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

export interface ListQuery {
  topic?: string;
  author?: string;
  limit: number;
  offset?: number;
}

/** Creates or updates one article in one transaction; a published article's previous version becomes a revision. */
export async function saveArticle(
  db: Kysely<Database>,
  input: ArticleInput,
  now: Date = new Date(),
): Promise<{ article: Article; outcome: SaveOutcome }> {
  const hash = contentHash(input);
  const id = await db.transaction().execute(async (tx) => {
    await beginWriting(tx);
    const existing = input.importKey
      ? await tx.selectFrom('articles').selectAll().where('import_key', '=', input.importKey).executeTakeFirst()
      : undefined;
    if (existing && existing.content_hash === hash) return { id: existing.id, outcome: 'unchanged' as const, keys: [] };
    // The lists it leaves (an old topic or author) are stale as well as those it joins.
    const leaves = existing ? await listedOn(tx, existing.id) : [];

    const authors = await upsertNames(tx, 'authors', input.authors);
    const topics = await upsertNames(tx, 'topics', input.topics);
    const row = {
      status: input.status,
      language: input.language,
      kicker: input.kicker ?? null,
      headline: input.headline,
      lead: input.lead,
      lead_image: input.leadImage ? JSON.stringify(input.leadImage) : null,
      body: JSON.stringify(input.body),
      published_date: input.published.value,
      published_at: input.published.instant.toISOString(),
      source_url: input.sourceUrl ?? null,
      content_hash: hash,
    };
    let articleId: string;
    if (existing) {
      articleId = existing.id;
      const wasPublished = existing.status === 'published';
      if (wasPublished) {
        const previous = await loadArticles(tx, [existing]);
        await tx
          .insertInto('article_revisions')
          .values({
            article_id: articleId,
            version: existing.version,
            snapshot: JSON.stringify(previous[0]),
            replaced_at: now.toISOString(),
          })
          .execute();
      }
      await tx
        .updateTable('articles')
        .set({ ...row, version: existing.version + 1, updated_at: wasPublished ? now.toISOString() : null })
        .where('id', '=', articleId)
        .execute();
      await tx.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
      await tx.deleteFrom('article_topics').where('article_id', '=', articleId).execute();
    } else {
      articleId = randomUUID();
      const slug = await uniqueSlug(tx, slugify(input.headline));
      await tx
        .insertInto('articles')
        .values({
          ...row,
          id: articleId,
          slug,
          import_key: input.importKey ?? null,
          updated_at: null,
          created_at: now.toISOString(),
          version: 1,
        })
        .execute();
    }
    if (authors.length) {
      await tx
        .insertInto('article_authors')
        .values(authors.map((a, i) => ({ article_id: articleId, author_slug: a.slug, position: i })))
        .execute();
    }
    if (topics.length) {
      await tx
        .insertInto('article_topics')
        .values(topics.map((t, i) => ({ article_id: articleId, topic_slug: t.slug, position: i })))
        .execute();
    }
    const keys = [...leaves, ...pageKeys(articleId, topics, authors), 'front', 'feeds', 'sitemap', 'podcast'];
    await recordPageChanges(tx, keys);
    return { id: articleId, outcome: existing ? ('updated' as const) : ('created' as const), keys };
  });
  announcePageChanges(id.keys);
  const article = await getArticleById(db, id.id);
  if (!article) throw new Error(`store: article ${id.id} vanished after saving`);
  return { article, outcome: id.outcome };
}

/** The page keys of an article and of the topic and author lists it is on (see src/store/page-changes.ts). */
function pageKeys(articleId: string, topics: { slug: string }[], authors: { slug: string }[]): string[] {
  return [`article:${articleId}`, ...topics.map((t) => `topic:${t.slug}`), ...authors.map((a) => `author:${a.slug}`)];
}

async function listedOn(tx: Kysely<Database>, articleId: string): Promise<string[]> {
  const [topics, authors] = await Promise.all([
    tx.selectFrom('article_topics').select('topic_slug as slug').where('article_id', '=', articleId).execute(),
    tx.selectFrom('article_authors').select('author_slug as slug').where('article_id', '=', articleId).execute(),
  ]);
  return pageKeys(articleId, topics, authors);
}

export async function getArticleById(db: Kysely<Database>, id: string): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await loadArticles(db, [row]))[0] : undefined;
}

export async function getArticleBySlug(db: Kysely<Database>, slug: string): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? (await loadArticles(db, [row]))[0] : undefined;
}

/** Articles by id in the order given, loaded with three queries whatever their number; missing ids left out. */
export async function getArticlesByIds(db: Kysely<Database>, ids: string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('articles').selectAll().where('id', 'in', ids).execute();
  const byId = new Map((await loadArticles(db, rows)).map((a) => [a.id, a]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Published articles, newest first. */
export async function listPublished(db: Kysely<Database>, q: ListQuery): Promise<Article[]> {
  let query = db.selectFrom('articles').selectAll('articles').where('articles.status', '=', 'published');
  if (q.topic !== undefined) {
    const topic = q.topic;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  }
  if (q.author !== undefined) {
    const author = q.author;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_slug', '=', author),
    );
  }
  const rows = await query
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id')
    .limit(q.limit)
    .offset(q.offset ?? 0)
    .execute();
  return loadArticles(db, rows);
}

export async function countPublished(
  db: Kysely<Database>,
  q: Omit<ListQuery, 'limit' | 'offset'> = {},
): Promise<number> {
  let query = db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published');
  if (q.topic !== undefined) {
    const topic = q.topic;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  }
  if (q.author !== undefined) {
    const author = q.author;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_slug', '=', author),
    );
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getTopic(db: Kysely<Database>, slug: string): Promise<NamedRef | undefined> {
  return db.selectFrom('topics').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function getAuthor(db: Kysely<Database>, slug: string): Promise<NamedRef | undefined> {
  return db.selectFrom('authors').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/** Every published article's slug and last change, for the sitemap. */
export async function listSitemapEntries(db: Kysely<Database>): Promise<{ slug: string; lastModified: string }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['slug', 'published_at', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .execute();
  return rows.map((r) => ({ slug: r.slug, lastModified: r.updated_at ?? r.published_at }));
}

export async function listRevisions(
  db: Kysely<Database>,
  articleId: string,
): Promise<{ version: number; replacedAt: Date; article: Article }[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    replacedAt: new Date(r.replaced_at),
    article: reviveArticle(JSON.parse(r.snapshot) as SerializedArticle),
  }));
}

/** Slugs that share a prefix with a slug nobody found: the 404 page offers them. */
export async function similarSlugs(db: Kysely<Database>, slug: string): Promise<{ slug: string; headline: string }[]> {
  const prefix = slug.split('-').slice(0, 2).join('-');
  if (prefix.length < 3) return [];
  return db
    .selectFrom('articles')
    .select(['slug', 'headline'])
    .where('status', '=', 'published')
    .where('slug', 'like', `${prefix.replace(/[%_]/g, '')}%`)
    .limit(5)
    .execute();
}

type SerializedArticle = Omit<Article, 'published' | 'updatedAt' | 'createdAt'> & {
  published: { value: string };
  updatedAt: string | null;
  createdAt: string;
};

function reviveArticle(a: SerializedArticle): Article {
  return {
    ...a,
    published: toPublished(a.published.value),
    updatedAt: a.updatedAt ? new Date(a.updatedAt) : null,
    createdAt: new Date(a.createdAt),
  };
}

function toPublished(value: string) {
  const parsed = parsePublicationDate(value);
  if (typeof parsed === 'string') throw new Error(`store: stored ${parsed}`);
  return parsed;
}

async function loadArticles(db: Kysely<Database>, rows: Selectable<ArticlesTable>[]): Promise<Article[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [authors, topics] = await Promise.all([
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.slug', 'article_authors.author_slug')
      .select(['article_authors.article_id', 'authors.slug', 'authors.name'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .execute(),
    db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.slug', 'article_topics.topic_slug')
      .select(['article_topics.article_id', 'topics.slug', 'topics.name'])
      .where('article_topics.article_id', 'in', ids)
      .orderBy('article_topics.position')
      .execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    importKey: r.import_key,
    status: r.status,
    language: r.language,
    kicker: r.kicker,
    headline: r.headline,
    lead: r.lead,
    leadImage: r.lead_image ? (JSON.parse(r.lead_image) as Figure) : null,
    body: JSON.parse(r.body) as Block[],
    authors: authors.filter((a) => a.article_id === r.id).map(({ slug, name }) => ({ slug, name })),
    topics: topics.filter((t) => t.article_id === r.id).map(({ slug, name }) => ({ slug, name })),
    published: toPublished(r.published_date),
    updatedAt: r.updated_at ? new Date(r.updated_at) : null,
    createdAt: new Date(r.created_at),
    sourceUrl: r.source_url,
    version: r.version,
  }));
}

async function upsertNames(tx: Kysely<Database>, table: 'authors' | 'topics', names: string[]): Promise<NamedRef[]> {
  const refs = new Map<string, NamedRef>();
  for (const name of names) refs.set(slugify(name), { slug: slugify(name), name });
  for (const ref of refs.values()) {
    await tx
      .insertInto(table)
      .values(ref)
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
  }
  return [...refs.values()];
}

async function uniqueSlug(tx: Kysely<Database>, base: string): Promise<string> {
  const taken = new Set(
    (
      await tx
        .selectFrom('articles')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
