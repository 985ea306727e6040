// Delivery's tables: where a reader wants news (push subscriptions, one mail subscription) and the outbox that
// makes each notification happen once per reader, article and channel.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../../store/db.ts';
import { hasColumn } from '../../store/migrations.ts';
import type { Database } from '../../store/schema.ts';

export async function up(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await tx.schema.createIndex('push_subscriptions_follower').on('push_subscriptions').column('follower_id').execute();

  await tx.schema
    .createTable('mail_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('follower_id', 'text', (c) => c.notNull().unique().references('followers.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'confirmed', 'unsubscribed')`))
    .addColumn('frequency', 'text', (c) => c.notNull().check(sql`frequency in ('instant', 'daily')`))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .execute();

  // The outbox. Its key is the idempotency key: one row per reader, article and channel, ever.
  await tx.schema
    .createTable('deliveries')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('push', 'mail')`))
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent', 'failed', 'dropped')`))
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('retry', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('deliveries_pk', ['article_id', 'channel', 'follower_id'])
    .execute();
  await tx.schema.createIndex('deliveries_batch').on('deliveries').columns(['batch', 'state']).execute();
  await tx.schema
    .createIndex('deliveries_follower')
    .on('deliveries')
    .columns(['follower_id', 'channel', 'state'])
    .execute();

  // How far each article's fan-out got, so a restarted fan-out resumes instead of starting over.
  await tx.schema
    .createTable('fanouts')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('after_follower', 'text', (c) => c.notNull())
    .addColumn('readers', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
}

/**
 * A substantive correction is a notification of its own: the outbox and the fan-out cursor gain `notice` ('' for
 * the publication, else the correction's id) in their keys. A key cannot change in place in SQLite, so both
 * tables are rebuilt (the same statements on PostgreSQL) with every row kept as the publication's.
 */
export async function addNotice(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  if (await hasColumn(tx, dialect, 'deliveries', 'notice')) return;
  await tx.schema
    .createTable('deliveries_next')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('notice', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('push', 'mail')`))
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent', 'failed', 'dropped')`))
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('retry', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('deliveries_notice_pk', ['article_id', 'notice', 'channel', 'follower_id'])
    .execute();
  const columns = [
    'article_id',
    'channel',
    'follower_id',
    'state',
    'batch',
    'retry',
    'due_at',
    'sent_at',
    'last_error',
  ] as const;
  await sql`insert into deliveries_next (${sql.join(columns.map((c) => sql.ref(c)))}) select ${sql.join(columns.map((c) => sql.ref(c)))} from deliveries`.execute(
    tx,
  );
  await tx.schema.dropTable('deliveries').execute();
  await tx.schema.alterTable('deliveries_next').renameTo('deliveries').execute();
  await tx.schema.createIndex('deliveries_batch').on('deliveries').columns(['batch', 'state']).execute();
  await tx.schema
    .createIndex('deliveries_follower')
    .on('deliveries')
    .columns(['follower_id', 'channel', 'state'])
    .execute();

  await tx.schema
    .createTable('fanouts_next')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('notice', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('after_follower', 'text', (c) => c.notNull())
    .addColumn('readers', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addPrimaryKeyConstraint('fanouts_notice_pk', ['article_id', 'notice'])
    .execute();
  await sql`insert into fanouts_next (article_id, after_follower, readers, started_at, finished_at) select article_id, after_follower, readers, started_at, finished_at from fanouts`.execute(
    tx,
  );
  await tx.schema.dropTable('fanouts').execute();
  await tx.schema.alterTable('fanouts_next').renameTo('fanouts').execute();
}
