// `blattwerk backup` and `restore`: the database (one consistent snapshot) plus every file of the app's
// FileStore, with a manifest of sizes and SHA-256 hashes. It lives in the store because it spans every feature's
// tables and files without knowing any of them: it copies what the database and the FileStore hold.
//
// Consistency: files are written before the row that names them commits, are named by their content (a key
// never gets other bytes) and are removed only after no row names them. So every file the snapshot names exists
// at the snapshot's instant. The backup copies every file present before the snapshot, takes the snapshot, then
// copies every file that appeared meanwhile; a file the snapshot names can only be missed if it was created and
// removed again within those seconds (audio replaced twice during the backup). The manifest lists exactly the
// files copied, each hashed as it was written, so it never names a file the backup does not hold.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dialect } from '../db.ts';
import type { FileStore } from '../files.ts';
import { readManifest, sha256File, writeManifest, type FileEntry, type Manifest } from './manifest.ts';
import { backupPostgres, postgresNotEmpty, restorePostgres, restoreSchema } from './postgres.ts';
import { backupSqlite, restoreSqlite } from './sqlite.ts';

export type { Manifest } from './manifest.ts';

/** Where a site's data is: its database and its files. */
export interface SiteData {
  dialect: Dialect;
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (tests use a fresh one); default: the connection's current schema. */
  pgSchema?: string | undefined;
  files: FileStore;
}

export async function backup(site: SiteData, dir: string, options: { version: string }): Promise<Manifest> {
  const present = await entries(dir);
  if (present.length) throw new Error(`backup: ${dir} is not empty (holds ${list(present)}); give a new folder`);
  await mkdir(join(dir, 'files'), { recursive: true });
  const copied = new Map<string, FileEntry>();
  await copyFiles(site.files, dir, copied);
  const createdAt = new Date().toISOString();
  let manifest: Omit<Manifest, 'files'>;
  if (site.dialect === 'sqlite') {
    const file = 'database.sqlite';
    const migrations = await backupSqlite(site.dataDir, join(dir, file));
    manifest = base(site, options.version, createdAt, migrations, { file, ...(await sha256File(join(dir, file))) });
  } else {
    const file = 'database.pgdump';
    const dumped = await backupPostgres({ url: site.databaseUrl!, schema: site.pgSchema }, join(dir, file));
    const hashed = await sha256File(join(dir, file));
    manifest = base(site, options.version, createdAt, dumped.migrations, { file, ...hashed, ...dumped.database });
  }
  await copyFiles(site.files, dir, copied);
  const full: Manifest = { ...manifest, files: [...copied.values()].sort((a, b) => a.key.localeCompare(b.key)) };
  await writeManifest(dir, full);
  return full;
}

function base(
  site: SiteData,
  version: string,
  createdAt: string,
  migrations: Manifest['migrations'],
  database: Manifest['database'],
): Omit<Manifest, 'files'> {
  return {
    format: 'blattwerk-backup',
    formatVersion: 1,
    blattwerkVersion: version,
    createdAt,
    dialect: site.dialect,
    migrations: migrations.map((m) => ({ version: Number(m.version), name: m.name })),
    database,
  };
}

/** Copies each file not copied yet, hashing it on the way; a file removed since the listing is left out. */
async function copyFiles(files: FileStore, dir: string, copied: Map<string, FileEntry>): Promise<void> {
  for (const key of await files.keys()) {
    if (copied.has(key)) continue;
    const target = join(dir, 'files', key);
    await mkdir(dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(files.read(key), tap, createWriteStream(target));
    } catch (err) {
      await rm(target, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`backup: cannot copy file ${key}: ${(err as Error).message}`, { cause: err });
    }
    copied.set(key, { key, bytes, sha256: hash.digest('hex') });
  }
}

/**
 * Restores a backup into an empty site: checks everything first (dialect, migrations, emptiness, every hash),
 * then writes the files and the database. A target that holds anything is refused untouched; a failure after
 * the checks removes what this restore wrote.
 */
export async function restore(dir: string, site: SiteData, options: { migrations: string[] }): Promise<Manifest> {
  const manifest = await readManifest(dir);
  if (manifest.dialect !== site.dialect)
    throw new Error(
      manifest.dialect === 'sqlite'
        ? 'restore: this backup holds a SQLite database; unset DATABASE_URL to restore it into a data directory'
        : 'restore: this backup holds a PostgreSQL database; set DATABASE_URL to an empty database to restore it',
    );
  checkMigrations(manifest, options.migrations);
  const present = await entries(site.dataDir);
  if (present.length)
    throw new Error(
      `restore: the data directory ${site.dataDir} is not empty (holds ${list(present)}); nothing was changed. Restore into an empty one`,
    );
  let schema: string | undefined;
  if (site.dialect === 'postgres') {
    const target = { url: site.databaseUrl!, schema: site.pgSchema };
    schema = await restoreSchema(target);
    if (schema !== manifest.database.pgSchema)
      throw new Error(
        `restore: the backup holds schema "${manifest.database.pgSchema}" but the target uses "${schema}"; pg_restore cannot rename a schema: restore into a database whose search_path names "${manifest.database.pgSchema}"`,
      );
    const notEmpty = await postgresNotEmpty(target, schema);
    if (notEmpty) throw new Error(`restore: the database is not empty (${notEmpty}); nothing was changed`);
  }
  await verify(dir, manifest);
  try {
    for (const f of manifest.files) await site.files.put(f.key, await readFile(join(dir, 'files', f.key)));
    const file = join(dir, manifest.database.file);
    if (site.dialect === 'sqlite') await restoreSqlite(file, site.dataDir);
    else await restorePostgres({ url: site.databaseUrl!, schema }, file, manifest.database.pgDumpMajor ?? 0, schema!);
  } catch (err) {
    // The data directory was empty before: everything in it now is this restore's.
    for (const name of await entries(site.dataDir))
      await rm(join(site.dataDir, name), { recursive: true, force: true });
    throw err;
  }
  return manifest;
}

/** The backup's migrations must be this build's first ones: a newer backup needs a newer Blattwerk. */
function checkMigrations(manifest: Manifest, names: string[]): void {
  for (const [i, m] of manifest.migrations.entries()) {
    if (m.version !== i + 1 || names[i] !== m.name)
      throw new Error(
        names[i] === undefined
          ? `restore: the backup's database has migration ${m.version} "${m.name}", which this Blattwerk does not know: restore it with the version that made it (${manifest.blattwerkVersion}) or newer`
          : `restore: the backup's migration ${m.version} is "${m.name}" where this Blattwerk has "${names[i]}"`,
      );
  }
}

/** Every file the manifest names is there with its size and hash, before anything is written. */
async function verify(dir: string, manifest: Manifest): Promise<void> {
  const expected = [
    { path: manifest.database.file, ...manifest.database },
    ...manifest.files.map((f) => ({ ...f, path: `files/${f.key}` })),
  ];
  for (const e of expected) {
    let actual;
    try {
      actual = await sha256File(join(dir, e.path));
    } catch {
      throw new Error(`restore: the backup lacks ${e.path}, which its manifest names; nothing was changed`);
    }
    if (actual.sha256 !== e.sha256 || actual.bytes !== e.bytes)
      throw new Error(
        `restore: ${e.path} in the backup is damaged (its SHA-256 differs from the manifest); nothing was changed`,
      );
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

const list = (names: string[]) => names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
