// The publishing core's tables. Shipped: never edit, add a new migration to the list in src/migrations.ts.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { hasColumn } from '../store/migrations.ts';

export async function createArticleTables(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('import_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('kicker', 'text')
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('lead', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_date', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await tx.schema
    .createIndex('articles_status_published_at')
    .on('articles')
    .columns(['status', 'published_at'])
    .execute();

  await tx.schema
    .createTable('authors')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('topics')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('article_authors')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_slug', 'text', (c) => c.notNull().references('authors.slug'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_slug'])
    .execute();
  await tx.schema.createIndex('article_authors_author').on('article_authors').column('author_slug').execute();
  await tx.schema
    .createTable('article_topics')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('topic_slug', 'text', (c) => c.notNull().references('topics.slug'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_topics_pk', ['article_id', 'topic_slug'])
    .execute();
  await tx.schema.createIndex('article_topics_topic').on('article_topics').column('topic_slug').execute();
  await tx.schema
    .createTable('article_revisions')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_revisions_pk', ['article_id', 'version'])
    .execute();
  await tx.schema
    .createTable('site_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function createArticleEventsTable(tx: Transaction<Database>): Promise<void> {
  // No foreign key: an event outlives the article it tells of. Safe to run again (the body migration's test does).
  await tx.schema
    .createTable('article_events')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createIndex('article_events_article')
    .ifNotExists()
    .on('article_events')
    .columns(['article_id', 'version'])
    .execute();
}

export async function createPagesTable(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('pages')
    .ifNotExists()
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/**
 * Standing pages edited in the newsroom: a version for the editor's `expectedVersion` and who saved last. Rows
 * from before count as version 1, written on the command line.
 */
export async function addPageVersions(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  // Safe to run again (the body migration's test replays every later migration).
  if (await hasColumn(tx, dialect, 'pages', 'version')) return;
  await tx.schema
    .alterTable('pages')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await tx.schema.alterTable('pages').addColumn('updated_by', 'text').execute();
  await tx.updateTable('pages').set({ updated_by: 'cli' }).execute();
}

/**
 * The newsroom's workflow on the article: its state beside `status`, who created it, when it is scheduled and
 * embargoed, why it was withdrawn; and its corrections. `status` stays what readers may see ('published' only when
 * the state is 'published'), so every list, feed and handler that asks for published articles stays right, and
 * SQLite keeps its table (a wider CHECK on `status` would mean rebuilding it).
 */
export async function addWorkflow(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  // Safe to run again (the body migration's test replays every later migration): done once the column is there.
  const has =
    dialect === 'sqlite'
      ? await sql`select 1 from pragma_table_info('articles') where name = 'state'`.execute(tx)
      : await sql`select 1 from information_schema.columns
          where table_schema = current_schema() and table_name = 'articles' and column_name = 'state'`.execute(tx);
  if (has.rows.length) return;
  await tx.schema
    .alterTable('articles')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`state in ('draft', 'review', 'scheduled', 'published', 'withdrawn')`),
    )
    .execute();
  await tx.updateTable('articles').set({ state: 'published' }).where('status', '=', 'published').execute();
  for (const column of ['created_by', 'scheduled_at', 'embargo_until', 'state_note'] as const)
    await tx.schema.alterTable('articles').addColumn(column, 'text').execute();
  await tx.schema
    .alterTable('articles')
    .addColumn('keep_date', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await tx.schema.createIndex('articles_state_scheduled').on('articles').columns(['state', 'scheduled_at']).execute();
  await tx.schema
    .createTable('article_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('correction', 'update')`))
    .addColumn('wrong', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('substantive', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema.createIndex('article_corrections_article').on('article_corrections').column('article_id').execute();
  await tx.schema.createIndex('article_corrections_at').on('article_corrections').column('at').execute();
}

/** The optional SEO/social title and description are the article's (the editor's table held them before). */
export async function addSeoFields(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  if (await hasColumn(tx, dialect, 'articles', 'seo_title')) return;
  await tx.schema
    .alterTable('articles')
    .addColumn('seo_title', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await tx.schema
    .alterTable('articles')
    .addColumn('seo_description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
