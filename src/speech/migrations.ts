// Vorlesen's tables: the pronunciation lexicon and one audio record per article.
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

export async function createSpeechTables(tx: Transaction<Database>): Promise<void> {
  await tx.schema
    .createTable('speech_lexicon')
    .addColumn('word', 'text', (c) => c.primaryKey())
    .addColumn('spoken', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await tx.schema
    .createTable('article_audio')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('voice', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('timings', 'text')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
