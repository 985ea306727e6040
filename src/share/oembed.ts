// oEmbed (https://oembed.com/) for our article URLs: type "link" with the preview image as thumbnail. Type "rich"
// would need an iframe, and our pages forbid being framed (frame-ancestors 'none').
import type { App } from '../kernel/index.ts';
import { type Article, articlePath, authorPath } from '../article/index.ts';
import type { Page } from '../web/http.ts';
import type { RequestContext } from '../web/server.ts';
import { previewHash, previewInput, PREVIEW_HEIGHT, PREVIEW_WIDTH } from './preview.ts';
import { previewPath, sharedTitle } from './views.ts';

/** The slug of an article URL on this site (any query or fragment ignored); undefined for every other URL. */
export function articleSlugOf(url: string, baseUrl: string): string | undefined {
  let u: URL;
  let base: URL;
  try {
    u = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (u.origin !== base.origin || u.username || u.password) return undefined;
  const prefix = base.pathname.replace(/\/+$/, '');
  const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/artikel/([^/]+)/?$`).exec(u.pathname);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

const json = (status: number, body: unknown): Page => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
  cacheControl: status === 200 ? 'public, max-age=3600' : 'no-cache',
  // Consumers may ask from a browser; the answer is public anyway.
  headers: { 'access-control-allow-origin': '*', vary: 'Accept-Encoding' },
});

export async function oembed(
  app: App,
  ctx: RequestContext,
  published: (slug: string) => Promise<Article | undefined>,
): Promise<Page> {
  const p = ctx.url.searchParams;
  const format = p.get('format') ?? 'json';
  if (format !== 'json')
    return {
      status: 501,
      type: 'text/plain; charset=utf-8',
      body: `oEmbed format "${format.slice(0, 20)}" is not supported; use json\n`,
      cacheControl: 'no-cache',
    };
  const url = p.get('url');
  if (!url) return json(400, { error: 'the url parameter is missing' });
  const slug = articleSlugOf(url, app.config.baseUrl);
  const a = slug === undefined ? undefined : await published(slug);
  if (!a) return json(404, { error: 'no article of this site at that url' });
  const maxWidth = Number(p.get('maxwidth') ?? Infinity);
  const maxHeight = Number(p.get('maxheight') ?? Infinity);
  const thumbnailFits = !(maxWidth < PREVIEW_WIDTH) && !(maxHeight < PREVIEW_HEIGHT);
  const base = app.config.baseUrl;
  return json(200, {
    version: '1.0',
    type: 'link',
    title: sharedTitle(a),
    ...(a.authors.length
      ? { author_name: a.authors.map((x) => x.name).join(', '), author_url: base + authorPath(a.authors[0]!) }
      : {}),
    provider_name: app.site.name,
    provider_url: `${base}/`,
    cache_age: 3600,
    url: base + articlePath(a),
    ...(thumbnailFits
      ? {
          thumbnail_url: base + previewPath(a, previewHash(previewInput(a, app.site.name))),
          thumbnail_width: PREVIEW_WIDTH,
          thumbnail_height: PREVIEW_HEIGHT,
        }
      : {}),
  });
}
