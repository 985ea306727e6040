// The SQLite half of a backup: better-sqlite3's online backup API copies the live file page by page while the
// site keeps writing (WAL readers never block writers), so the copy is one consistent snapshot.
import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { AppliedMigration } from './manifest.ts';

export const SQLITE_FILE = 'blattwerk.db';

/** Copies the database under `dataDir` to `target` and returns the migrations that copy has applied. */
export async function backupSqlite(dataDir: string, target: string): Promise<AppliedMigration[]> {
  const source = new SQLite(join(dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // All remaining pages in one step: one read transaction, so a write meanwhile never restarts the copy.
    await source.backup(target, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  return migrationsOf(target);
}

export function migrationsOf(file: string): AppliedMigration[] {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return copy.prepare('select version, name from schema_migrations order by version').all() as AppliedMigration[];
  } finally {
    copy.close();
  }
}

/** Puts the backed-up file in place as the data directory's database, whole or not at all. */
export async function restoreSqlite(file: string, dataDir: string): Promise<void> {
  const target = join(dataDir, SQLITE_FILE);
  const temp = `${target}.restoring`;
  try {
    await copyFile(file, temp);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}
