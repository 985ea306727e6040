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
