// News folgen's tables: recognised entities, which articles mention them, anonymous followers and their follows.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

export async function up(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('person', 'place', 'organisation')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'proposed', 'removed')`))
    .addColumn('merged_into', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('article_entities')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('mentions', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_entities_pk', ['article_id', 'entity_id'])
    .execute();
  await tx.schema.createIndex('article_entities_entity').on('article_entities').column('entity_id').execute();
  await tx.schema
    .createTable('followers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('follows')
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'item'])
    .execute();
  await tx.schema.createIndex('follows_item').on('follows').columns(['item', 'follower_id']).execute();
}

/** Followed searches' matches: an article per row and search, dropped with the article. */
export async function createSearchMatches(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('search_matches')
    .ifNotExists()
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('search_matches_pk', ['item', 'article_id'])
    .execute();
  await tx.schema
    .createIndex('search_matches_article')
    .ifNotExists()
    .on('search_matches')
    .column('article_id')
    .execute();
}

/** Editors' per-article decisions on recognised entities: accepted, rejected, or added by hand. Re-runnable, as
 * the migration tests run later migrations again. */
export async function createEntityChoices(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('article_entity_choices')
    .ifNotExists()
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('accepted', 'rejected', 'added')`))
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_entity_choices_pk', ['article_id', 'entity_id'])
    .execute();
}
