// Small request and response helpers for News folgen's routes: form bodies, JSON answers, safe redirects.
import type { IncomingMessage } from 'node:http';
import type { Page } from '../web/http.ts';

const MAX_FORM_BYTES = 8 * 1024;

export type FormResult = { ok: true; form: URLSearchParams } | { ok: false; status: 413 | 415 };

/** Reads an application/x-www-form-urlencoded body of at most 8 KB. */
export async function readForm(req: IncomingMessage): Promise<FormResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return { ok: false, status: 415 };
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) {
    req.resume();
    return { ok: false, status: 413 };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      req.resume();
      return { ok: false, status: 413 };
    }
    chunks.push(chunk);
  }
  return { ok: true, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
}

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
