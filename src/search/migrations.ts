// Search's tables. SQLite keeps the terms in a contentless FTS5 table (the text is in `articles`; rows can still
// be deleted), PostgreSQL in a tsvector column with a GIN index. Both are filled with the same terms by
// src/search/document.ts. Safe to run again (the body migration's test reruns what follows it). Shipped: never
// edit, append a new migration to src/migrations.ts.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';

export async function up(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  await tx.schema
    .createTable('search_documents')
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('article_id', 'text', (c) => c.notNull().unique().references('articles.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_day', 'integer', (c) => c.notNull())
    .execute();
  await tx.schema
    .createIndex('search_documents_published_at')
    .ifNotExists()
    .on('search_documents')
    .column('published_at')
    .execute();
  if (dialect === 'postgres') {
    await sql`alter table search_documents add column if not exists document tsvector not null`.execute(tx);
    await sql`create index if not exists search_documents_document on search_documents using gin (document)`.execute(
      tx,
    );
  } else {
    // ascii: the terms arrive folded and space-separated, so FTS5 must only split at the spaces.
    await sql`create virtual table if not exists search_fts using fts5(headline, lead, body, captions, content='', contentless_delete=1, tokenize='ascii')`.execute(
      tx,
    );
  }
  await tx.schema
    .createTable('search_words')
    .ifNotExists()
    .addColumn('word', 'text', (c) => c.primaryKey())
    .addColumn('head', 'text', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .execute();
  await tx.schema
    .createIndex('search_words_head')
    .ifNotExists()
    .on('search_words')
    .columns(['head', 'length'])
    .execute();
}

/**
 * Rows numbered past their publication day's range (a day with more than 65,536 articles): a date filter reads
 * rows by number and looks these up here. Normally empty. bigint: a day past 2059 must not overflow the product.
 * PostgreSQL: the GIN index without its pending list, which every search would scan in full (up to 4 MB of
 * recent entries, unsorted); an article is indexed alone, so writing straight into the index costs little.
 */
export async function readsUp(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  const product = dialect === 'postgres' ? '(published_day::bigint + 1) * 65536' : '(published_day + 1) * 65536';
  await sql
    .raw(
      `create index if not exists search_documents_past_day on search_documents (published_day) where id >= ${product}`,
    )
    .execute(tx);
  if (dialect === 'postgres') {
    await sql`alter index search_documents_document set (fastupdate = off)`.execute(tx);
    await sql`select gin_clean_pending_list('search_documents_document'::regclass)`.execute(tx);
  }
}
