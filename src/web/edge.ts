// The edge cache (Varnish, a CDN) in front of the site: pages every reader shares carry how long a shared cache
// may keep them and the page-cache keys of what they show (`Surrogate-Key`); a content write's keys are purged
// there by the writer right after its commit and again by the `edge.purge` job queued in the write's transaction
// (src/store/page-changes.ts).
import type { EdgeConfig } from '../config.ts';
import type { JobHandler } from '../store/jobs.ts';
import { EVERY_PAGE, type EdgePurge } from '../store/page-changes.ts';
import { DEFAULT_CACHE_CONTROL, type Page } from './http.ts';
import { postJson, signature } from './outbound.ts';

/** A shared cache keeps a page an hour at most: purges make it fresh, the hour bounds a purge that got lost. */
const EDGE_SECONDS = 3600;
/** After a purge (a soft one: the page turns stale) or an expiry, the stale page may answer while it is refetched. */
const STALE_SECONDS = 600;
/** Every edge-cached page carries this key, so `*` (every page) is one purge. */
export const ALL_PAGES_KEY = 'all';
const TIMEOUT_MS = 10_000;
/**
 * Set by the edge (deploy/varnish.vcl) on its refetch of a stale page, i.e. after a purge: the page is rendered
 * anew instead of taken from the page cache, which another web process may not have dropped yet (or joined to
 * a render begun before the change). Costs a render per refetch, no more than a query string the page cache
 * does not keep does.
 */
export const REFETCH_HEADER = 'blattwerk-refetch';
/** Varnish's request headers end at 8 KB (http_req_hdr_len): a longer key list is sent as "every page". */
const MAX_KEYS_LENGTH = 7000;

/** A page-cache key as an edge key: no spaces or commas (the lists' separators), ASCII only. */
export function edgeKey(key: string): string {
  return key === EVERY_PAGE ? ALL_PAGES_KEY : encodeURIComponent(key).replace(/%3A/g, ':');
}

function edgeKeys(keys: readonly string[]): string {
  const text = [...new Set(keys.map(edgeKey))].join(' ');
  return text.length > MAX_KEYS_LENGTH ? ALL_PAGES_KEY : text;
}

/**
 * A page the server's own page cache shares between readers may be shared at the edge too: `s-maxage` and the
 * stale window join its browser max-age, and `Surrogate-Key` names what it shows. A page marked otherwise
 * (private, no-store, no-cache) stays as it is.
 */
export function forEdge(page: Page): Page {
  const own = page.cacheControl ?? DEFAULT_CACHE_CONTROL;
  if (!/^public\b/.test(own)) return page;
  const parts = own.split(/\s*,\s*/).filter((p) => !/^(s-maxage|stale-while-revalidate)=/.test(p));
  const cacheControl = /\bimmutable\b/.test(own)
    ? own
    : [...parts, `s-maxage=${EDGE_SECONDS}`, `stale-while-revalidate=${STALE_SECONDS}`].join(', ');
  const keys = edgeKeys([...(page.keys ?? []), EVERY_PAGE]);
  return { ...page, cacheControl, headers: { ...page.headers, 'surrogate-key': keys } };
}

/**
 * Purges the keys at every configured edge; throws naming every edge that failed. A soft purge by default (the
 * edge may answer once more from the stale copy while it refetches); `gone` asks for a hard one (deploy/varnish.vcl
 * reads `Xkey-Purge: hard`, a CDN relay `"hard": true`).
 */
export async function purgeEdge(
  edge: EdgeConfig,
  rawKeys: readonly string[],
  signal: AbortSignal,
  testLoopback: boolean,
  gone = false,
): Promise<void> {
  const keys = edgeKeys(rawKeys);
  const failures: string[] = [];
  // Varnish servers are the operator's own, on this host or the private network: not behind the SSRF guard.
  for (const url of edge.varnish) {
    try {
      const res = await fetch(url, {
        method: 'PURGE',
        headers: gone ? { xkey: keys, 'xkey-purge': 'hard' } : { xkey: keys },
        signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
      });
      await res.body?.cancel();
      if (res.status !== 200) failures.push(`${url.host} answered ${res.status}`);
    } catch (err) {
      failures.push(`${url.host}: ${(err as Error).message}`);
    }
  }
  if (edge.webhook) {
    // A CDN's purge relay is reached over the internet: the guard holds, as for the newsroom's webhooks.
    const body = JSON.stringify(gone ? { keys: keys.split(' '), hard: true } : { keys: keys.split(' ') });
    const t = Math.floor(Date.now() / 1000);
    try {
      const status = await postJson(
        edge.webhook.url,
        body,
        {
          'blattwerk-signature': signature(Buffer.from(edge.webhook.secret), body, t),
          'user-agent': 'Blattwerk-Purge/1',
        },
        { timeoutMs: TIMEOUT_MS, loopback: testLoopback, signal },
      );
      if (status < 200 || status >= 300) failures.push(`purge webhook answered ${status}`);
    } catch (err) {
      failures.push(`purge webhook: ${(err as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`edge: cannot purge ${keys.slice(0, 200)}: ${failures.join('; ')}`);
}

/** The queued purge: any failure fails the job, which the queue retries with backoff. */
export function edgePurgeJob(edge: EdgeConfig, testLoopback: boolean): JobHandler<'edge.purge'> {
  return async (job, signal) => {
    await purgeEdge(edge, job.payload.keys, signal, testLoopback, job.payload.gone);
    return 'done';
  };
}

/** The writer's own purge right after its commit; a failure is logged, the queued purge follows anyway. */
export function edgePurgeNow(edge: EdgeConfig, testLoopback: boolean, log: (m: string) => void): EdgePurge {
  return (keys, gone) =>
    void purgeEdge(edge, keys, AbortSignal.timeout(TIMEOUT_MS), testLoopback, gone).catch((err: Error) =>
      log(`${err.message} (the queued purge follows)`),
    );
}
