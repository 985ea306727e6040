// Table types for Kysely. Timestamps are ISO 8601 UTC strings in both dialects: they sort as text, compare
// equal across SQLite and PostgreSQL, and need no type parsers (see docs/architecture.md).
import type { Generated } from 'kysely';

export interface SiteMetaTable {
  key: string;
  value: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

/** Idempotency keys of jobs sent to pg-boss, whose own keys only hold while a job waits or runs. */
export interface JobKeysTable {
  key: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: string; // JSON
  /** Enqueuing the same key twice yields one job: the guard against doubled work and doubled messages. */
  idempotency_key: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** One content write's stale page keys, for other processes' page caches (src/store/page-changes.ts). */
export interface PageChangesTable {
  id: Generated<number>;
  keys: string; // JSON array of keys
  created_at: string;
}

/**
 * Every table, for Kysely. The store declares its own (site_meta, schema_migrations, jobs); each feature adds
 * its tables next to its migration by declaration merging (`declare module '…/store/schema.ts'`).
 */
export interface Database {
  site_meta: SiteMetaTable;
  schema_migrations: SchemaMigrationsTable;
  jobs: JobsTable;
  job_keys: JobKeysTable;
  page_changes: PageChangesTable;
}
