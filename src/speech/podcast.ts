// The audio as a podcast (RSS 2.0 with iTunes and Podcasting 2.0 tags), so any podcast app can follow it.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Article, articlePath, getArticlesByIds } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import { escapeHtml as x } from '../web/html.ts';
import { getAudio, type AudioRecord } from './store.ts';
import { captionsUrl, chaptersUrl } from './captions.ts';
import { audioUrl, clock } from './views.ts';

export interface PodcastInfo {
  title: string;
  description: string;
  homeUrl: string;
  feedUrl: string;
  baseUrl: string;
  author: string;
  language: string;
  /** The cover, absolute (see artwork.ts). */
  artworkUrl: string;
  /** Apple's owner contact; the email only when the site has one (BLATTWERK_MAIL_FROM). */
  owner: { name: string; email?: string | undefined };
  /** A reader's own feed: kept out of every directory (itunes:block, podcast:locked). */
  private?: boolean;
}

export type Episode = { article: Article; audio: AudioRecord };

/** Published articles with ready audio, newest first, optionally of one topic. */
export async function listEpisodes(db: Kysely<Database>, topic?: string, limit = 50): Promise<Episode[]> {
  let q = db
    .selectFrom('article_audio')
    .innerJoin('articles', 'articles.id', 'article_audio.article_id')
    .select('articles.id')
    .where('article_audio.state', '=', 'ready')
    .where('articles.status', '=', 'published');
  if (topic !== undefined)
    q = q.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  const rows = await q.orderBy('articles.published_at', 'desc').limit(limit).execute();
  return episodesOf(
    db,
    await getArticlesByIds(
      db,
      rows.map((r) => r.id),
    ),
  );
}

/** Those of `articles` whose audio is ready, in the given order. */
export async function episodesOf(db: Kysely<Database>, articles: Article[]): Promise<Episode[]> {
  const episodes: Episode[] = [];
  for (const article of articles) {
    const audio = await getAudio(db, article.id);
    if (audio?.state === 'ready' && audio.fileKey !== null) episodes.push({ article, audio });
  }
  return episodes;
}

/** podcast:guid is a UUIDv5 of the feed URL without scheme, as the Podcasting 2.0 namespace defines it. */
export function podcastGuid(feedUrl: string): string {
  const namespace = Buffer.from('ead4c236bf58589083f2f1d4ff7e6b7e', 'hex'); // podcast namespace UUID
  const hash = createHash('sha1')
    .update(namespace)
    .update(feedUrl.replace(/^[a-z]+:\/\//, '').replace(/\/$/, ''))
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * RSS 2.0 with the iTunes and Podcasting 2.0 tags Apple Podcasts and Podcast Index check (docs/architecture.md
 * lists them; podcast.test.ts holds the feed to them): each episode carries its captions (WebVTT, from the
 * sentence timings), its chapters (from the subheadings) and the article page as a transcript.
 */
export function renderPodcast(info: PodcastInfo, episodes: Episode[]): string {
  const items = episodes.map(({ article: a, audio }) => {
    const url = info.baseUrl + articlePath(a);
    return `<item>
<title>${x(a.kicker ? `${a.kicker}: ${a.headline}` : a.headline)}</title>
<itunes:title>${x(a.headline)}</itunes:title>
<link>${x(url)}</link>
<guid isPermaLink="false">${x(`${a.id}/${audio.textHash}`)}</guid>
<pubDate>${a.published.instant.toUTCString()}</pubDate>
<description>${x(a.lead)}</description>
<enclosure url="${x(info.baseUrl + audioUrl(audio))}" length="${audio.bytes ?? 0}" type="audio/mpeg"/>
<itunes:duration>${clock(audio.durationMs ?? 0)}</itunes:duration>
<itunes:episodeType>full</itunes:episodeType>
<itunes:explicit>false</itunes:explicit>
<itunes:image href="${x(info.artworkUrl)}"/>
${a.authors.length ? `<itunes:author>${x(a.authors.map((p) => p.name).join(', '))}</itunes:author>` : ''}
<podcast:transcript url="${x(info.baseUrl + captionsUrl(audio))}" type="text/vtt" language="${x(a.language)}" rel="captions"/>
<podcast:transcript url="${x(url)}" type="text/html" language="${x(a.language)}"/>
<podcast:chapters url="${x(info.baseUrl + chaptersUrl(audio))}" type="application/json+chapters"/>
</item>`;
  });
  const email = info.owner.email;
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
<title>${x(info.title)}</title>
<link>${x(info.homeUrl)}</link>
<description>${x(info.description)}</description>
<language>${x(info.language)}</language>
<copyright>© ${x(info.author)}</copyright>
<atom:link href="${x(info.feedUrl)}" rel="self" type="application/rss+xml"/>
<image><url>${x(info.artworkUrl)}</url><title>${x(info.title)}</title><link>${x(info.homeUrl)}</link></image>
<itunes:image href="${x(info.artworkUrl)}"/>
<itunes:author>${x(info.author)}</itunes:author>
<itunes:owner><itunes:name>${x(info.owner.name)}</itunes:name>${email ? `<itunes:email>${x(email)}</itunes:email>` : ''}</itunes:owner>
<itunes:explicit>false</itunes:explicit>
<itunes:type>episodic</itunes:type>
<itunes:category text="News"><itunes:category text="Daily News"/></itunes:category>
${info.private ? '<itunes:block>Yes</itunes:block>\n' : ''}<podcast:guid>${podcastGuid(info.feedUrl)}</podcast:guid>
<podcast:locked${email ? ` owner="${x(email)}"` : ''}>${info.private ? 'yes' : 'no'}</podcast:locked>
<podcast:medium>podcast</podcast:medium>
${items.join('\n')}
</channel>
</rss>
`;
}
