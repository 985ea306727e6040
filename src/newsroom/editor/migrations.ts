// The editor's tables: who has an article open (and, until moveSeoToArticles, an article's optional SEO fields).
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Dialect } from '../../store/db.ts';
import { hasColumn } from '../../store/migrations.ts';
import './tables.ts';

export async function up(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('editor_articles')
    .ifNotExists()
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('seo_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seo_description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await tx.schema
    .createTable('editor_presence')
    .ifNotExists()
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('editor_presence_pk', ['article_id', 'staff_id'])
    .execute();
}

/** Moves the SEO fields the editor kept into the article's own columns (addSeoFields), then drops its table. */
export async function moveSeoToArticles(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  // Run again (see hasColumn), the table is gone and there is nothing to move.
  if (!(await hasColumn(tx, dialect, 'editor_articles', 'seo_title'))) return;
  await sql`update articles set
    seo_title = (select e.seo_title from editor_articles e where e.article_id = articles.id),
    seo_description = (select e.seo_description from editor_articles e where e.article_id = articles.id)
    where exists (select 1 from editor_articles e where e.article_id = articles.id)`.execute(tx);
  await tx.schema.dropTable('editor_articles').execute();
}
