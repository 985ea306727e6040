// Vorlesen's marker on teasers: a small play sign with the audio's length, where the audio is ready.
import type { Kysely } from 'kysely';
import { articleMessages, type Article, type TeaserBadges } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import { html } from '../web/html.ts';
import type { Locale } from '../web/i18n.ts';
import { clock } from './views.ts';

export async function audioBadges(db: Kysely<Database>, articles: Article[], locale: Locale): Promise<TeaserBadges> {
  const badges: TeaserBadges = new Map();
  if (articles.length === 0) return badges;
  const rows = await db
    .selectFrom('article_audio')
    .select(['article_id', 'duration_ms'])
    .where('state', '=', 'ready')
    .where('article_id', 'in', [...new Set(articles.map((a) => a.id))])
    .execute();
  const listen = articleMessages[locale].listen;
  for (const r of rows) {
    if (r.duration_ms === null) continue;
    badges.set(
      r.article_id,
      html`<span class="audio-badge"><svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false"><path d="M4 2.5v11l9-5.5z"/></svg><span class="vh">${listen}: </span>${clock(r.duration_ms)}</span>`,
    );
  }
  return badges;
}
