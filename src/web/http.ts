// Turning a rendered page into bytes on the wire: security headers, compression, ETag and 304.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/** What a route returns. */
export interface Page {
  status: number;
  type: string;
  body: string | Buffer;
  cacheControl?: string;
  headers?: Record<string, string>;
  /** What a cached page shows, as page-change keys (`article:<id>`, `front`, …: src/store/page-changes.ts). */
  keys?: string[];
}

/** A page ready to send many times: hashed and compressed once. */
export interface Prepared {
  status: number;
  headers: Record<string, string>;
  etag: string;
  body: Buffer;
  gzip: Buffer | undefined;
  brotli: Buffer | undefined;
}

const csp = (style: string) =>
  `default-src 'none'; script-src 'self'; style-src ${style}; img-src 'self' data:; media-src 'self'; connect-src 'self'; ` +
  "font-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': csp("'self'"),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** Pages that say nothing else: browsers keep them a minute (the server's page cache keeps them current). */
export const DEFAULT_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** Allows the reader pages' one inline stylesheet by its hash (`sha256-…`), set once at start: no inline style else. */
export function allowInlineStyle(hash: string): void {
  SECURITY_HEADERS['content-security-policy'] = csp(`'self' '${hash}'`);
}

const COMPRESSIBLE =
  /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|feed\+json|javascript|ld\+json|manifest\+json)|image\/svg)/;

/**
 * Hashes and compresses, at a fast level by default: a reader who missed the cache waits for it, and cached
 * pages are compressed better later, off the event loop (`compressWell`). Assets, made once at start, take 9.
 */
export function prepare(page: Page, level: 4 | 9 = 4): Prepared {
  const body = typeof page.body === 'string' ? Buffer.from(page.body) : page.body;
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const compress = COMPRESSIBLE.test(page.type) && body.length > 512;
  return {
    status: page.status,
    etag,
    body,
    gzip: compress ? gzipSync(body, { level }) : undefined,
    brotli: compress ? brotliCompressSync(body, brotliLevel(level, body.length)) : undefined,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': page.type,
      'cache-control': page.cacheControl ?? DEFAULT_CACHE_CONTROL,
      vary: 'Accept-Encoding',
      ...page.headers,
    },
  };
}

const brotliLevel = (quality: number, length: number) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: length },
});
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Smaller bodies for a page served many times, made in libuv's thread pool (not at brotli's slow maximum, 11). */
export async function compressWell(body: Buffer): Promise<{ gzip: Buffer; brotli: Buffer }> {
  const [gz, br] = await Promise.all([gzipAsync(body, { level: 9 }), brotliAsync(body, brotliLevel(9, body.length))]);
  return { gzip: gz, brotli: br };
}

export function send(req: IncomingMessage, res: ServerResponse, p: Prepared): void {
  const headers: Record<string, string> = { ...p.headers, etag: p.etag };
  if (p.status === 200 && matchesEtag(req.headers['if-none-match'], p.etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  const accept = req.headers['accept-encoding'] ?? '';
  let body = p.body;
  if (p.brotli && /\bbr\b/.test(accept)) {
    body = p.brotli;
    headers['content-encoding'] = 'br';
  } else if (p.gzip && /\bgzip\b/.test(accept)) {
    body = p.gzip;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(p.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * A path on this site to send a reader back to, or the fallback. No scheme or host ("//x", "/\\x"), no
 * whitespace or control characters (browsers drop tabs, turning "/\t/x" into "//x"); non-ASCII is
 * percent-encoded so the path fits in a Location header.
 */
export function localPath(value: string | null | undefined, fallback: string): string {
  if (!value || !/^\/(?![/\\])[^\u0000-\u0020\u007f\\]*$/u.test(value)) return fallback;
  return value.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
}

export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { ...SECURITY_HEADERS, location, 'content-length': '0' }).end();
}
