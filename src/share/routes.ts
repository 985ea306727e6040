// Artikel teilen's routes: the share page, the counted redirect to each target, the preview image and oEmbed.
// Each: validate input → look up the article → answer.
import type { App } from '../kernel/index.ts';
import { type Article, articlePath, blockTexts, getArticleBySlug } from '../article/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { SECURITY_HEADERS, type Page } from '../web/http.ts';
import { layout } from '../web/layout.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { recordShare } from './counts.ts';
import { shareMessages } from './messages.ts';
import { previewInput } from './preview.ts';
import { PreviewTimeout, type PreviewStore } from './preview-store.ts';
import { mayCount } from './rate-limit.ts';
import {
  instanceHost,
  isLinkTarget,
  quoteInText,
  quoteText,
  targetUrl,
  textDirective,
  type Shared,
} from './targets.ts';
import { oembed } from './oembed.ts';
import { sharedTitle, sharePage } from './views.ts';

export interface ShareDeps {
  previews: PreviewStore;
}

const MAX_QUOTE = 1000;

/** Everything a reader can select in the article, for checking that a shared quote is really in it. */
export function articleText(a: Article): string {
  const blocks = a.body.map((b) =>
    b.type === 'quote' && b.cite
      ? `${b.text}\n— ${b.cite}`
      : blockTexts(b)
          .map((t) => t.text)
          .join('\n'),
  );
  return [a.kicker ?? '', a.headline, a.lead, ...blocks].join('\n');
}

/**
 * What a click shares: the article, or a quote from it (linked with a text fragment), or a moment of its audio
 * (`#t=`). A quote that is not in the article or a malformed time is ignored: the article itself is shared.
 */
export function sharedFor(a: Article, canonical: string, params: URLSearchParams): Shared {
  const quote = params.get('zitat');
  const seconds = params.get('t');
  const validQuote = quote && quote.length <= MAX_QUOTE && quoteInText(quote, articleText(a)) ? quote : undefined;
  if (seconds && /^\d{1,5}(\.\d{1,3})?$/.test(seconds)) {
    return {
      title: sharedTitle(a),
      url: `${canonical}#t=${seconds}`,
      ...(validQuote ? { text: quoteText(validQuote, a.language) } : {}),
    };
  }
  if (validQuote)
    return {
      title: sharedTitle(a),
      url: `${canonical}#:~:text=${textDirective(validQuote)}`,
      text: quoteText(validQuote, a.language),
    };
  return { title: sharedTitle(a), url: canonical };
}

export function shareRoutes(app: App, deps: ShareDeps): Route[] {
  const published = async (slug: string) => {
    const a = await getArticleBySlug(app.db, slug);
    return a && a.status === 'published' ? a : undefined;
  };
  const canonical = (a: Article) => app.config.baseUrl + articlePath(a);
  const count = async (ctx: RequestContext, a: Article, target: string) => {
    if (await mayCount(app, ctx, a.id, target)) await recordShare(app.db, a.id, target);
  };

  return [
    {
      method: 'GET',
      path: /^\/artikel\/([^/]+)\/teilen$/,
      async handle(ctx) {
        const a = await published(ctx.params[0]!);
        if (!a) return undefined;
        const m = shareMessages[ctx.locale];
        // Coming back from the Mastodon form with something that is no host name: say so, keep what was typed.
        const typed = ctx.url.searchParams.get('instanz');
        const invalid = typed !== null && !instanceHost(typed);
        const body = layout({
          baseUrl: app.config.baseUrl,
          locale: ctx.locale,
          t: ctx.t,
          title: `${m.share}: ${a.headline} – ${app.site.name}`,
          site: app.site,
          path: ctx.url.pathname + ctx.url.search,
          head: sharePageHead(),
          main: sharePage(a, canonical(a), m, invalid ? typed.slice(0, 300) : undefined),
          scripts: app.scripts,
        });
        return { status: invalid ? 400 : 200, type: 'text/html; charset=utf-8', body, cacheControl: 'no-cache' };
      },
    },
    {
      method: 'GET',
      path: /^\/teilen\/([a-z]+)\/([^/]+)$/,
      async handle(ctx) {
        const target = ctx.params[0]!;
        if (!isLinkTarget(target)) return undefined;
        const a = await published(ctx.params[1]!);
        if (!a) return undefined;
        const shared = sharedFor(a, canonical(a), ctx.url.searchParams);
        // HEAD is what link checkers send; only a reader's GET counts.
        const counted = () => (ctx.req.method === 'GET' ? count(ctx, a, target) : Promise.resolve());
        if (target !== 'mastodon') {
          await counted();
          return seeOther(ctx, targetUrl(target, shared));
        }
        const typed = ctx.url.searchParams.get('instanz') ?? '';
        const host = instanceHost(typed);
        // Without a usable instance the share page asks for one, and says what was wrong.
        if (!host)
          return seeOther(ctx, `${articlePath(a)}/teilen?instanz=${encodeURIComponent(typed.slice(0, 300))}#mastodon`);
        await counted();
        return leaving(app, ctx, a, targetUrl(target, shared, host), host);
      },
    },
    {
      method: 'GET',
      path: /^\/artikel\/([^/]+)\/vorschau\.png$/,
      async handle(ctx): Promise<Page | undefined> {
        const a = await published(ctx.params[0]!);
        if (!a) return undefined;
        let drawn;
        try {
          drawn = await deps.previews.png(a.id, previewInput(a, app.site.name));
        } catch (err) {
          if (!(err instanceof PreviewTimeout)) throw err;
          app.log(err.message);
          return {
            status: 503,
            type: 'text/plain; charset=utf-8',
            body: 'The preview image took too long to draw; try again later.\n',
            cacheControl: 'no-store',
            headers: { 'retry-after': '60' },
          };
        }
        const { hash, png } = drawn;
        // The URL on the page names the drawing; a stale name still gets the current image, briefly cached.
        const current = ctx.url.searchParams.get('v') === hash;
        return {
          status: 200,
          type: 'image/png',
          body: png,
          cacheControl: current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
          headers: { vary: 'Accept-Encoding' },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/oembed$/,
      handle: (ctx) => oembed(app, ctx, published),
    },
  ];
}

/**
 * Mastodon is reached from a form with a host the reader typed, so this page asks before leaving rather than
 * redirecting (which would make us an open redirect for any host): it names the host and links there; the reader
 * clicks. Nothing is fetched from that host, by the page or by us (checking that it answers like a Fediverse
 * server would make the server a client of any host typed in).
 */
function leaving(app: App, ctx: RequestContext, a: Article, location: string, host: string): Page {
  const m = shareMessages[ctx.locale];
  const main = html`<h1>${m.leaveTitle(host)}</h1>
<p>${m.leaveText(app.site.name, host)}</p>
<p><a class="share-leave" href="${location}">${m.instanceShare(host)}</a></p>
<p><a href="${articlePath(a)}">${m.backToArticle}</a></p>`;
  const body = layout({
    baseUrl: app.config.baseUrl,
    locale: ctx.locale,
    t: ctx.t,
    title: `${m.leaveTitle(host)} – ${app.site.name}`,
    site: app.site,
    path: ctx.url.pathname + ctx.url.search,
    head: sharePageHead(),
    main,
    scripts: app.scripts,
  });
  return { status: 200, type: 'text/html; charset=utf-8', body, cacheControl: 'no-store' };
}

function seeOther(ctx: RequestContext, location: string): 'handled' {
  ctx.res.writeHead(303, { ...SECURITY_HEADERS, location, 'cache-control': 'no-store', 'content-length': '0' }).end();
  return 'handled';
}

/** The share page is a tool, not content: search engines should keep to the article. */
function sharePageHead(): SafeHtml {
  return html`<meta name="robots" content="noindex">`;
}
