// Which index rows a search ranks: the newest matches of the query, found without reading older ones. Rows are
// numbered by publication day (document.ts, dayRows), so a date filter is a range of row numbers, and both
// databases hand out matches newest first. engine.ts scores the rows returned here with one formula.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { dayRows, ROWS_PER_DAY } from './document.ts';
import {
  FIELDS,
  fts5FieldMatch,
  fts5Match,
  hasPhrase,
  tsFieldQuery,
  tsQuery,
  type Field,
  type TermQuery,
} from './query.ts';
import type { SearchLanguage } from './text.ts';

/** Checked filters: the search's input as the databases receive it. */
export interface Filters {
  topic?: string;
  author?: string;
  entity?: string;
  fromAt?: string;
  toAt?: string;
  language?: SearchLanguage;
}

export interface Candidate {
  id: number;
  article_id: string;
  published_day: number;
  published_at: string;
  /** bm25 (lower is better) or ts_rank_cd (higher is better): breaks ties within one database. */
  tie: number;
  /** Each searched group's fields it was found in, as a bit per FIELDS entry. */
  fields: number[];
}

export interface Candidates {
  rows: Candidate[];
  /** All matches, counted up to COUNT_CAP + 1. */
  total: number;
}

/** Matches are counted up to here; the page says "more than 10,000". */
export const COUNT_CAP = 10_000;
/**
 * A phrase is checked in the newest this-many articles that hold all of its words (and match the rest of the
 * query). PostgreSQL's GIN index keeps no positions, so each check reads an article's terms; for a phrase of
 * common words the window spans a few months (docs/architecture.md, Search). Both databases use the same window.
 */
export const PHRASE_WINDOW = 1000;

const DAY_MS = 86_400_000;

/**
 * `indexed: false` writes the date conditions so that no index can serve them: PostgreSQL's planner would read the
 * date index and check the words by reading every tsvector in the range (1.2 s for a year), not use GIN.
 */
function filterSql(f: Filters, indexed = true): RawBuilder<unknown> {
  const at = indexed ? sql`d.published_at` : sql`(d.published_at || '')`;
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
  if (f.fromAt) parts.push(sql`and ${at} >= ${f.fromAt}`);
  if (f.toAt) parts.push(sql`and ${at} < ${f.toAt}`);
  if (f.language) parts.push(sql`and d.language = ${f.language}`);
  return sql.join(parts, sql` `);
}

/** Row numbers a search reads between; a bound left out is open. */
interface Bounds {
  lo?: number;
  hi?: number;
}

function boundSql(column: RawBuilder<unknown>, b: Bounds): RawBuilder<unknown> {
  return sql`${b.lo === undefined ? sql`` : sql`and ${column} >= ${b.lo}`} ${b.hi === undefined ? sql`` : sql`and ${column} <= ${b.hi}`}`;
}

/**
 * The rows a date filter can match: from the first row of the day `from` starts in to the last of the day before
 * `to` ends. A row numbered past its day (a day with more than 65,536 articles) lies higher; the partial index
 * `search_documents_past_day` finds those, so the upper bound still holds every match.
 */
async function dateBounds(db: Kysely<Database>, dialect: Dialect, f: Filters): Promise<Bounds> {
  const b: Bounds = {};
  if (f.fromAt) b.lo = dayRows(Math.floor(Date.parse(f.fromAt) / DAY_MS)).lo;
  if (f.toAt) {
    const last = Math.floor((Date.parse(f.toAt) - 1) / DAY_MS);
    // Spelled as the index's condition, constant included, and without max() (which would walk the primary
    // key instead), so both databases read the partial index.
    const day = sql.raw(dialect === 'postgres' ? 'published_day::bigint' : 'published_day');
    const past = await sql<{ id: number }>`select id from search_documents
      where id >= (${day} + 1) * ${sql.raw(String(ROWS_PER_DAY))} and published_day <= ${last}`.execute(db);
    b.hi = past.rows.reduce((hi, r) => Math.max(hi, Number(r.id)), dayRows(last).hi);
  }
  return b;
}

/** Up to this many candidates are looked up one by one (FTS5 seeks each rowid) rather than read as a stretch. */
const FEW = 32;

/** The newest matches on SQLite: FTS5 walks its doclists by descending rowid and stops at the limit. */
async function sqliteCandidates(
  db: Kysely<Database>,
  q: TermQuery,
  f: Filters,
  bounds: Bounds,
  limit: number,
  window: number,
): Promise<Candidates> {
  const filters = filterSql(f);
  const rowid = sql`search_fts.rowid`;
  const b = { ...bounds };
  if (hasPhrase(q)) {
    // The window: the window-th newest article holding all the words is where the phrase search starts.
    const loose = await sql<{ id: number }>`select search_fts.rowid as id from search_fts
      join search_documents d on d.id = search_fts.rowid
      where search_fts match ${fts5Match(q, true)} ${filters} ${boundSql(rowid, b)}
      order by search_fts.rowid desc limit 1 offset ${window - 1}`.execute(db);
    const start = loose.rows[0]?.id;
    if (start !== undefined) b.lo = Math.max(b.lo ?? start, start);
  }
  const from = sql`from search_fts join search_documents d on d.id = search_fts.rowid
    where search_fts match ${fts5Match(q)} ${filters} ${boundSql(rowid, b)}`;
  const rows = (
    await sql<Omit<Candidate, 'fields'>>`select d.id, d.article_id, d.published_day, d.published_at,
      bm25(search_fts, 8.0, 4.0, 2.0, 1.0) as tie ${from} order by search_fts.rowid desc limit ${limit}`.execute(db)
  ).rows.map((r) => ({ ...r, fields: q.all.map(() => 0) }));
  let total = rows.length;
  if (rows.length === limit)
    total = Number(
      (await sql<{ n: number }>`select count(*) as n from (select 1 ${from} limit ${COUNT_CAP + 1})`.execute(db))
        .rows[0]?.n ?? 0,
    );
  if (rows.length === 0) return { rows, total };
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Each field query reads only the candidates' stretch of rowids, or, when they are few (a rare phrase spread
  // over years), looks each of them up: a phrase's positions over the whole stretch cost 30 ms a field.
  const only =
    rows.length <= FEW
      ? sql`and rowid in (${sql.join(rows.map((r) => r.id))})`
      : boundSql(sql`rowid`, { lo: rows.at(-1)?.id, hi: rows[0]?.id });
  for (const [g, alts] of q.all.entries())
    for (const [i, field] of FIELDS.entries()) {
      const found = await sql<{ id: number }>`select rowid as id from search_fts
        where search_fts match ${fts5FieldMatch(alts, field)} ${only}`.execute(db);
      for (const r of found.rows) {
        const c = byId.get(r.id);
        if (c) c.fields[g] = (c.fields[g] ?? 0) | (1 << i);
      }
    }
  return { rows, total };
}

const TS_WEIGHTS = '{0.125, 0.25, 0.5, 1.0}'; // D, C, B, A: the proportions of bm25's 8, 4, 2, 1

/**
 * The newest matches on PostgreSQL. Its planner prices reading a tsvector (out of TOAST, decompressed) as nearly
 * free, so it would scan the table for any word, or walk every row for a rare one; the plan is chosen here.
 */
async function postgresCandidates(
  db: Kysely<Database>,
  q: TermQuery,
  f: Filters,
  bounds: Bounds,
  limit: number,
  window: number,
): Promise<Candidates> {
  const query = tsQuery(q);
  // Where GIN finds the rows, the filters are checked on what it found; a walk of the newest rows uses the bounds.
  const onFound = sql`${filterSql(f, false)} ${boundSql(sql`(d.id + 0)`, bounds)}`;
  const onWalk = sql`${filterSql(f)} ${boundSql(sql`d.id`, bounds)}`;
  const fieldTests = q.all.flatMap((alts, g) =>
    FIELDS.map(
      (field: Field, i) =>
        sql`(x.document @@ ${tsFieldQuery(alts, field)}::tsquery) as ${sql.ref(`f${g * FIELDS.length + i}`)}`,
    ),
  );
  return db.transaction().execute(async (tx) => {
    // JIT compiling takes longer than any of these queries runs; parallel workers only add their start.
    await sql`set local jit = off`.execute(tx);
    await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
    await sql`set local enable_seqscan = off`.execute(tx);
    let scope = sql``;
    let filters = onFound;
    let total: number;
    const phrase = hasPhrase(q);
    if (phrase) {
      // GIN keeps no positions: it finds the articles holding all the words exactly (no recheck), and only the
      // newest PHRASE_WINDOW of them are read to check the phrase.
      await sql`set local enable_indexscan = off`.execute(tx);
      const newest = await sql<{ id: number }>`select d.id from search_documents d
        where d.document @@ ${tsQuery(q, true)}::tsquery ${onFound}
        order by d.id desc limit ${window}`.execute(tx);
      if (newest.rows.length === 0) return { rows: [], total: 0 };
      await sql`set local enable_indexscan = on`.execute(tx);
      await sql`set local enable_bitmapscan = off`.execute(tx);
      scope = sql`and d.id = any(${newest.rows.map((r) => Number(r.id))}::integer[])`;
      filters = sql``; // the window's rows passed them
      total = 0; // the matches among them, counted below
    } else {
      // The count (from the GIN index, exact: no phrase, no weights) tells which way is cheap: a word in more
      // than a quarter of the articles walks the newest rows until it has the candidates (reading at most four
      // rows a candidate), anything rarer sorts the GIN index's matches by row number.
      const size = await sql<{ n: number }>`select reltuples as n from pg_class
        where oid = to_regclass('search_documents')`.execute(tx);
      const common = Math.max(COUNT_CAP, Math.round(Number(size.rows[0]?.n ?? 0) / 4));
      const count = await sql<{ n: string }>`select count(*) as n from (select 1 from search_documents d
        where d.document @@ ${query}::tsquery ${onFound} limit ${common + 1}) m`.execute(tx);
      total = Number(count.rows[0]?.n ?? 0);
      if (total === 0) return { rows: [], total };
      if (total > common) filters = onWalk;
      await sql
        .raw(total > common ? 'set local enable_bitmapscan = off' : 'set local enable_indexscan = off')
        .execute(tx);
    }
    // The lateral copy reads each candidate's tsvector once for the rank and every field test.
    const found = await sql<Omit<Candidate, 'fields'> & Record<string, boolean | number | string>>`select c.id,
        c.article_id, c.published_day, c.published_at,
        ts_rank_cd(${TS_WEIGHTS}::float4[], x.document, ${query}::tsquery, 1) as tie, ${sql.join(fieldTests)}
      from (select d.id, d.article_id, d.published_day, d.published_at, d.document from search_documents d
        where d.document @@ ${query}::tsquery ${filters} ${scope} order by d.id desc
        limit ${phrase ? Math.max(limit, window) : limit}) c,
      lateral (select c.document || ''::tsvector as document offset 0) x`.execute(tx);
    if (phrase) total = found.rows.length;
    const rows = found.rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      article_id: r.article_id,
      published_day: Number(r.published_day),
      published_at: r.published_at,
      tie: Number(r.tie),
      fields: q.all.map((_, g) =>
        FIELDS.reduce((bits, _f, i) => bits | (r[`f${g * FIELDS.length + i}`] === true ? 1 << i : 0), 0),
      ),
    }));
    return { rows, total };
  });
}

/**
 * The newest `limit` matches of the query within its filters, and how many there are (up to COUNT_CAP + 1); a
 * phrase is looked for among the newest `window` articles holding its words.
 */
export async function candidates(
  db: Kysely<Database>,
  dialect: Dialect,
  q: TermQuery,
  f: Filters,
  limit: number,
  window = PHRASE_WINDOW,
): Promise<Candidates> {
  const bounds = await dateBounds(db, dialect, f);
  if (bounds.lo !== undefined && bounds.hi !== undefined && bounds.lo > bounds.hi) return { rows: [], total: 0 };
  return dialect === 'sqlite'
    ? sqliteCandidates(db, q, f, bounds, limit, window)
    : postgresCandidates(db, q, f, bounds, limit, window);
}
