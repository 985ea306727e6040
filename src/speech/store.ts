// Storage for Vorlesen: the editors' pronunciation lexicon and each article's audio record.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { announcePageChanges, recordPageChanges } from '../store/page-changes.ts';
import { validateLexiconEntry, type LexiconEntry } from './lexicon.ts';

/** Where one sentence sits in the text (block, offsets) and in the audio (ms). */
export interface SentenceTiming {
  block: number;
  /** Which text of the block (a list item, an info box part); absent in timings written before there were parts. */
  part?: number;
  start: number;
  end: number;
  startMs: number;
  endMs: number;
}

export interface AudioRecord {
  articleId: string;
  state: 'pending' | 'ready' | 'failed';
  textHash: string;
  voice: string;
  fileKey: string | null;
  bytes: number | null;
  durationMs: number | null;
  timings: SentenceTiming[];
  error: string | null;
  updatedAt: string;
}

export async function listLexicon(db: Kysely<Database>): Promise<LexiconEntry[]> {
  return db.selectFrom('speech_lexicon').select(['word', 'spoken']).orderBy('word').execute();
}

/** Adds or replaces an entry; markup and control characters are refused with the reason. */
export async function addLexiconEntry(db: Kysely<Database>, word: string, spoken: string): Promise<void> {
  validateLexiconEntry(word, spoken);
  await db
    .insertInto('speech_lexicon')
    .values({ word, spoken, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('word').doUpdateSet({ spoken }))
    .execute();
}

export async function removeLexiconEntry(db: Kysely<Database>, word: string): Promise<boolean> {
  const r = await db.deleteFrom('speech_lexicon').where('word', '=', word).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function getAudio(db: Kysely<Database>, articleId: string): Promise<AudioRecord | undefined> {
  const r = await db.selectFrom('article_audio').selectAll().where('article_id', '=', articleId).executeTakeFirst();
  if (!r) return undefined;
  return {
    articleId: r.article_id,
    state: r.state,
    textHash: r.text_hash,
    voice: r.voice,
    fileKey: r.file_key,
    bytes: r.bytes,
    durationMs: r.duration_ms,
    timings: r.timings ? (JSON.parse(r.timings) as SentenceTiming[]) : [],
    error: r.error,
    updatedAt: r.updated_at,
  };
}

/** Records a state. A ready record replaces the file and timings; other states keep them (the audio that was). */
export async function setAudio(
  db: Kysely<Database>,
  articleId: string,
  change:
    | { state: 'pending'; textHash: string; voice: string; error?: string }
    | { state: 'failed'; textHash: string; voice: string; error: string }
    | {
        state: 'ready';
        textHash: string;
        voice: string;
        fileKey: string;
        bytes: number;
        durationMs: number;
        timings: SentenceTiming[];
      },
): Promise<void> {
  const now = new Date().toISOString();
  const row =
    change.state === 'ready'
      ? {
          state: change.state,
          text_hash: change.textHash,
          voice: change.voice,
          file_key: change.fileKey,
          bytes: change.bytes,
          duration_ms: change.durationMs,
          timings: JSON.stringify(change.timings),
          error: null,
          updated_at: now,
        }
      : {
          state: change.state,
          text_hash: change.textHash,
          voice: change.voice,
          error: change.error ?? null,
          updated_at: now,
        };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('article_audio')
      .values({ article_id: articleId, file_key: null, bytes: null, duration_ms: null, timings: null, ...row })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(row))
      .execute();
    // The article page shows the audio and the podcast feeds list it; no other page does.
    await recordPageChanges(tx, [`article:${articleId}`, 'podcast']);
  });
  announcePageChanges([`article:${articleId}`, 'podcast']);
}
