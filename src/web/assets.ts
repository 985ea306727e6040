// Static assets live in memory under content-hashed names, so they can be cached for a year.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { prepare, type Prepared } from './http.ts';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  webmanifest: 'application/manifest+json',
  woff2: 'font/woff2',
};

const byUrl = new Map<string, Prepared>();
const urlByName = new Map<string, string>();

/** Registers a file (from a feature's assets folder) and returns its public URL. */
export function addAsset(name: string, file: URL): string {
  return addAssetBytes(name, readFileSync(file));
}

/** Registers bytes made at start (a stylesheet that names other assets by their hashed URLs). */
export function addAssetBytes(name: string, body: Buffer): string {
  const ext = name.split('.').pop() ?? '';
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 10);
  const url = `/assets/${name.replace(/\.(\w+)$/, `.${hash}.$1`)}`;
  byUrl.set(
    url,
    prepare(
      {
        status: 200,
        type: TYPES[ext] ?? 'application/octet-stream',
        body,
        cacheControl: 'public, max-age=31536000, immutable',
        headers: { vary: 'Accept-Encoding' },
      },
      9,
    ),
  );
  urlByName.set(name, url);
  return url;
}

export function assetUrl(name: string): string {
  const url = urlByName.get(name);
  if (!url) throw new Error(`web: asset "${name}" was never registered`);
  return url;
}

export function findAsset(url: string): Prepared | undefined {
  return byUrl.get(url);
}

/** Compressed size of the registered assets whose names match: the page budget test uses it. */
export function assetBytes(name: string): { raw: number; gzip: number } {
  const p = byUrl.get(assetUrl(name))!;
  return { raw: p.body.length, gzip: p.gzip?.length ?? p.body.length };
}
