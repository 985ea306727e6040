// The HTTP server: routing, the page cache, the language setting and errors. Features bring their routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { findAsset } from './assets.ts';
import {
  compressWell,
  localPath,
  prepare,
  redirect,
  SECURITY_HEADERS,
  send,
  type Page,
  type Prepared,
} from './http.ts';
import { forEdge, REFETCH_HEADER } from './edge.ts';
import { createPageCache } from './page-cache.ts';
import { readCookie, setCookie } from './cookies.ts';
import { localePath, messages, splitLocale, type Locale, type Messages } from './i18n.ts';
import type { Authorised } from './pipeline.ts';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request's URL with the language prefix taken off: the path routes match (see `href`). */
  url: URL;
  /** From the URL: `/en/…` is English, everything else German. */
  locale: Locale;
  t: Messages;
  /** A path of this site (as routes match it) in this request's language: every link and redirect uses it. */
  href: (path: string) => string;
  /** Path parameters in order; '' for an optional part that is absent. */
  params: string[];
  /** Who is signed in, once the pipeline looked (routes that name a permission; see Pipeline.authorise). */
  principal?: Principal;
}

/** A signed-in person as the web layer sees them: an id, the session, and a permission check by name. */
export interface Principal {
  readonly id: string;
  readonly sessionId: string;
  can(permission: string): boolean;
}

/** A route validates its input, calls its feature and renders; `'handled'` means it wrote the response itself. */
export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  /**
   * Cache the rendered page (pages that depend only on content, URL and locale) until one of its `keys` changes.
   */
  cache?: boolean;
  /** The permission this route needs: the pipeline checks the session before the handler runs (never cached). */
  need?: string;
  handle(ctx: RequestContext): Promise<Page | 'handled' | undefined>;
}

export interface ServerOptions {
  routes: Route[];
  notFound(ctx: RequestContext): Promise<Page>;
  /** Subscribes to the page-change keys of every content write (any process); returns the unsubscribe. */
  watchChanges?(apply: (keys: readonly string[]) => void): () => void;
  /** The page cache's bound: rendered bodies plus their compressed forms. */
  cacheBytes?: number;
  log(message: string): void;
  /** The site is served over https: cookies get Secure and `__Host-` names, every response carries HSTS. */
  secureCookies: boolean;
  /**
   * An edge cache is purged when content changes (BLATTWERK_VARNISH_URL, BLATTWERK_PURGE_WEBHOOK): shared pages
   * tell it to keep them (`s-maxage`) and what they show (`Surrogate-Key`). Without purges an edge would keep
   * a changed page for that long, so they only carry the browser's minute.
   */
  edgeCache?: boolean;
  /** The pipeline's session and authorisation step, for routes that name a permission. */
  authorise?(ctx: RequestContext, need: string): Promise<Authorised>;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The page cache's key: locale, path and the page number, the only query parameter cached pages read. Any other
 * query string (or a page number not written as a plain number) is not cached, so made-up parameters cannot
 * push real pages out of the cache.
 */
function cacheKey(locale: Locale, url: URL): string | undefined {
  const names = [...url.searchParams.keys()];
  if (names.some((n) => n !== 'seite')) return undefined;
  const page = url.searchParams.get('seite');
  if (page !== null && !/^[1-9][0-9]{0,3}$/.test(page)) return undefined;
  return `${locale} ${url.pathname}${page === null ? '' : `?seite=${page}`}`;
}

/**
 * RFC 3986 §6.2.2: percent-escapes of unreserved characters decoded, the others in upper case. `/artikel/%65u`
 * and `/artikel/eu` are one page with one cache entry (answered in place, not redirected: no extra round trip).
 */
export function normalisePath(path: string): string {
  return path.replace(/%[0-9a-fA-F]{2}/g, (escape) => {
    const c = String.fromCharCode(parseInt(escape.slice(1), 16));
    return /^[A-Za-z0-9\-._~]$/.test(c) ? c : escape.toUpperCase();
  });
}

/** A path parameter: '' for an optional group that did not match, null when its %-encoding is broken. */
function decodeParam(p: string | undefined): string | null {
  try {
    return p === undefined ? '' : decodeURIComponent(p);
  } catch {
    return null;
  }
}
/** Better compression for cached pages runs in the thread pool, a few at a time: a flood of misses waits for none. */
// Pages missed meanwhile keep the fast level until they are rendered again.
const RECOMPRESSING_AT_ONCE = 2;

export function createWebServer(options: ServerOptions): Server {
  const cache = createPageCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  let recompressing = 0;

  // A page being rendered: requests for it wait for that render instead of rendering it again. After a change,
  // fifty readers of one article cost one render, not fifty in a row on the event loop.
  const rendering = new Map<string, Promise<Prepared | undefined>>();
  function renderOnce(key: string): { done(page: Prepared | undefined): void } {
    let resolve!: (page: Prepared | undefined) => void;
    const promise = new Promise<Prepared | undefined>((r) => (resolve = r));
    rendering.set(key, promise);
    return {
      done(page) {
        if (rendering.get(key) === promise) rendering.delete(key);
        resolve(page);
      },
    };
  }

  function compressLater(key: string, page: Prepared): void {
    if (!page.gzip || recompressing >= RECOMPRESSING_AT_ONCE) return;
    recompressing++;
    compressWell(page.body)
      .then((better) => cache.recompressed(key, page, better.gzip, better.brotli))
      .catch((err: unknown) => options.log(`web: cannot recompress ${key}: ${(err as Error).message}`))
      .finally(() => recompressing--);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A year, for this host only: other hosts under the same domain may not speak https.
    if (options.secureCookies) res.setHeader('strict-transport-security', 'max-age=31536000');
    let url: URL;
    try {
      if (!req.url?.startsWith('/') || req.url.startsWith('//')) throw new Error('not a path');
      url = new URL(req.url, 'http://localhost');
      url.pathname = normalisePath(url.pathname);
    } catch {
      res
        .writeHead(400, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
        .end('bad request target\n');
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method === 'GET' && url.pathname.startsWith('/assets/')) {
      const asset = findAsset(url.pathname);
      if (asset) return send(req, res, asset);
    }
    // The language's old forms: the switch's cookie link, and the English front page without its slash.
    const language = /^\/sprache\/(de|en)$/.exec(url.pathname);
    if (language && method === 'GET') {
      const back = splitLocale(localPath(url.searchParams.get('zurueck'), '/')).path;
      return movedLanguage(res, localePath(language[1] as Locale, back), 301);
    }
    if (url.pathname === '/en' && method === 'GET') return movedLanguage(res, `/en/${url.search}`, 301);
    const { locale, path } = splitLocale(url.pathname);
    url.pathname = path;
    const ctx: RequestContext = {
      req,
      res,
      url,
      locale,
      t: messages[locale],
      href: (p) => localePath(locale, p),
      params: [],
    };
    let allowed: string[] = [];
    for (const route of options.routes) {
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params = match.slice(1).map(decodeParam);
      if (params.includes(null)) break; // malformed %-encoding: no such page
      ctx.params = params as string[];
      if (route.need) {
        if (!options.authorise) throw new Error(`web: ${url.pathname} needs "${route.need}" but nothing authorises`);
        const authorised = await options.authorise(ctx, route.need);
        if (!authorised.ok) {
          req.resume();
          return send(req, res, prepare(authorised.page));
        }
      }
      // A reader who chose English by the old cookie, at a German address: once to the English one, cookie gone.
      // Cached pages do not vary on it, so a shared cache may answer German first; the switch is one link away.
      if (route.cache && locale === 'de' && readCookie(req.headers.cookie, 'lang') === 'en')
        return movedLanguage(res, localePath('en', url.pathname + url.search), 302);
      const key = route.cache && !route.need ? cacheKey(locale, url) : undefined;
      if (key && req.headers[REFETCH_HEADER] === undefined) {
        const ready = cache.get(key) ?? (await rendering.get(key));
        if (ready) return send(req, res, ready);
      }
      const render = key ? renderOnce(key) : undefined;
      try {
        const since = cache.version();
        const page = await route.handle(ctx);
        if (page === 'handled') return;
        if (page === undefined) break;
        // What the page cache shares between readers, an edge cache may share too.
        const shared = key !== undefined && page.status === 200;
        const prepared = prepare(shared && options.edgeCache ? forEdge(page) : page);
        if (shared) {
          cache.set(key, prepared, page.keys ?? [], since);
          render?.done(prepared);
          compressLater(key, prepared);
        }
        return send(req, res, prepared);
      } finally {
        render?.done(undefined);
      }
    }
    if (allowed.length) {
      allowed = [...new Set(allowed)];
      res
        .writeHead(405, { ...SECURITY_HEADERS, allow: allowed.join(', '), 'content-type': 'text/plain; charset=utf-8' })
        .end(`method ${req.method} not allowed; use ${allowed.join(' or ')}\n`);
      return;
    }
    send(req, res, prepare(await options.notFound(ctx)));
  }

  /** A redirect to the URL form of a language, which also expires the old `lang` cookie. */
  function movedLanguage(res: ServerResponse, location: string, status: 301 | 302): void {
    res.setHeader('set-cookie', setCookie('lang', '', { secure: options.secureCookies, maxAgeSeconds: 0 }));
    // A 302 follows the request's cookie: no cache may keep it.
    if (status === 302) res.setHeader('cache-control', 'private, no-store');
    redirect(res, location, status);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log(`web: ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) res.writeHead(500, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Interner Fehler / internal error\n');
    });
  });
  const unwatch = options.watchChanges?.((keys) => cache.drop(keys));
  if (unwatch) server.once('close', unwatch);
  return server;
}
