// What an article is indexed as: four weighted fields of terms (headline A, kicker and lead B, body C, captions
// D), written to FTS5 on SQLite or as a tsvector on PostgreSQL. Both get the same terms, made here.
import { sql, type Kysely } from 'kysely';
import { blockTexts, type Article } from '../article/index.ts';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { searchLanguage, terms, words, type SearchLanguage } from './text.ts';

export interface SearchDocument {
  language: SearchLanguage;
  headline: string[];
  lead: string[];
  body: string[];
  captions: string[];
}

/** The texts of each field, in reading order. */
export function fieldTexts(article: Article): {
  headline: string[];
  lead: string[];
  body: string[];
  captions: string[];
} {
  const body: string[] = [];
  const captions: string[] = [];
  if (article.leadImage?.caption) captions.push(article.leadImage.caption.text);
  for (const b of article.body) {
    const texts = blockTexts(b).map((t) => t.text);
    (b.type === 'image' ? captions : body).push(...texts);
  }
  return { headline: [article.headline], lead: [article.kicker ?? '', article.lead], body, captions };
}

export function searchDocument(article: Article): SearchDocument {
  const language = searchLanguage(article.language);
  const f = fieldTexts(article);
  const of = (texts: string[]) => texts.flatMap((t) => terms(t, language));
  return { language, headline: of(f.headline), lead: of(f.lead), body: of(f.body), captions: of(f.captions) };
}

// tsvector limits: positions above 16383 are not stored, and a lexeme keeps at most 256 of them.
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/**
 * The document as a tsvector literal, read with `::tsvector` so no PostgreSQL parser or dictionary changes a term.
 * Fields follow each other with a gap of one position, so a phrase never spans two of them (as in FTS5's columns).
 */
export function tsvectorLiteral(doc: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let at = 0;
  for (const [field, weight] of [
    [doc.headline, 'A'],
    [doc.lead, 'B'],
    [doc.body, 'C'],
    [doc.captions, 'D'],
  ] as const) {
    for (const t of field) {
      at++;
      if (at > MAX_POSITION) break;
      const list = positions.get(t) ?? [];
      if (list.length < MAX_POSITIONS) list.push(`${at}${weight}`);
      positions.set(t, list);
    }
    at++;
  }
  return [...positions]
    .map(([t, list]) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}':${list.join(',')}`)
    .join(' ');
}

const DAY_MS = 86_400_000;

/** Adds or replaces an article's entry (its terms, date and language) in one transaction. */
export async function writeDocument(db: Kysely<Database>, dialect: Dialect, article: Article): Promise<void> {
  await db.transaction().execute((tx) => writeDocumentIn(tx, dialect, article));
}

/**
 * Rows are numbered by publication day, day × 65,536 + the order of indexing within the day, so the newest
 * matches come first from FTS5 (rowids) and from PostgreSQL's primary key alike: the search ranks those
 * without reading older ones (src/search/engine.ts). The range fits PostgreSQL's integer for the days from 1880
 * to 2059; dates outside it share the range's first or last day.
 */
export const ROWS_PER_DAY = 65_536;
const FIRST_DAY = -32_768;
const LAST_DAY = 32_766;

export function dayRows(day: number): { lo: number; hi: number } {
  const d = Math.min(LAST_DAY, Math.max(FIRST_DAY, day));
  return { lo: d * ROWS_PER_DAY, hi: (d + 1) * ROWS_PER_DAY - 1 };
}

/** writeDocument inside the caller's transaction (the reindex writes a batch in one). */
export async function writeDocumentIn(tx: Kysely<Database>, dialect: Dialect, article: Article): Promise<void> {
  const doc = searchDocument(article);
  const row = {
    article_id: article.id,
    language: doc.language,
    published_at: article.published.instant.toISOString(),
    published_day: Math.floor(article.published.instant.getTime() / DAY_MS),
  };
  const { lo, hi } = dayRows(row.published_day);
  // Two writers must not take the same number: PostgreSQL serialises them here; SQLite has one writer.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('search_documents'))`.execute(tx);
  const old = await tx
    .selectFrom('search_documents')
    .select('id')
    .where('article_id', '=', article.id)
    .executeTakeFirst();
  let id = old?.id;
  if (id === undefined || id < lo || id > hi) {
    // New, or its day changed (or it was indexed before rows were numbered by day): it moves to its day's rows.
    if (old) await removeRow(tx, dialect, old.id);
    const last = await tx
      .selectFrom('search_documents')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('id', '>=', lo)
      .where('id', '<=', hi)
      .executeTakeFirst();
    id = last?.id == null ? lo : Number(last.id) + 1;
    // 65,536 articles on one day: the rest are numbered after every row, as if they were the newest.
    if (id > hi) {
      const top = await tx
        .selectFrom('search_documents')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      id = Number(top?.id ?? hi) + 1;
    }
    if (dialect === 'postgres')
      await sql`insert into search_documents (id, article_id, language, published_at, published_day, document)
        values (${id}, ${row.article_id}, ${row.language}, ${row.published_at}, ${row.published_day},
          ${tsvectorLiteral(doc)}::tsvector)`.execute(tx);
    else
      await tx
        .insertInto('search_documents')
        .values({ id, ...row })
        .execute();
  } else if (dialect === 'postgres') {
    await sql`update search_documents set language = ${row.language}, published_at = ${row.published_at},
      published_day = ${row.published_day}, document = ${tsvectorLiteral(doc)}::tsvector where id = ${id}`.execute(tx);
  } else {
    await tx.updateTable('search_documents').set(row).where('id', '=', id).execute();
  }
  if (dialect === 'sqlite') {
    await sql`delete from search_fts where rowid = ${id}`.execute(tx);
    await sql`insert into search_fts (rowid, headline, lead, body, captions) values (${id},
      ${doc.headline.join(' ')}, ${doc.lead.join(' ')}, ${doc.body.join(' ')}, ${doc.captions.join(' ')})`.execute(tx);
  }
  await countWords(tx, article);
}

async function removeRow(tx: Kysely<Database>, dialect: Dialect, id: number): Promise<void> {
  if (dialect === 'sqlite') await sql`delete from search_fts where rowid = ${id}`.execute(tx);
  await tx.deleteFrom('search_documents').where('id', '=', id).execute();
}

/** Removes an article from the index (withdrawn, back to draft); nothing happens when it is not there. */
export async function removeDocument(db: Kysely<Database>, dialect: Dialect, articleId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (dialect === 'sqlite')
      await sql`delete from search_fts where rowid in (select id from search_documents where article_id = ${articleId})`.execute(
        tx,
      );
    await tx.deleteFrom('search_documents').where('article_id', '=', articleId).execute();
  });
}

/** Lower-case words of headline, kicker and lead (where names and topics stand) for spelling suggestions. */
export function suggestionWords(article: Pick<Article, 'headline' | 'kicker' | 'lead'>): string[] {
  const seen = new Set<string>();
  for (const text of [article.headline, article.kicker ?? '', article.lead])
    for (const w of words(text)) {
      const word = text.slice(w.start, w.end).toLowerCase();
      if (word.length >= 4 && word.length <= 30 && !/\d/.test(word)) seen.add(word);
    }
  return [...seen];
}

async function countWords(tx: Kysely<Database>, article: Article): Promise<void> {
  const list = suggestionWords(article);
  for (let i = 0; i < list.length; i += 200) {
    const values = list
      .slice(i, i + 200)
      .map((word) => ({ word, head: word.slice(0, 2), length: word.length, uses: 1 }));
    await tx
      .insertInto('search_words')
      .values(values)
      .onConflict((oc) => oc.column('word').doUpdateSet({ uses: sql`search_words.uses + 1` }))
      .execute();
  }
}
