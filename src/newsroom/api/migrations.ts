// The API's tables: scoped tokens. Idempotent, like the migrations before it.
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
import './tables.ts';

export async function up(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('api_tokens')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}
