// Small request and response helpers for News folgen's routes: JSON answers, safe redirects (bodies are read by
// the web pipeline).
import type { IncomingMessage } from 'node:http';
import type { Page } from '../web/http.ts';

/** The script asks for JSON; a plain form post gets HTML and redirects. */
export function wantsJson(req: IncomingMessage): boolean {
  return /\bapplication\/json\b/.test(req.headers.accept ?? '');
}

export function jsonPage(status: number, value: unknown): Page {
  return {
    status,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(value),
    cacheControl: 'private, no-store',
  };
}

/** A local path to go back to; anything else (another host, "//evil") becomes the fallback. */
export { localPath } from '../web/http.ts';
