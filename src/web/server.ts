// The HTTP server: routing, the page cache, the language setting and errors. Features bring their routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { findAsset } from './assets.ts';
import { localPath, prepare, redirect, SECURITY_HEADERS, send, type Page, type Prepared } from './http.ts';
import { readCookie, setCookie } from './cookies.ts';
import { messages, negotiateLocale, type Locale, type Messages } from './i18n.ts';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  locale: Locale;
  t: Messages;
  /** Path parameters in order; '' for an optional part that is absent. */
  params: string[];
}

/** A route validates its input, calls its feature and renders; `'handled'` means it wrote the response itself. */
export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  /** Cache the rendered page until content changes (pages that depend only on content, URL and locale). */
  cache?: boolean;
  handle(ctx: RequestContext): Promise<Page | 'handled' | undefined>;
}

export interface ServerOptions {
  routes: Route[];
  notFound(ctx: RequestContext): Promise<Page>;
  /** Returns a token that changes whenever content changes (in this or another process). */
  contentGeneration(): Promise<string>;
  /** A cheap counter of this process's own content writes, compared on every request. */
  localChanges(): number;
  log(message: string): void;
  /** The site is served over https: cookies get Secure and `__Host-` names, every response carries HSTS. */
  secureCookies: boolean;
}

const CACHE_LIMIT = 1000;

/**
 * The page cache's key: locale, path and the page number, the only query parameter cached pages read.
 * Any other query string is not cached, so made-up parameters cannot push real pages out of the cache.
 */
function cacheKey(locale: Locale, url: URL): string | undefined {
  const names = [...url.searchParams.keys()];
  if (names.some((n) => n !== 'seite')) return undefined;
  const page = url.searchParams.get('seite');
  return `${locale} ${url.pathname}${page === null ? '' : `?seite=${page}`}`;
}

/** A path parameter: '' for an optional group that did not match, null when its %-encoding is broken. */
function decodeParam(p: string | undefined): string | null {
  try {
    return p === undefined ? '' : decodeURIComponent(p);
  } catch {
    return null;
  }
}
const GENERATION_CHECK_MS = 1000;

export function createWebServer(options: ServerOptions): Server & { invalidate(): void } {
  const cache = new Map<string, Prepared>();
  let generation = '';
  let checkedAt = 0;
  let checking: Promise<void> | undefined;

  let seenLocal = options.localChanges();

  async function freshCache(): Promise<void> {
    if (options.localChanges() !== seenLocal) {
      seenLocal = options.localChanges();
      cache.clear();
    }
    if (Date.now() - checkedAt < GENERATION_CHECK_MS) return;
    // A failed check (database briefly away) empties the cache and is tried again on the next request.
    checking ??= options
      .contentGeneration()
      .then(
        (g) => {
          if (g !== generation) cache.clear();
          generation = g;
          checkedAt = Date.now();
        },
        (err: unknown) => {
          cache.clear();
          options.log(`web: cannot check for content changes: ${(err as Error).message}`);
        },
      )
      .finally(() => {
        checking = undefined;
      });
    await checking;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A year, for this host only: other hosts under the same domain may not speak https.
    if (options.secureCookies) res.setHeader('strict-transport-security', 'max-age=31536000');
    let url: URL;
    try {
      if (!req.url?.startsWith('/') || req.url.startsWith('//')) throw new Error('not a path');
      url = new URL(req.url, 'http://localhost');
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
    const language = /^\/sprache\/(de|en)$/.exec(url.pathname);
    if (language && method === 'GET') {
      res.setHeader(
        'set-cookie',
        setCookie('lang', language[1]!, { secure: options.secureCookies, maxAgeSeconds: 31536000 }),
      );
      return redirect(res, localPath(url.searchParams.get('zurueck'), '/'));
    }
    const locale = negotiateLocale(req.headers['accept-language'], readCookie(req.headers.cookie, 'lang'));
    const ctx: RequestContext = { req, res, url, locale, t: messages[locale], params: [] };
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
      const key = route.cache ? cacheKey(locale, url) : undefined;
      if (key) {
        await freshCache();
        const hit = cache.get(key);
        if (hit) return send(req, res, hit);
      }
      const page = await route.handle(ctx);
      if (page === 'handled') return;
      if (page === undefined) break;
      // Only cacheable pages get the slow, small compression; one-off answers are compressed quickly.
      const prepared = prepare(page, key === undefined);
      if (key && page.status === 200) {
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
        cache.set(key, prepared);
      }
      return send(req, res, prepared);
    }
    if (allowed.length) {
      allowed = [...new Set(allowed)];
      res
        .writeHead(405, { ...SECURITY_HEADERS, allow: allowed.join(', '), 'content-type': 'text/plain; charset=utf-8' })
        .end(`method ${req.method} not allowed; use ${allowed.join(' or ')}\n`);
      return;
    }
    send(req, res, prepare(await options.notFound(ctx), true));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log(`web: ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) res.writeHead(500, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Interner Fehler / internal error\n');
    });
  });
  return Object.assign(server, {
    invalidate() {
      cache.clear();
      checkedAt = 0;
    },
  });
}
