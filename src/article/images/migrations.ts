// Images: one row per original and focal point. The original's bytes are stored once by their SHA-256; the row's
// id covers bytes and focal point, so every variant URL names exactly what it shows and can be cached forever.
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';

export interface ImagesTable {
  id: string; // sha256(original bytes, focal point), 32 hex characters
  original_sha256: string;
  format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';
  width: number; // as displayed: after the EXIF orientation is applied
  height: number;
  byte_size: number;
  focal_x: number; // percent of the width, 0–100
  focal_y: number; // percent of the height, 0–100
  share_bytes: number; // size of the 1200×630 JPEG, an RSS enclosure's length
  created_at: string;
}

declare module '../../store/schema.ts' {
  interface Database {
    images: ImagesTable;
  }
}

/** Idempotent, like the migrations before it: a test may step back over them and run them again. */
export async function up(tx: Transaction<Database>, dialect: Dialect): Promise<void> {
  await tx.schema
    .createTable('images')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('focal_x', 'integer', (c) => c.notNull())
    .addColumn('focal_y', 'integer', (c) => c.notNull())
    .addColumn('share_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema.createIndex('images_original').ifNotExists().on('images').column('original_sha256').execute();
  // The lead image (Aufmacherbild) as JSON, like the body's image blocks: image id and size, alt, caption, credit.
  if (dialect === 'postgres') await sql`alter table articles add column if not exists lead_image text`.execute(tx);
  else {
    const columns = await sql<{ name: string }>`pragma table_info(articles)`.execute(tx);
    if (!columns.rows.some((c) => c.name === 'lead_image'))
      await tx.schema.alterTable('articles').addColumn('lead_image', 'text').execute();
  }
}
