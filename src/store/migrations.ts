// Applies the one ordered, append-only migration list the composition root hands over (src/migrations.ts).
// Each migration runs in its own transaction together with its row in schema_migrations.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Dialect } from './db.ts';

export interface Migration {
  name: string;
  up(tx: Transaction<Database>, dialect: Dialect): Promise<void>;
}

/** Whether a table has a column: lets a migration be run again (the body migration's test replays later ones). */
export async function hasColumn(
  tx: Transaction<Database>,
  dialect: Dialect,
  table: string,
  column: string,
): Promise<boolean> {
  const found =
    dialect === 'sqlite'
      ? await sql`select 1 from pragma_table_info(${table}) where name = ${column}`.execute(tx)
      : await sql`select 1 from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(tx);
  return found.rows.length > 0;
}

/** The job queue's table (the second migration of the list). Shipped: never edit. */
export async function createJobsTable(tx: Transaction<Database>): Promise<void> {
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
}

/**
 * Idempotency keys for the pg-boss queue, kept with the job's own transaction. Re-runnable, as the migration
 * tests run later migrations again. Shipped: never edit.
 */
export async function createJobKeysTable(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('job_keys')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/** The page cache's change log for other processes (a migration of the root's list). Shipped: never edit. */
export async function createPageChangesTable(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
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
}

/** Applies what is missing; returns the version the database had before (0 = it was empty). */
export async function migrate(db: Kysely<Database>, dialect: Dialect, list: Migration[]): Promise<number> {
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
