// One paragraph as Vorlesen would say it, for the newsroom's "hear this paragraph": the lexicon and language
// rules of the article's audio, the configured engine (its own processes, as for articles). Kept in memory by a
// hash of voice and spoken text, so hearing a paragraph again costs nothing; one synthesis at a time per process.
import { createHash } from 'node:crypto';
import type { SpeechApp } from './runtime.ts';
import { speakableSentences } from './speakable.ts';
import { listLexicon } from './store.ts';
import type { SpeechLanguage } from './vocabulary.ts';
import { readVoiceChoice } from './voice.ts';

/** A paragraph longer than this is refused: a preview is for hearing how a passage sounds, not for whole texts. */
export const MAX_PREVIEW_CHARS = 3000;
const KEEP = 32;

const kept = new Map<string, Buffer>();
let turn: Promise<unknown> = Promise.resolve();

/** MP3 bytes of the text, or undefined when nothing in it is spoken. */
export async function speakPreview(
  app: SpeechApp,
  text: string,
  language: SpeechLanguage,
): Promise<Buffer | undefined> {
  if ([...text].length > MAX_PREVIEW_CHARS) throw new RangeError(`longer than ${MAX_PREVIEW_CHARS} characters`);
  const sentences = speakableSentences(
    { headline: '', lead: '', body: [{ type: 'paragraph', text, marks: [] }] },
    language,
    await listLexicon(app.db),
  );
  if (!sentences.some((s) => s.spoken.trim())) return undefined;
  const choice = await readVoiceChoice(app.db, app.speech.engine.voices);
  const voice = app.speech.engine.voiceFor(language, choice);
  const hash = createHash('sha256')
    .update(JSON.stringify([voice, sentences.map((s) => [s.spoken, s.pauseAfterMs])]))
    .digest('base64url');
  const hit = kept.get(hash);
  if (hit) {
    kept.delete(hash);
    kept.set(hash, hit);
    return hit;
  }
  const made = turn.then(() => app.speech.engine.synthesize(sentences, language, undefined, choice));
  turn = made.catch(() => undefined);
  const { mp3 } = await made;
  kept.set(hash, mp3);
  if (kept.size > KEEP) kept.delete(kept.keys().next().value!);
  return mp3;
}
