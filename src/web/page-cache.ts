// Rendered pages in memory: least recently used out first, bounded by bytes, dropped by the keys of what they show.
import type { Prepared } from './http.ts';

interface Entry {
  page: Prepared;
  keys: readonly string[];
  bytes: number;
}

export interface PageCache {
  get(id: string): Prepared | undefined;
  /** Stores a page unless one of its keys was dropped since `since` (it may show what changed meanwhile). */
  set(id: string, page: Prepared, keys: readonly string[], since: number): void;
  /** Drops every page carrying one of the keys; `*` drops all. */
  drop(keys: readonly string[]): void;
  /** Counts drops: take it before rendering, give it to `set`. */
  version(): number;
  /** Swaps a cached page's compressed bodies for smaller ones, if it is still the same page. */
  recompressed(id: string, page: Prepared, gzip: Buffer, brotli: Buffer): void;
  stats(): { pages: number; bytes: number };
}

const size = (p: Prepared, id: string) => p.body.length + (p.gzip?.length ?? 0) + (p.brotli?.length ?? 0) + id.length;

export function createPageCache(maxBytes: number): PageCache {
  // A Map iterates in insertion order: a hit re-inserts its entry, so the first one is the least recently used.
  const entries = new Map<string, Entry>();
  const byKey = new Map<string, Set<string>>();
  let bytes = 0;
  let drops = 0;

  function remove(id: string): void {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    bytes -= entry.bytes;
    for (const key of entry.keys) {
      const ids = byKey.get(key);
      ids?.delete(id);
      if (ids?.size === 0) byKey.delete(key);
    }
  }

  return {
    get(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      entries.delete(id);
      entries.set(id, entry);
      return entry.page;
    },
    set(id, page, keys, since) {
      if (since !== drops) return;
      remove(id);
      const entry = { page, keys, bytes: size(page, id) };
      if (entry.bytes > maxBytes) return;
      entries.set(id, entry);
      bytes += entry.bytes;
      for (const key of keys) {
        let ids = byKey.get(key);
        if (!ids) byKey.set(key, (ids = new Set()));
        ids.add(id);
      }
      while (bytes > maxBytes) remove(entries.keys().next().value!);
    },
    drop(keys) {
      drops++;
      if (keys.includes('*')) {
        entries.clear();
        byKey.clear();
        bytes = 0;
        return;
      }
      for (const key of keys) for (const id of [...(byKey.get(key) ?? [])]) remove(id);
    },
    version: () => drops,
    recompressed(id, page, gzip, brotli) {
      const entry = entries.get(id);
      if (entry?.page !== page) return;
      page.gzip = gzip;
      page.brotli = brotli;
      bytes -= entry.bytes;
      entry.bytes = size(page, id);
      bytes += entry.bytes;
      while (bytes > maxBytes) remove(entries.keys().next().value!);
    },
    stats: () => ({ pages: entries.size, bytes }),
  };
}
