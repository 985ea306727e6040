// The reader pages the quality gates and `npm run bench:lighthouse` look at, on a demo site with the seed article
// and a reader who follows two things.
import type { Article } from '../../src/article/model.ts';
import type { RunningApp } from '../support.ts';

export const RICH_ARTICLE = '/artikel/jugendrat-gewaehlt-die-gruenen-baenke-holen-die-meisten-sitze';

export interface ReaderPage {
  name: string;
  path: string;
  /** Sent as the Cookie header: a reader's own state (their follows). */
  cookie?: string;
  /** Among the pages issue 10 names for Lighthouse: front, article, section and Meine News. */
  lighthouse?: boolean;
}

/** A new reader who follows Ukraine and Emmanuel Macron, as the follow dialog's script does it; their cookie. */
export async function followerCookie(baseUrl: string): Promise<string> {
  let cookie = '';
  for (const item of ['entity:ukraine', 'entity:emmanuel-macron']) {
    const headers = { accept: 'application/json', ...(cookie ? { cookie } : {}) };
    const status = (await (await fetch(`${baseUrl}/folgen/status`, { headers })).json()) as { csrf: string };
    const r = await fetch(`${baseUrl}/folgen`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: status.csrf, follow: item }),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    if (r.status !== 200) throw new Error(`reader pages: following ${item} answered ${r.status}`);
    cookie ||= r.headers.get('set-cookie')?.split(';')[0] ?? '';
    if (!cookie) throw new Error('reader pages: following set no cookie');
  }
  return cookie;
}

export async function readerPages(running: RunningApp, seed: Article): Promise<ReaderPage[]> {
  const cookie = await followerCookie(running.baseUrl);
  const article = `/artikel/${seed.slug}`;
  return [
    { name: 'front page', path: '/', lighthouse: true },
    { name: 'seed article', path: article, lighthouse: true },
    // The rich demo article: lead image, links, a list, a table, an info box and an embed card.
    { name: 'rich article', path: RICH_ARTICLE, lighthouse: true },
    // Issue 10 names a section page; a topic that is no section keeps the month timeline.
    { name: 'section page', path: running.app.site.sections[0]!.href, lighthouse: true },
    { name: 'topic page', path: '/thema/sicherheitspolitik' },
    // Also a topic, but one thing with the place named alike: its page is the place's.
    { name: 'place page (topic Ukraine)', path: '/thema/ukraine' },
    { name: 'author page', path: '/autor/lena-hartmann' },
    { name: 'entity page', path: '/person/emmanuel-macron' },
    { name: 'Meine News (new reader)', path: '/meine-news' },
    { name: 'Meine News (following two)', path: '/meine-news', cookie, lighthouse: true },
    { name: 'follow page without JavaScript', path: `${article}/folgen` },
    { name: 'share page without JavaScript', path: `${article}/teilen` },
    { name: 'search results', path: '/suche?q=Koalition' },
    { name: 'search without results', path: '/suche?q=Koalitoin' },
    { name: 'not found page', path: '/artikel/gibt-es-nicht' },
  ];
}
