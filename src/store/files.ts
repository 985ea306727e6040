// Stored files (audio, images, preview images) behind a small interface, so object storage can follow. The local
// implementation writes to a temp file and renames it: a reader never sees a half-written file, and a failed
// write (full disk) leaves the previous file as it was.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Size in bytes, or undefined when there is no such file. */
  size(key: string): Promise<number | undefined>;
  /** Bytes start..end inclusive (the whole file without a range). */
  read(key: string, range?: { start: number; end: number }): Readable;
  remove(key: string): Promise<void>;
  /** Names of the files directly under a folder key (none when it does not exist). */
  list(folder: string): Promise<string[]>;
  /** Every file's key, in every folder, sorted (a backup copies them all). */
  keys(): Promise<string[]>;
}

/** A whole file's bytes, or undefined when there is no such file. */
export async function readBytes(files: FileStore, key: string): Promise<Buffer | undefined> {
  if ((await files.size(key)) === undefined) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of files.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function localFiles(root: string): FileStore {
  const path = (key: string) => {
    const p = normalize(join(root, key));
    if (!p.startsWith(root + sep) || key.includes('\0'))
      throw new Error(`files: key "${key}" leaves the data directory`);
    return p;
  };
  return {
    async put(key, bytes) {
      const target = path(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, bytes, { flush: true });
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw new Error(`files: cannot write ${key}: ${(err as Error).message}`, { cause: err });
      }
    },
    async size(key) {
      try {
        return (await stat(path(key))).size;
      } catch {
        return undefined;
      }
    },
    read(key, range) {
      return createReadStream(path(key), range ? { start: range.start, end: range.end } : {});
    },
    async remove(key) {
      await rm(path(key), { force: true });
    },
    async list(folder) {
      try {
        const entries = await readdir(path(folder), { withFileTypes: true });
        return entries.filter((e) => e.isFile() && !e.name.endsWith('.tmp')).map((e) => e.name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    async keys() {
      try {
        const entries = await readdir(root, { withFileTypes: true, recursive: true });
        return entries
          .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
          .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
          .sort();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
  };
}
