// The voice Vorlesen speaks with, chosen by an administrator on the staff settings page among the engine's own
// (`SpeechEngine.voices`): one row in site_meta. New audio uses it; audio made before stays until its article
// changes or `blattwerk speech backfill` makes it again (the voice is in each audio's text hash).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

const KEY = 'speech.voice';

/** The chosen voice, or '' (the engine's standard) when none is chosen or the engine does not have it. */
export async function readVoiceChoice(db: Kysely<Database>, voices: readonly string[]): Promise<string> {
  const row = await db.selectFrom('site_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  return row && voices.includes(row.value) ? row.value : '';
}

/** Stores a choice the caller checked against the engine's voices; '' returns to the standard voice. */
export async function setVoiceChoice(db: Kysely<Database>, choice: string): Promise<void> {
  await db.deleteFrom('site_meta').where('key', '=', KEY).execute();
  if (choice !== '') await db.insertInto('site_meta').values({ key: KEY, value: choice }).execute();
}
