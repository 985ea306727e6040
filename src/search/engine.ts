// Runs a search on either database: the parsed query becomes an FTS5 match (SQLite) or a tsquery (PostgreSQL);
// each database hands out its newest matches with the fields they were found in and a tie-breaker (bm25,
// ts_rank_cd), and one formula here ranks them, so both order alike. Hits with snippets are made from the ids.
import type { Kysely } from 'kysely';
import { getArticlesByIds, parsePublicationDate, type Article } from '../article/index.ts';
import type { App } from '../kernel/index.ts';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { candidates, COUNT_CAP, PHRASE_WINDOW, type Filters } from './candidates.ts';
import { highlightTerms, parseQuery, QueryError, termQuery, type TermQuery } from './query.ts';
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
  /** How many articles match, counted up to COUNT_CAP; `more` says there are more than that. */
  total: number;
  more: boolean;
  /** How many of them can be paged through: the CANDIDATES newest matches are ranked, the rest are not shown. */
  ranked: number;
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
/** The recency boost: a new article counts twice, one a month old 1.5 times, one a year old 1.08 times. */
const RECENCY_DAYS = 30;

function checkSlug(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_SLUG || value.includes('\0')) throw new QueryError({ kind: 'bad-value', name });
  return value;
}

/** The instant a Berlin day starts; `next` gives the start of the day after. */
function dayStart(name: string, value: string | undefined, next: boolean): string | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parsePublicationDate(value) : undefined;
  if (!parsed || typeof parsed === 'string')
    throw new QueryError({ kind: 'bad-date', name, value: value.slice(0, 40) });
  if (!next) return parsed.instant.toISOString();
  const [y, m, d] = value.split('-').map(Number);
  const following = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
  const after = parsePublicationDate(following);
  return typeof after === 'string' ? undefined : after.instant.toISOString();
}

function checkNumber(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new QueryError({ kind: 'bad-number', name, max });
  return value;
}

function checkFilters(req: SearchRequest): Filters {
  if (req.language !== undefined && !LANGUAGES.includes(req.language))
    throw new QueryError({ kind: 'bad-language', languages: LANGUAGES });
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

interface Ranked {
  ids: { id: string; score: number }[];
  /** All matches, counted up to COUNT_CAP + 1. */
  total: number;
  /** How many of them were ranked (the newest CANDIDATES): pages end there. */
  ranked: number;
}

/**
 * The search ranks only the newest this-many matches of a query (rows are numbered by publication day, so both
 * indexes hand them out newest first without reading the rest); older matches are never shown for a query that
 * matches more. The recency boost would put most of them lower anyway; what is lost is an old article that
 * names a very common word in its headline (docs/architecture.md, Suche).
 */
export const CANDIDATES = 1000;

/** Relevance times recency, computed here for both databases so they cannot drift apart. */
function scoreOf(fields: number[], publishedDay: number, today: number): number {
  const points = fields.reduce(
    (sum, bits) => sum + FIELD_POINTS.reduce((p, worth, i) => p + (bits & (1 << i) ? worth : 0), 0),
    0,
  );
  const relevance = 1 + points / Math.max(1, fields.length);
  return relevance * (1 + RECENCY_DAYS / (RECENCY_DAYS + Math.max(0, today - publishedDay)));
}

/** Ranked article ids of one page, the number of all matches (capped) and how many were ranked. */
export async function rankedIds(
  db: Kysely<Database>,
  dialect: Dialect,
  q: TermQuery,
  f: Filters,
  limit: number,
  offset: number,
  now = Date.now(),
  limitCandidates = CANDIDATES,
  phraseWindow = PHRASE_WINDOW,
): Promise<Ranked> {
  const today = Math.floor(now / DAY_MS);
  const { rows, total } = await candidates(db, dialect, q, f, limitCandidates, phraseWindow);
  // bm25 is lower for better matches, ts_rank_cd higher: ties are broken within one database only.
  const tieSign = dialect === 'sqlite' ? 1 : -1;
  const ranked = rows
    .map((r) => ({ r, score: scoreOf(r.fields, r.published_day, today) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        tieSign * (a.r.tie - b.r.tie) ||
        (a.r.published_at < b.r.published_at ? 1 : a.r.published_at > b.r.published_at ? -1 : 0) ||
        (a.r.article_id < b.r.article_id ? -1 : a.r.article_id > b.r.article_id ? 1 : 0),
    );
  return {
    ids: ranked.slice(offset, offset + limit).map((x) => ({ id: x.r.article_id, score: x.score })),
    total,
    ranked: rows.length,
  };
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
  const empty: SearchResults = { hits: [], total: 0, more: false, ranked: 0, page, perPage };
  if (parsed.all.length === 0) return empty;
  const q = termQuery(parsed, filters.language ? [filters.language] : LANGUAGES);
  const ranked = await rankedIds(app.db, app.dialect, q, filters, perPage, (page - 1) * perPage);
  if (ranked.total === 0) {
    const suggestion = await suggestSpelling(app.db, parsed, async (other) => {
      const found = await rankedIds(app.db, app.dialect, termQuery(other, LANGUAGES), filters, 1, 0, Date.now(), 1);
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
  const more = ranked.total > COUNT_CAP;
  return { hits, total: Math.min(ranked.total, COUNT_CAP), more, ranked: ranked.ranked, page, perPage };
}
