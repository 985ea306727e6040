// Runs a search on either database: the parsed query becomes an FTS5 match (SQLite, ranked by bm25 with field
// weights) or a tsquery (PostgreSQL, ranked by ts_rank_cd with the same weights); both multiply by one recency
// boost, filter alike and return article ids, from which hits with snippets are made.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { getArticlesByIds, parsePublicationDate, type Article } from '../article/index.ts';
import type { App } from '../kernel/index.ts';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import {
  FIELDS,
  fts5FieldMatch,
  fts5Match,
  highlightTerms,
  parseQuery,
  QueryError,
  termQuery,
  tsFieldQuery,
  tsQuery,
  type Field,
  type TermPhrase,
  type TermQuery,
} from './query.ts';
import { snippetOf, type SnippetSegment } from './snippet.ts';
import { suggestSpelling } from './suggest.ts';
import { LANGUAGES, type SearchLanguage } from './text.ts';

export interface SearchRequest {
  /** As typed: words (all must match), "a phrase", -exclude, OR. */
  q: string;
  /** Slugs and ids as in the site's URLs: topic and author slugs, an entity id (News folgen). */
  topic?: string | undefined;
  author?: string | undefined;
  entity?: string | undefined;
  /** Published on or after / on or before this day in Berlin: YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  language?: SearchLanguage | undefined;
  /** 1-based; at most MAX_PAGE. */
  page?: number | undefined;
  /** 1 to MAX_PER_PAGE; default 10. */
  perPage?: number | undefined;
}

export interface SearchHit {
  articleId: string;
  slug: string;
  kicker: string | null;
  headline: string;
  /** `published_date` as given, with its precision (2025-03, 2025-03-27 or a timestamp). */
  date: string;
  language: string;
  /** A stretch of lead, body or caption; `hit` marks the words searched. Plain text: the view escapes it. */
  snippet: SnippetSegment[];
  /** Relevance times recency; comparable only within one result list (the databases score differently). */
  score: number;
}

export interface SearchResults {
  hits: SearchHit[];
  total: number;
  page: number;
  perPage: number;
  /** A query spelled like indexed words, offered when nothing was found and it finds something. */
  suggestion?: string;
}

export const MAX_PER_PAGE = 50;
export const MAX_PAGE = 100;
const MAX_SLUG = 200;
const DAY_MS = 86_400_000;

/**
 * Relevance, the same on both databases: for each searched word (or its OR group), points for each field it is
 * found in, headline 8, kicker and lead 4, body 2, captions 1, averaged over the words. bm25 and ts_rank_cd
 * weigh term frequency and length differently, so they only break ties (same fields, same day).
 */
const FIELD_POINTS = [8, 4, 2, 1];
const BM25_WEIGHTS = sql.raw('8.0, 4.0, 2.0, 1.0');
const TS_WEIGHTS = '{0.125, 0.25, 0.5, 1.0}'; // D, C, B, A: the same proportions
/** The recency boost: a new article counts twice, one a month old 1.5 times, one a year old 1.08 times. */
const RECENCY_DAYS = sql.raw('30.0');

/** Checked filters: the search's input as the databases receive it. */
interface Filters {
  topic?: string;
  author?: string;
  entity?: string;
  fromAt?: string;
  toAt?: string;
  language?: SearchLanguage;
}

function checkSlug(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_SLUG || value.includes('\0')) throw new QueryError(`${name} is not a valid ${name}`);
  return value;
}

/** The instant a Berlin day starts; `next` gives the start of the day after. */
function dayStart(name: string, value: string | undefined, next: boolean): string | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parsePublicationDate(value) : undefined;
  if (!parsed || typeof parsed === 'string')
    throw new QueryError(`${name} must be a date as YYYY-MM-DD (got "${value.slice(0, 40)}")`);
  if (!next) return parsed.instant.toISOString();
  const [y, m, d] = value.split('-').map(Number);
  const following = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
  const after = parsePublicationDate(following);
  return typeof after === 'string' ? undefined : after.instant.toISOString();
}

function checkNumber(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new QueryError(`${name} must be a whole number from 1 to ${max}`);
  return value;
}

function checkFilters(req: SearchRequest): Filters {
  if (req.language !== undefined && !LANGUAGES.includes(req.language))
    throw new QueryError(`language must be ${LANGUAGES.join(' or ')}`);
  const f: Filters = {};
  const topic = checkSlug('topic', req.topic);
  const author = checkSlug('author', req.author);
  const entity = checkSlug('entity', req.entity);
  const fromAt = dayStart('from', req.from, false);
  const toAt = dayStart('to', req.to, true);
  if (topic) f.topic = topic;
  if (author) f.author = author;
  if (entity) f.entity = entity;
  if (fromAt) f.fromAt = fromAt;
  if (toAt) f.toAt = toAt;
  if (req.language) f.language = req.language;
  return f;
}

function filterSql(f: Filters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (f.topic)
    parts.push(
      sql`and exists (select 1 from article_topics t where t.article_id = d.article_id and t.topic_slug = ${f.topic})`,
    );
  if (f.author)
    parts.push(
      sql`and exists (select 1 from article_authors a where a.article_id = d.article_id and a.author_slug = ${f.author})`,
    );
  if (f.entity)
    parts.push(
      sql`and exists (select 1 from article_entities e where e.article_id = d.article_id and e.entity_id = ${f.entity})`,
    );
  if (f.fromAt) parts.push(sql`and d.published_at >= ${f.fromAt}`);
  if (f.toAt) parts.push(sql`and d.published_at < ${f.toAt}`);
  if (f.language) parts.push(sql`and d.language = ${f.language}`);
  return sql.join(parts, sql` `);
}

interface Ranked {
  ids: { id: string; score: number }[];
  total: number;
}

/** Ranked article ids of one page and the number of all matches. */
export async function rankedIds(
  db: Kysely<Database>,
  dialect: Dialect,
  q: TermQuery,
  f: Filters,
  limit: number,
  offset: number,
  now = Date.now(),
): Promise<Ranked> {
  const today = Math.floor(now / DAY_MS);
  const filters = filterSql(f);
  const groups = q.all.length;
  const points = (found: (alts: TermPhrase[], field: Field) => RawBuilder<unknown>) =>
    sql.join(
      q.all.flatMap((alts) =>
        FIELDS.map((field, i) => sql`(case when ${found(alts, field)} then ${FIELD_POINTS[i]} else 0 end)`),
      ),
      sql` + `,
    );
  if (dialect === 'sqlite') {
    const from = sql`from search_fts join search_documents d on d.id = search_fts.rowid
      where search_fts match ${fts5Match(q)} ${filters}`;
    const relevance = points(
      (alts, field) =>
        sql`d.id in (select rowid from search_fts where search_fts match ${fts5FieldMatch(alts, field)})`,
    );
    const rows = await sql<{ id: string; score: number }>`select d.article_id as id,
        (1.0 + (${relevance}) / cast(${groups} as real)) * (1.0 + ${RECENCY_DAYS} / (${RECENCY_DAYS} + max(0, ${today} - d.published_day))) as score,
        bm25(search_fts, ${BM25_WEIGHTS}) as tie ${from}
        order by score desc, tie, d.published_at desc, d.article_id limit ${limit} offset ${offset}`.execute(db);
    const count = await sql<{ n: number }>`select count(*) as n ${from}`.execute(db);
    return { ids: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
  }
  const query = tsQuery(q);
  const from = sql`from search_documents d where d.document @@ ${query}::tsquery ${filters}`;
  const relevance = points((alts, field) => sql`d.document @@ ${tsFieldQuery(alts, field)}::tsquery`);
  const rows = await sql<{ id: string; score: number }>`select d.article_id as id,
      (1.0 + (${relevance})::float8 / ${groups}::float8) * (1.0 + ${RECENCY_DAYS} / (${RECENCY_DAYS} + greatest(0, ${today}::int - d.published_day)))::float8 as score,
      ts_rank_cd(${TS_WEIGHTS}::float4[], d.document, ${query}::tsquery, 1) as tie ${from}
      order by score desc, tie desc, d.published_at desc, d.article_id limit ${limit} offset ${offset}`.execute(db);
  const count = await sql<{ n: string }>`select count(*) as n ${from}`.execute(db);
  return { ids: rows.rows.map((r) => ({ id: r.id, score: Number(r.score) })), total: Number(count.rows[0]?.n ?? 0) };
}

function hitOf(article: Article, score: number, highlight: ReadonlySet<string>): SearchHit {
  return {
    articleId: article.id,
    slug: article.slug,
    kicker: article.kicker,
    headline: article.headline,
    date: article.published.value,
    language: article.language,
    snippet: snippetOf(article, highlight),
    score,
  };
}

/** Searches published articles; throws QueryError (a 400) for input it cannot search, never a database error. */
export async function searchArticles(app: App, req: SearchRequest): Promise<SearchResults> {
  const page = checkNumber('page', req.page, 1, MAX_PAGE);
  const perPage = checkNumber('perPage', req.perPage, 10, MAX_PER_PAGE);
  const filters = checkFilters(req);
  const parsed = parseQuery(req.q);
  const empty: SearchResults = { hits: [], total: 0, page, perPage };
  if (parsed.all.length === 0) return empty;
  const q = termQuery(parsed, filters.language ? [filters.language] : LANGUAGES);
  const ranked = await rankedIds(app.db, app.dialect, q, filters, perPage, (page - 1) * perPage);
  if (ranked.total === 0) {
    const suggestion = await suggestSpelling(app.db, parsed, async (other) => {
      const found = await rankedIds(app.db, app.dialect, termQuery(other, LANGUAGES), filters, 1, 0);
      return found.total > 0;
    });
    return suggestion ? { ...empty, suggestion } : empty;
  }
  const articles = await getArticlesByIds(
    app.db,
    ranked.ids.map((r) => r.id),
  );
  const highlight = highlightTerms(q);
  const scores = new Map(ranked.ids.map((r) => [r.id, r.score]));
  // The index holds published articles only; the status is checked again in case a withdrawal is being indexed.
  const hits = articles.filter((a) => a.status === 'published').map((a) => hitOf(a, scores.get(a.id) ?? 0, highlight));
  return { hits, total: ranked.total, page, perPage };
}
