// RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one list of articles.
import { escapeHtml } from '../web/html.ts';
import { localePath, type Locale } from '../web/i18n.ts';
import { articlePath, dateTime, embedLabel } from './views.ts';
import { blockHtml, figureHtml } from './rich.ts';
import { shareImage } from './images/index.ts';
import type { Article } from './model.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** Feed URLs end in .xml (RSS), .atom or .json. */
export const FEED_EXT: Record<string, FeedFormat> = { xml: 'rss', atom: 'atom', json: 'json' };

export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedInfo {
  title: string;
  description: string;
  /** The HTML page the feed belongs to, absolute. */
  homeUrl: string;
  /** This feed's own URL, absolute. */
  feedUrl: string;
  language: string;
  baseUrl: string;
  /** The reader's language of the feed's address: its article links lead to pages in it. German when absent. */
  locale?: Locale;
}

const x = escapeHtml;

export function renderFeed(format: FeedFormat, info: FeedInfo, articles: Article[]): string {
  switch (format) {
    case 'rss':
      return rss(info, articles);
    case 'atom':
      return atom(info, articles);
    case 'json':
      return jsonFeed(info, articles);
  }
}

/** The article as HTML for feed readers, from the same renderer as the page; every link in it is absolute. */
export function articleHtml(a: Article, baseUrl: string): string {
  const ctx = { baseUrl, embedLabel: embedLabel[a.language.startsWith('de') ? 'de' : 'en'], feed: true };
  const lead = a.leadImage ? [figureHtml(a.leadImage, ctx, true).value] : [];
  return [`<p><strong>${x(a.lead)}</strong></p>\n`, ...lead, ...a.body.map((b, i) => blockHtml(b, i, ctx).value)].join(
    '',
  );
}

/** The lead image's 1200×630 JPEG, absolute, with its byte size: RSS enclosures need a length. */
function enclosure(a: Article, baseUrl: string) {
  if (!a.leadImage) return undefined;
  const image = shareImage(a.leadImage.image);
  return { ...image, url: baseUrl + image.path, length: a.leadImage.image.shareBytes, alt: a.leadImage.alt };
}

function lastChange(articles: Article[]): Date {
  const times = articles.map((a) => (a.updatedAt ?? a.published.instant).getTime());
  return new Date(times.length ? Math.max(...times) : 0);
}

function title(a: Article): string {
  return a.kicker ? `${a.kicker}: ${a.headline}` : a.headline;
}

function rss(info: FeedInfo, articles: Article[]): string {
  const items = articles.map((a) => {
    const url = info.baseUrl + localePath(info.locale ?? 'de', articlePath(a));
    const image = enclosure(a, info.baseUrl);
    const media = image
      ? `<enclosure url="${x(image.url)}" length="${image.length}" type="${image.type}"/>
<media:content url="${x(image.url)}" medium="image" type="${image.type}" width="${image.width}" height="${image.height}"><media:description>${x(image.alt)}</media:description></media:content>\n`
      : '';
    return `<item>
<title>${x(title(a))}</title>
<link>${x(url)}</link>
<guid isPermaLink="false">${x(a.id)}</guid>
<pubDate>${a.published.instant.toUTCString()}</pubDate>
${a.authors.map((p) => `<dc:creator>${x(p.name)}</dc:creator>`).join('\n')}
${a.topics.map((t) => `<category>${x(t.name)}</category>`).join('\n')}
<description>${x(a.lead)}</description>
<content:encoded>${x(articleHtml(a, info.baseUrl))}</content:encoded>
${media}</item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>${x(info.title)}</title>
<link>${x(info.homeUrl)}</link>
<description>${x(info.description)}</description>
<language>${x(info.language)}</language>
<lastBuildDate>${lastChange(articles).toUTCString()}</lastBuildDate>
<atom:link href="${x(info.feedUrl)}" rel="self" type="application/rss+xml"/>
${items.join('\n')}
</channel>
</rss>
`;
}

function atom(info: FeedInfo, articles: Article[]): string {
  const entries = articles.map((a) => {
    const url = info.baseUrl + localePath(info.locale ?? 'de', articlePath(a));
    const image = enclosure(a, info.baseUrl);
    const link = image
      ? `<link rel="enclosure" type="${image.type}" length="${image.length}" href="${x(image.url)}"/>\n`
      : '';
    return `<entry>
<id>urn:uuid:${x(a.id)}</id>
<title>${x(title(a))}</title>
<link rel="alternate" type="text/html" href="${x(url)}"/>
${link}<published>${a.published.instant.toISOString()}</published>
<updated>${(a.updatedAt ?? a.published.instant).toISOString()}</updated>
${a.authors.map((p) => `<author><name>${x(p.name)}</name></author>`).join('\n')}
${a.topics.map((t) => `<category term="${x(t.name)}"/>`).join('\n')}
<summary>${x(a.lead)}</summary>
<content type="html">${x(articleHtml(a, info.baseUrl))}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(info.language)}">
<id>${x(info.feedUrl)}</id>
<title>${x(info.title)}</title>
<subtitle>${x(info.description)}</subtitle>
<link rel="alternate" type="text/html" href="${x(info.homeUrl)}"/>
<link rel="self" type="application/atom+xml" href="${x(info.feedUrl)}"/>
<updated>${lastChange(articles).toISOString()}</updated>
<author><name>${x(info.title)}</name></author>
${entries.join('\n')}
</feed>
`;
}

function jsonFeed(info: FeedInfo, articles: Article[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: info.title,
    description: info.description,
    home_page_url: info.homeUrl,
    feed_url: info.feedUrl,
    language: info.language,
    items: articles.map((a) => ({
      id: a.id,
      url: info.baseUrl + localePath(info.locale ?? 'de', articlePath(a)),
      title: title(a),
      summary: a.lead,
      content_html: articleHtml(a, info.baseUrl),
      ...(a.leadImage ? { image: enclosure(a, info.baseUrl)!.url } : {}),
      date_published: a.published.instant.toISOString(),
      ...(a.updatedAt ? { date_modified: a.updatedAt.toISOString() } : {}),
      authors: a.authors.map((p) => ({ name: p.name })),
      tags: a.topics.map((t) => t.name),
      language: a.language,
      _blattwerk: { date_precision: a.published.precision, date: dateTime(a.published) },
    })),
  });
}
