// One paragraph as Vorlesen would say it, for the newsroom's "hear this paragraph": the lexicon and language
// rules of the article's audio, the configured engine (its own processes, as for articles). Kept in memory by a
// hash of voice and spoken text, so hearing a paragraph again costs nothing. This runs in the process that
// answers requests, so it never lets an engine work on that process's own thread (WebAssembly), runs a few
// syntheses at a time and gives up at a deadline.
import { createHash } from 'node:crypto';
import type { SpeechRuntime } from './generate.ts';
import type { SpeechApp } from './runtime.ts';
import { speakableSentences } from './speakable.ts';
import { listLexicon } from './store.ts';
import type { SpeechLanguage } from './vocabulary.ts';
import { readVoiceChoice } from './voice.ts';

/** A paragraph longer than this is refused: a preview is for hearing how a passage sounds, not for whole texts. */
export const MAX_PREVIEW_CHARS = 3000;
const KEEP = 32;
/** A request waits no longer than this for its sample, its turn included. */
const DEADLINE_MS = 20_000;
/** Syntheses at once per process: each takes a core (espeak-ng, lame) from a process that serves pages too. */
const AT_ONCE = 2;

/** Why a sample cannot be had: the engine would block this process, or the deadline passed. */
export class PreviewUnavailable extends Error {
  override name = 'PreviewUnavailable';
  readonly reason: 'in-process' | 'timeout';
  constructor(reason: 'in-process' | 'timeout', message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface PreviewOptions {
  /** Tests give a tiny one. */
  deadlineMs?: number;
}

const kept = new Map<string, Buffer>();
let running = 0;
const waiting: (() => void)[] = [];

/** Waits for one of the AT_ONCE turns; the answer gives it back. Rejects when `signal` aborts first. */
function turn(signal: AbortSignal): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const start = () => {
      signal.removeEventListener('abort', leave);
      running++;
      let given = false;
      resolve(() => {
        if (given) return;
        given = true;
        running--;
        waiting.shift()?.();
      });
    };
    const leave = () => {
      waiting.splice(waiting.indexOf(start), 1);
      reject(signal.reason as Error);
    };
    if (running < AT_ONCE) return start();
    waiting.push(start);
    signal.addEventListener('abort', leave, { once: true });
  });
}

/** MP3 bytes of the text, or undefined when nothing in it is spoken. */
export async function speakPreview(
  app: Pick<SpeechApp, 'db'> & { speech: Pick<SpeechRuntime, 'engine'> },
  text: string,
  language: SpeechLanguage,
  options: PreviewOptions = {},
): Promise<Buffer | undefined> {
  if ([...text].length > MAX_PREVIEW_CHARS) throw new RangeError(`longer than ${MAX_PREVIEW_CHARS} characters`);
  const { engine } = app.speech;
  if (engine.inProcess)
    throw new PreviewUnavailable(
      'in-process',
      `speech: ${engine.name} would speak on this process's own thread; install espeak-ng and lame for samples`,
    );
  const sentences = speakableSentences(
    { headline: '', lead: '', body: [{ type: 'paragraph', text, marks: [] }] },
    language,
    await listLexicon(app.db),
  );
  if (!sentences.some((s) => s.spoken.trim())) return undefined;
  const choice = await readVoiceChoice(app.db, engine.voices);
  const voice = engine.voiceFor(language, choice);
  const hash = createHash('sha256')
    .update(JSON.stringify([voice, sentences.map((s) => [s.spoken, s.pauseAfterMs])]))
    .digest('base64url');
  const hit = kept.get(hash);
  if (hit) {
    kept.delete(hash);
    kept.set(hash, hit);
    return hit;
  }

  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  const timeout = new PreviewUnavailable('timeout', `speech: the sample was not spoken within ${deadlineMs} ms`);
  const stop = new AbortController();
  // Not waiting on the engine to notice: an engine that ignores the signal still frees the request.
  const stopped = new Promise<never>((_, reject) => stop.signal.addEventListener('abort', () => reject(timeout)));
  stopped.catch(() => undefined);
  const timer = setTimeout(() => stop.abort(timeout), deadlineMs);
  let done: (() => void) | undefined;
  try {
    done = await turn(stop.signal);
    const synthesis = engine.synthesize(sentences, language, stop.signal, choice);
    synthesis.catch(() => undefined);
    const { mp3 } = await Promise.race([synthesis, stopped]);
    kept.set(hash, mp3);
    if (kept.size > KEEP) kept.delete(kept.keys().next().value!);
    return mp3;
  } catch (error) {
    throw stop.signal.aborted ? timeout : error;
  } finally {
    clearTimeout(timer);
    done?.();
  }
}
