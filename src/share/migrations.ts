// Share counts: one row per article, target and day. No reader, cookie, address or agent is ever stored.
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

export async function up(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('share_counts')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_counts_pk', ['article_id', 'target', 'day'])
    .execute();
}
