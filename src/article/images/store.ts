// Ingesting an image: check it, derive every variant in memory, then write the original (once, by its SHA-256),
// the variants and the row. A refused or failed image leaves no row and no file behind.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { readBytes, type FileStore } from '../../store/files.ts';
import type { ImagesTable } from './migrations.ts';
import {
  ImageError,
  MAX_IMAGE_BYTES,
  oneAtATime,
  probeImage,
  renderVariants,
  tooLarge,
  variantName,
  type FocalPoint,
  type OutputFormat,
  type Variant,
} from './variants.ts';

export interface StoredImage {
  id: string;
  format: ImagesTable['format'];
  width: number;
  height: number;
  byteSize: number;
  focal: FocalPoint;
  /** Bytes of the 1200×630 JPEG: feeds give an enclosure's length. */
  shareBytes: number;
}

const CENTRE: FocalPoint = { x: 50, y: 50 };

export const originalKey = (sha256: string) => `images/originals/${sha256}`;
export const FILE_EXTENSION: Record<OutputFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
export const variantKey = (id: string, v: Pick<Variant, 'shape' | 'width'>, format: OutputFormat) =>
  `images/${id}/${variantName(v)}.${FILE_EXTENSION[format]}`;

/** Stores an image once per bytes and focal point; ingesting the same again returns the stored one. */
export async function ingestImage(
  db: Kysely<Database>,
  files: FileStore,
  input: { bytes: Buffer; name: string; focal?: FocalPoint | undefined },
): Promise<StoredImage> {
  const { bytes, name } = input;
  const focal = checkFocal(input.focal ?? CENTRE, name);
  const probed = await probeImage(bytes, name);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = createHash('sha256').update(`${sha256} ${focal.x} ${focal.y}`).digest('hex').slice(0, 32);
  const existing = await getImage(db, id);
  if (existing) return existing;

  const variants = await oneAtATime(() => renderVariants(bytes, name, probed, focal));
  const hadOriginal = (await files.size(originalKey(sha256))) !== undefined;
  const written: string[] = [];
  const row: ImagesTable = {
    id,
    original_sha256: sha256,
    format: probed.format,
    width: probed.width,
    height: probed.height,
    byte_size: bytes.length,
    focal_x: focal.x,
    focal_y: focal.y,
    share_bytes: variants.find((v) => v.format === 'jpeg')!.bytes.length,
    created_at: new Date().toISOString(),
  };
  try {
    if (!hadOriginal) {
      written.push(originalKey(sha256));
      await files.put(originalKey(sha256), bytes);
    }
    for (const v of variants) {
      const key = variantKey(id, v.variant, v.format);
      written.push(key);
      await files.put(key, v.bytes);
    }
    // Another process may have stored the same image meanwhile: its files have the same bytes as ours.
    await db
      .insertInto('images')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  } catch (err) {
    if (!(await getImage(db, id))) for (const key of written) await files.remove(key);
    throw new Error(`images: cannot store "${name}": ${(err as Error).message}`, { cause: err });
  }
  return toImage(row);
}

/** The original bytes of a stored image and its format (an export writes them beside the article). */
export async function readOriginal(
  db: Kysely<Database>,
  files: FileStore,
  id: string,
): Promise<{ bytes: Buffer; format: ImagesTable['format'] }> {
  const row = await db
    .selectFrom('images')
    .select(['original_sha256', 'format'])
    .where('id', '=', id)
    .executeTakeFirst();
  const bytes = row && (await readBytes(files, originalKey(row.original_sha256)));
  if (!row || !bytes) throw new Error(`images: the original of image ${id} is missing`);
  return { bytes, format: row.format };
}

/** Reads an image file for `ingestImage`; a file over the limit is refused from its size, before it is read. */
export async function readImageFile(path: string): Promise<Buffer> {
  const name = basename(path);
  const handle = await open(path, 'r').catch((err: unknown) => {
    throw new ImageError(`images: cannot open "${path}": ${(err as Error).message}`, { cause: err });
  });
  try {
    const { size } = await handle.stat();
    if (size > MAX_IMAGE_BYTES) throw tooLarge(name, size);
    // Room for one byte more than stat said: a file that grows while being read is caught, not cut.
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > size) throw new ImageError(`images: "${name}" changed while it was being read`);
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

export async function getImage(db: Kysely<Database>, id: string): Promise<StoredImage | undefined> {
  const row = await db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toImage(row);
}

function toImage(row: ImagesTable): StoredImage {
  return {
    id: row.id,
    format: row.format,
    width: Number(row.width),
    height: Number(row.height),
    byteSize: Number(row.byte_size),
    focal: { x: Number(row.focal_x), y: Number(row.focal_y) },
    shareBytes: Number(row.share_bytes),
  };
}

function checkFocal(focal: FocalPoint, name: string): FocalPoint {
  const ok = (n: number) => Number.isFinite(n) && n >= 0 && n <= 100;
  if (!ok(focal.x) || !ok(focal.y))
    throw new ImageError(`images: focal point of "${name}" must be two percentages 0–100 (got ${focal.x}, ${focal.y})`);
  return { x: Math.round(focal.x), y: Math.round(focal.y) };
}
