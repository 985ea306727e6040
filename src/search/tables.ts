// Search's tables, merged into the store's Database (its migration: src/search/migrations.ts). The terms
// themselves live in `search_fts` (SQLite, FTS5) or in `document` (PostgreSQL, a tsvector).
import type { Generated } from 'kysely';

/** One row per published article in the index. */
export interface SearchDocumentsTable {
  /** The FTS5 rowid on SQLite; numbered by publication day on both (`dayRows`), newest highest. */
  id: Generated<number>;
  article_id: string;
  language: string; // 'de' | 'en': the stemmer it was indexed with
  published_at: string; // as articles.published_at: filters and ties
  published_day: number; // days since 1970 (UTC): the recency boost, the same arithmetic on both databases
}

/** Indexed words as they were written (folded to lower case), for spelling suggestions. */
export interface SearchWordsTable {
  word: string;
  /** The first two letters: suggestions look only among words that start alike. */
  head: string;
  length: number;
  /** How many times an article was indexed with it; never decremented, so only a ranking hint. */
  uses: number;
}

declare module '../store/schema.ts' {
  interface Database {
    search_documents: SearchDocumentsTable;
    search_words: SearchWordsTable;
  }
}
