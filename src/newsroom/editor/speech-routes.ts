// Vorlesen in the editor's side column: the paragraph at the cursor as the voice will say it (its words), and
// "hear this paragraph" (the audio, made by Vorlesen's engine through the app's `speakPreview` hook, kept by a
// hash of the text there). Hearing is bounded in length and time and limited per person: synthesis costs real
// work, and a web process with only WebAssembly builds of the voice says it makes no samples.
import type { Route } from '../../kernel/index.ts';
import { LIMITS } from '../../article/index.ts';
import {
  listLexicon,
  MAX_PREVIEW_CHARS as MAX_HEAR_CHARS,
  PreviewUnavailable,
  speakableSentences,
} from '../../speech/index.ts';
import type { NewsroomApp } from '../context.ts';
import { json } from '../http.ts';
import { staffOf } from '../principal.ts';
import { refuse, refusedCrossSite } from './guard.ts';
import { editorMessages } from './messages.ts';

const HEARINGS = { max: 60, windowMs: 10 * 60_000 };

/** The text and language of a request, or undefined when the text is missing or longer than `max`. */
function textOf(body: unknown, max: number): { text: string; language: 'de' | 'en' } | undefined {
  const { text, language } = body as { text?: unknown; language?: unknown };
  if (typeof text !== 'string' || [...text].length > max) return undefined;
  return { text, language: language === 'en' ? 'en' : 'de' };
}

export function speechRoutes(app: NewsroomApp): Route[] {
  return [
    {
      // The speech text of one paragraph, as Vorlesen will say it (its lexicon and German/English rules).
      method: 'POST',
      path: /^\/redaktion\/artikel\/sprechtext$/,
      need: 'articles.write',
      async handle(ctx) {
        const crossSite = refusedCrossSite(app, ctx);
        if (crossSite) return crossSite;
        const read = await app.pipeline.json(ctx, { maxBytes: 4 * LIMITS.blockText });
        if (!read.ok) return refuse(read.status, read.reason);
        const asked = textOf(read.body, LIMITS.blockText);
        if (!asked) return refuse(400, editorMessages[ctx.locale].invalid('text'));
        const spoken = speakableSentences(
          { headline: '', lead: '', body: [{ type: 'paragraph', text: asked.text, marks: [] }] },
          asked.language,
          await listLexicon(app.db),
        )
          .filter((s) => s.blockIndex === 0)
          .map((s) => s.spoken);
        return json(200, { ok: true, spoken });
      },
    },
    {
      // The paragraph as audio: MP3 bytes in the answer (played from a blob: URL), never stored as a file.
      method: 'POST',
      path: /^\/redaktion\/artikel\/anhoeren$/,
      need: 'articles.write',
      async handle(ctx) {
        const m = editorMessages[ctx.locale];
        const crossSite = refusedCrossSite(app, ctx);
        if (crossSite) return crossSite;
        const limited = await app.pipeline.limit('editor-hear', staffOf(ctx).id, HEARINGS);
        if (!limited.ok) return refuse(429, m.hearTooMany, { retryAfter: limited.retryAfterS });
        const read = await app.pipeline.json(ctx, { maxBytes: 4 * MAX_HEAR_CHARS });
        if (!read.ok) return refuse(read.status, read.reason);
        const asked = textOf(read.body, MAX_HEAR_CHARS);
        if (!asked) return refuse(400, m.hearTooLong(MAX_HEAR_CHARS));
        const mp3 = await app.speakPreview(asked.text, asked.language).catch((error: unknown) => {
          if (error instanceof PreviewUnavailable) return error.reason;
          throw error;
        });
        if (mp3 === 'timeout') return refuse(503, m.hearSlow);
        if (mp3 === 'in-process') return refuse(503, m.hearNotHere);
        if (!mp3) return refuse(422, m.hearNothing);
        return { status: 200, type: 'audio/mpeg', body: mp3, cacheControl: 'no-store' };
      },
    },
  ];
}
