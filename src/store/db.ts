// The one place that knows which database we talk to. Everything else sees a Kysely<Database>.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrate, type Migration } from './migrations.ts';
import { useQueue, type Queue } from './jobs.ts';
import { startPgBossQueue } from './queue-pgboss.ts';
import { moveTableJobs } from './queue-table.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Schema version before this process migrated: 0 means the database was created just now. */
  versionAtOpen: number;
  /** A new client outside the pool, configured like it (PostgreSQL only): for LISTEN. */
  newPgClient?: () => pg.Client;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite under dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (tests use a fresh one per run). */
  pgSchema?: string;
  /** The one ordered migration list; the composition root owns it (src/migrations.ts). */
  migrations: Migration[];
  /** The job queue on PostgreSQL: pg-boss unless 'table' (SQLite always has the table). */
  queue?: 'table' | 'pg-boss';
  /** How long a job stays claimed without its worker's heartbeat (pg-boss's heartbeat, at least 10 s). */
  jobLeaseMs?: number;
  /** How often pg-boss's cron looks for due schedules (30 s; a test shortens it). */
  cronCheckSeconds?: number;
  log?: (message: string) => void;
}

/**
 * pg-boss's schema: `pgboss` beside `public`, else beside the site's own schema (a search_path in the URL, a
 * test's schema), so that two sites in one database never share their jobs.
 */
export const pgBossSchema = (schema: string | undefined) =>
  schema && schema !== 'public' ? `${schema}_jobs` : 'pgboss';

/** postgres://… is PostgreSQL, no URL is SQLite; anything else is refused with the reason. */
export function dialectOf(url: string | undefined): Dialect {
  if (url === undefined || url === '') return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(
    `store: DATABASE_URL must start with postgres:// (got "${url.split(':')[0]}:…"); leave it unset for SQLite`,
  );
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const url = options.databaseUrl;
  let db: Kysely<Database>;
  const dialect = dialectOf(url);
  let newPgClient: (() => pg.Client) | undefined;
  if (url && dialect === 'postgres') {
    const settings = {
      connectionString: url,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    };
    const pool = new pg.Pool({ ...settings, max: 10 });
    newPgClient = () => new pg.Client(settings);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const file = new SQLite(join(options.dataDir, 'blattwerk.db'));
    // Wait for other processes' locks first, so that even switching a new file to WAL waits its turn.
    file.pragma('busy_timeout = 5000');
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  }
  let versionAtOpen: number;
  try {
    versionAtOpen = await migrate(db, dialect, options.migrations).catch(async () => {
      // Another process may have been migrating the same new database (SQLite has no advisory lock): once it
      // is done, there is nothing left to do or the rest goes through.
      await new Promise((r) => setTimeout(r, 250));
      return migrate(db, dialect, options.migrations);
    });
  } catch (err) {
    await db.destroy();
    throw new Error(`store: cannot migrate the ${dialect} database: ${(err as Error).message}`, { cause: err });
  }
  let queue: Queue | undefined;
  const log = options.log ?? ((m: string) => console.error(m));
  if (url && dialect === 'postgres' && options.queue !== 'table') {
    try {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
      queue = await startPgBossQueue({
        connectionString: url,
        schema: pgBossSchema(rows[0]?.schema),
        leaseMs: options.jobLeaseMs ?? 60_000,
        ...(options.cronCheckSeconds ? { cronCheckSeconds: options.cronCheckSeconds } : {}),
        log,
      });
      useQueue(db, queue);
      const moved = await moveTableJobs(db, queue);
      if (moved > 0) log(`jobs: moved ${moved} waiting jobs from the built-in table to pg-boss`);
    } catch (err) {
      await queue?.close();
      await db.destroy();
      throw new Error(`store: cannot start the pg-boss job queue: ${(err as Error).message}`, { cause: err });
    }
  }
  return {
    db,
    dialect,
    versionAtOpen,
    ...(newPgClient ? { newPgClient } : {}),
    async close() {
      await queue?.close();
      await db.destroy();
    },
  };
}

/**
 * Makes a content transaction a writer from its first statement. On SQLite a transaction that reads first and
 * writes later fails with "database is locked" when another process wrote in between (a stale snapshot cannot
 * be upgraded); one that starts by writing simply waits its turn (busy_timeout). On PostgreSQL the row lock makes
 * content writes take turns likewise.
 */
export async function beginWriting(tx: Kysely<Database>): Promise<void> {
  await tx
    .updateTable('site_meta')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('key', '=', 'content_generation')
    .execute();
}
