// Test helpers for the web layer: the text a reader sees in a page, and a server that never answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Text content of HTML: scripts dropped, tags removed, the five entities decoded. */
export function htmlText(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface SilentServer {
  /** http://127.0.0.1:port */
  origin: string;
  /** Resolves when the first request arrived. */
  asked: Promise<void>;
  /** Resolves when that request's connection was closed by the client. */
  ended: Promise<void>;
  close(): Promise<void>;
}

/** A receiver that takes a request and never answers: only the caller's own signal can end the wait. */
export async function startSilentServer(): Promise<SilentServer> {
  let closed!: () => void;
  const ended = new Promise<void>((resolve) => (closed = resolve));
  let heard!: () => void;
  const asked = new Promise<void>((resolve) => (heard = resolve));
  const server = createServer((req) => {
    req.resume();
    req.on('close', closed);
    heard();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    ended,
    close() {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
