// Serving audio files: HTTP Range (206) for seeking, a strong ETag and a year of caching, because a file's URL
// contains the hash of what it says and never changes.
import type { ServerResponse, IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from '../store/files.ts';
import { SECURITY_HEADERS } from '../web/http.ts';

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One range of `bytes=a-b`, `a-` or `-n`; several ranges are answered with the whole file (allowed by RFC 9110). */
export function parseRange(header: string | undefined, size: number): ByteRange {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export async function sendAudio(
  req: IncomingMessage,
  res: ServerResponse,
  files: FileStore,
  key: string,
  etag: string,
  downloadName?: string,
): Promise<boolean> {
  const size = await files.size(key);
  if (size === undefined) return false;
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': 'audio/mpeg',
    'accept-ranges': 'bytes',
    etag,
    'cache-control': 'public, max-age=31536000, immutable',
    ...(downloadName
      ? { 'content-disposition': `attachment; filename="${downloadName.replace(/[^\w.-]/g, '_')}"` }
      : {}),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  // If-Range with another validator means the client's partial copy is stale: send it all.
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? undefined : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
    return true;
  }
  if (range) {
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${range.start}-${range.end}/${size}`,
      'content-length': String(range.end - range.start + 1),
    });
  } else {
    res.writeHead(200, { ...headers, 'content-length': String(size) });
  }
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await pipeline(files.read(key, range), res).catch(() => res.destroy());
  return true;
}
