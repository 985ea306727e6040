// One ordered, append-only list. Never edit a migration that has shipped: add a new one.
// Each runs in its own transaction together with its row in schema_migrations.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Dialect } from './db.ts';
import { createSpeechTables } from '../speech/migrations.ts';
import { up as followUp } from '../follow/migrations.ts';
import { up as deliveryUp } from '../follow/delivery/migrations.ts';
import { up as shareUp } from '../share/migrations.ts';
import { upgradeBodies } from '../article/migrate-bodies.ts';

export interface Migration {
  name: string;
  up(tx: Transaction<Database>, dialect: Dialect): Promise<void>;
}

export const migrations: Migration[] = [
  {
    name: 'articles, authors, topics, revisions',
    async up(tx) {
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
    },
  },
  {
    name: 'jobs',
    async up(tx) {
      await tx.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('queued', 'running', 'done', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('run_at', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await tx.schema.createIndex('jobs_runnable').on('jobs').columns(['state', 'run_at']).execute();
    },
  },
  { name: 'speech lexicon and article audio', up: createSpeechTables },
  { name: 'follow: entities, article_entities, followers, follows', up: followUp },
  { name: 'follow delivery: push and mail subscriptions, deliveries, fan-outs', up: deliveryUp },
  { name: 'share counts per article, target and day', up: shareUp },
  { name: 'article bodies: plain-text blocks become rich blocks with no marks', up: upgradeBodies },
  {
    name: 'page changes: stale page keys for other processes',
    async up(tx, dialect) {
      await tx.schema
        .createTable('page_changes')
        .ifNotExists()
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('keys', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await tx.schema
        .createIndex('page_changes_created_at')
        .ifNotExists()
        .on('page_changes')
        .column('created_at')
        .execute();
      // beginWriting locks this row: every content write must find it.
      await tx
        .insertInto('site_meta')
        .values({ key: 'content_generation', value: '0' })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
  },
];

/** Applies what is missing; returns the version the database had before (0 = it was empty). */
export async function migrate(db: Kysely<Database>, dialect: Dialect, list: Migration[] = migrations): Promise<number> {
  await db.transaction().execute(async (tx) => {
    // Two processes starting at once (server and importer) must not both migrate.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7261001)`.execute(tx);
    await tx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
  });
  const before = await currentVersion(db);
  for (let i = before; i < list.length; i++) {
    const migration = list[i]!;
    await db.transaction().execute(async (tx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7261001)`.execute(tx);
      if ((await currentVersion(tx)) > i) return;
      await migration.up(tx, dialect);
      await tx
        .insertInto('schema_migrations')
        .values({ version: i + 1, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
    });
  }
  return before;
}

async function currentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}
