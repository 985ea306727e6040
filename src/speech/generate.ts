// From article to audio: what is spoken, whether it changed, and the background job that makes the MP3.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { App } from '../kernel/index.ts';
import { type Article, type ArticleEventHandler, getArticleById } from '../article/index.ts';
import type { SpeechApp } from './runtime.ts';
import type { FileStore } from '../store/files.ts';
import { enqueue, wakeWorkers, type JobHandler } from '../store/jobs.ts';
import { announcePageChanges } from '../store/page-changes.ts';
import type { Database } from '../store/schema.ts';
import type { SpeechEngine } from './engine/engine.ts';
import { speakableSentences, type SpeakableSentence } from './speakable.ts';
import { audioPages, getAudio, listLexicon, setAudio, type SentenceTiming } from './store.ts';
import type { SpeechLanguage } from './vocabulary.ts';
import { readVoiceChoice } from './voice.ts';

declare module '../store/jobs.ts' {
  interface JobPayloads {
    'speech.generate': { articleId: string; textHash: string };
  }
}

export interface SpeechRuntime {
  engine: SpeechEngine;
  files: FileStore;
}

export interface SpeechPlan {
  language: SpeechLanguage;
  /** The administrator's choice among the engine's voices ('' for its standard one). */
  choice: string;
  voice: string;
  sentences: SpeakableSentence[];
  /** Changes exactly when the spoken text, its pauses, the voice or a sentence's place in the printed text change. */
  textHash: string;
}

export function speechLanguage(language: string): SpeechLanguage {
  return language.toLowerCase().startsWith('en') ? 'en' : 'de';
}

export async function speechPlan(
  db: Kysely<Database>,
  engine: Pick<SpeechEngine, 'voiceFor' | 'voices'>,
  article: Article,
): Promise<SpeechPlan> {
  const language = speechLanguage(article.language);
  const sentences = speakableSentences(article, language, await listLexicon(db));
  const choice = await readVoiceChoice(db, engine.voices);
  const voice = engine.voiceFor(language, choice);
  const textHash = createHash('sha256')
    // The positions belong in it: "5" → "fünf" speaks alike but moves the offsets the player highlights.
    .update(JSON.stringify([voice, sentences.map((s) => [s.spoken, s.pauseAfterMs, s.blockIndex, s.start, s.end])]))
    .digest('base64url')
    .slice(0, 22);
  return { language, choice, voice, sentences, textHash };
}

/**
 * Queues synthesis unless the audio for exactly this text and voice exists or is queued. The pending record and
 * its job commit together, so a process killed in between cannot leave audio marked pending with no job.
 */
export async function requestAudio(app: App, runtime: SpeechRuntime, article: Article): Promise<void> {
  if (article.status !== 'published') return;
  const plan = await speechPlan(app.db, runtime.engine, article);
  const audio = await getAudio(app.db, article.id);
  if (audio?.textHash === plan.textHash && audio.state !== 'failed') return;
  await app.db.transaction().execute(async (tx) => {
    await setAudio(tx, article.id, { state: 'pending', textHash: plan.textHash, voice: plan.voice });
    await enqueue(
      tx,
      'speech.generate',
      { articleId: article.id, textHash: plan.textHash },
      { idempotencyKey: `speech:${article.id}:${article.version}:${plan.textHash}` },
    );
  });
  announcePageChanges(audioPages(article.id));
  wakeWorkers();
}

/** The handler of article events: the article as it is now gets its audio (or already has it). */
export const audioOnArticleEvent: ArticleEventHandler<SpeechApp> = {
  on: ['article.published', 'article.changed'],
  async handle(app, event) {
    const article = await getArticleById(app.db, event.articleId);
    if (article) await requestAudio(app, app.speech, article);
  },
};

export type GenerateOutcome = 'generated' | 'unchanged' | 'nothing to say' | 'gone';

/** Synthesises the article's current text if its audio is not already that text. */
export async function generateAudio(
  app: App,
  runtime: SpeechRuntime,
  articleId: string,
  signal?: AbortSignal,
): Promise<GenerateOutcome> {
  const article = await getArticleById(app.db, articleId);
  if (!article || article.status !== 'published') return 'gone';
  const plan = await speechPlan(app.db, runtime.engine, article);
  const before = await getAudio(app.db, articleId);
  if (before?.state === 'ready' && before.textHash === plan.textHash) return 'unchanged';
  if (plan.sentences.length === 0) {
    await setAudio(app.db, articleId, {
      state: 'failed',
      textHash: plan.textHash,
      voice: plan.voice,
      error: 'no speakable text',
    });
    return 'nothing to say';
  }
  const result = await runtime.engine.synthesize(plan.sentences, plan.language, signal, plan.choice);
  const fileKey = `audio/${articleId}/${plan.textHash}.mp3`;
  await runtime.files.put(fileKey, result.mp3);
  const timings: SentenceTiming[] = plan.sentences.map((s, i) => ({
    block: s.blockIndex,
    part: s.part,
    start: s.start,
    end: s.end,
    startMs: Math.round(result.sentences[i]!.startMs),
    endMs: Math.round(result.sentences[i]!.endMs),
  }));
  await setAudio(app.db, articleId, {
    state: 'ready',
    textHash: plan.textHash,
    voice: plan.voice,
    fileKey,
    bytes: result.mp3.length,
    durationMs: Math.round(result.durationMs),
    timings,
  });
  // The previous file goes only once the new one is recorded: audio is never lost to a failed run.
  if (before?.fileKey && before.fileKey !== fileKey) await runtime.files.remove(before.fileKey);
  return 'generated';
}

export function generateJob(app: App, runtime: SpeechRuntime): JobHandler<'speech.generate'> {
  return async (job, signal) => {
    try {
      const outcome = await generateAudio(app, runtime, job.payload.articleId, signal);
      if (outcome === 'generated') app.log(`speech: audio ready for ${job.payload.articleId}`);
      return 'done';
    } catch (err) {
      const reason = `${runtime.engine.name}: ${(err as Error).message}`;
      const audio = await getAudio(app.db, job.payload.articleId);
      if (audio) {
        const change = { textHash: audio.textHash, voice: audio.voice, error: reason };
        // Until the last attempt the page says "being generated"; then it tells the truth.
        await setAudio(
          app.db,
          job.payload.articleId,
          job.attempts >= job.maxAttempts ? { state: 'failed', ...change } : { state: 'pending', ...change },
        );
      }
      throw new Error(reason, { cause: err });
    }
  };
}
