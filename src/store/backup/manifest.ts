// manifest.json: what a backup holds and how to check it. It is written last, so a folder without one is an
// unfinished backup; every file it names was copied and hashed as it was written into the backup.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Dialect } from '../db.ts';

export const MANIFEST = 'manifest.json';

export interface AppliedMigration {
  version: number;
  name: string;
}

export interface DatabaseEntry {
  /** Within the backup folder. */
  file: string;
  bytes: number;
  sha256: string;
  /** PostgreSQL: the schema dumped, and the major version of the pg_dump that wrote it. */
  pgSchema?: string;
  pgDumpMajor?: number;
}

export interface FileEntry {
  /** The file's key in the app's FileStore; stored under `files/` in the backup. */
  key: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'blattwerk-backup';
  formatVersion: 1;
  blattwerkVersion: string;
  createdAt: string;
  dialect: Dialect;
  /** The migrations the backed-up database has applied, in order. */
  migrations: AppliedMigration[];
  database: DatabaseEntry;
  files: FileEntry[];
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const temp = join(dir, `${MANIFEST}.tmp`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
  await rename(temp, join(dir, MANIFEST));
}

/** Reads and checks the manifest's shape; a file key that could leave the backup folder is refused. */
export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new Error(`restore: ${dir} holds no ${MANIFEST}: not a backup, or one that did not finish`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (err) {
    throw new Error(`restore: ${MANIFEST} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const bad = (what: string) => new Error(`restore: ${MANIFEST} ${what}`);
  if (m?.format !== 'blattwerk-backup') throw bad('is not a Blattwerk backup manifest');
  if (m.formatVersion !== 1) throw bad(`has format version ${String(m.formatVersion)}; this Blattwerk reads 1`);
  if (m.dialect !== 'sqlite' && m.dialect !== 'postgres') throw bad(`names an unknown dialect "${String(m.dialect)}"`);
  if (!Array.isArray(m.migrations) || !Array.isArray(m.files) || typeof m.database?.file !== 'string')
    throw bad('lacks migrations, files or database');
  for (const f of [m.database.file, ...m.files.map((f) => f.key)])
    if (typeof f !== 'string' || !safeKey(f)) throw bad(`names a file outside the backup: "${String(f)}"`);
  return m;
}

const safeKey = (key: string) =>
  key !== '' && !key.includes('\0') && !key.startsWith('/') && posix.normalize(key) === key && !key.startsWith('..');

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
