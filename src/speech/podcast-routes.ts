// Vorlesen's podcast addresses: the site's and each topic's feed, the cover, and each episode's captions (WebVTT)
// and chapters (JSON). Captions and chapters sit beside the MP3 under the same hash and are cached as long.
import {
  articleMessages,
  getArticleById,
  getTopic,
  mailSender,
  siteLanguage,
  topicPath,
  type ArticlePodcast,
} from '../article/index.ts';
import type { Page } from '../web/http.ts';
import type { Route } from '../web/server.ts';
import { artworkKey, ensureArtwork, type ArtworkText } from './artwork.ts';
import { chapters, webVtt } from './captions.ts';
import { episodesOf, listEpisodes, renderPodcast, type PodcastInfo } from './podcast.ts';
import type { SpeechApp } from './runtime.ts';
import { getAudio } from './store.ts';
import { readBytes } from '../store/files.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Podcast web players fetch captions and chapters from their own origin; the files are public anyway.
const SHARED = { 'access-control-allow-origin': '*' };

/** The channel's parts every feed shares: owner, author, cover. */
async function channel(
  app: SpeechApp,
  feed: Omit<PodcastInfo, 'baseUrl' | 'author' | 'artworkUrl' | 'owner'>,
  cover: ArtworkText,
): Promise<PodcastInfo> {
  // The sender is "address" or "Name <address>" (BLATTWERK_MAIL_FROM is checked at start, the setting when set).
  const from = await mailSender(app.db, app.config.mailFrom);
  const email = from === undefined ? undefined : (/<([^>]+)>/.exec(from)?.[1] ?? from);
  return {
    ...feed,
    baseUrl: app.config.baseUrl,
    author: app.site.name,
    artworkUrl: app.config.baseUrl + (await ensureArtwork(app.files, { ...cover, logo: await siteLogo(app) })),
    owner: { name: app.site.name, email },
  };
}

/** The site logo's raster (the cover shows it in place of the name), if the site has one. */
async function siteLogo(app: SpeechApp): Promise<Buffer | undefined> {
  return app.site.logo && (await readBytes(app.files, app.site.logo.raster));
}

/** Vorlesen's side of the core's podcast hook: any feature's choice of articles as a podcast. */
export async function articlePodcast(app: SpeechApp, feed: ArticlePodcast, articles: Parameters<typeof episodesOf>[1]) {
  const label = articleMessages[feed.locale].listen;
  const info = await channel(app, feed, { site: app.site.name, subject: feed.subject, label });
  return renderPodcast(info, await episodesOf(app.db, articles));
}

export function podcastRoutes(app: SpeechApp): Route[] {
  /** The ready audio of an article by id and hash, and the article, or nothing. */
  async function episode(id: string, hash: string) {
    const audio = await getAudio(app.db, id);
    if (audio?.state !== 'ready' || audio.textHash !== hash) return undefined;
    const article = await getArticleById(app.db, id);
    return article?.status === 'published' ? { article, audio } : undefined;
  }

  return [
    {
      method: 'GET',
      path: /^\/audio\/([0-9a-f-]{36})\/([\w-]{22})\.(vtt|chapters\.json)$/,
      cache: true,
      async handle(ctx): Promise<Page | undefined> {
        const found = await episode(ctx.params[0]!, ctx.params[1]!);
        if (!found) return undefined;
        const { article, audio } = found;
        const keys = [`article:${article.id}`];
        if (ctx.params[2] === 'vtt')
          return {
            status: 200,
            type: 'text/vtt; charset=utf-8',
            body: webVtt(article, audio.timings),
            cacheControl: IMMUTABLE,
            headers: SHARED,
            keys,
          };
        const body = JSON.stringify(chapters(article, audio.timings));
        return {
          status: 200,
          type: 'application/json+chapters; charset=utf-8',
          body,
          cacheControl: IMMUTABLE,
          headers: SHARED,
          keys,
        };
      },
    },
    {
      method: 'GET',
      path: /^\/podcast\/cover\/([\w-]{22})\.png$/,
      async handle(ctx): Promise<Page | undefined> {
        const bytes = await readBytes(app.files, artworkKey(ctx.params[0]!));
        return bytes && { status: 200, type: 'image/png', body: bytes, cacheControl: IMMUTABLE };
      },
    },
    {
      method: 'GET',
      path: /^(?:\/thema\/([^/]+))?\/podcast\.xml$/,
      cache: true,
      async handle(ctx): Promise<Page | undefined> {
        const slug = ctx.params[0] ?? '';
        const topic = slug === '' ? undefined : await getTopic(app.db, slug);
        if (slug !== '' && !topic) return undefined;
        const base = topic ? topicPath(topic) : '';
        const title = topic ? `${topic.name} – ${app.site.name}` : app.site.name;
        const label = articleMessages[ctx.locale].listen;
        const info = await channel(
          app,
          {
            title: `${title} (${label})`,
            description: articleMessages[ctx.locale].feedOf(title),
            homeUrl: `${app.config.baseUrl}${base || '/'}`,
            feedUrl: `${app.config.baseUrl}${base}/podcast.xml`,
            language: await siteLanguage(app.db),
          },
          { site: app.site.name, subject: topic?.name, label },
        );
        const body = renderPodcast(info, await listEpisodes(app.db, topic?.slug));
        const cacheControl = 'public, max-age=300';
        return { status: 200, type: 'application/rss+xml; charset=utf-8', body, cacheControl, keys: ['podcast'] };
      },
    },
  ];
}
