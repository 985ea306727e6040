// The editor's tables: the optional SEO fields of an article, and who has an article open.
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
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
