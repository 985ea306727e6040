// Keeps a script from inflating share counts: a token bucket per key (article and target) and one for the whole
// server, in memory. The map holds at most `maxKeys` buckets; the least recently used one goes first.

export interface RateLimitOptions {
  /** Clicks a key may count at once. */
  burst: number;
  /** Tokens a key regains per second. */
  perSecond: number;
  /** Clicks the whole server may count at once, and per second. */
  globalBurst: number;
  globalPerSecond: number;
  maxKeys: number;
  now?: () => number;
}

/**
 * Per article and target: 20 at once, then one every 2 s (1,800 an hour, more than a busy article's readers share
 * to one network); all together 20 a second. A script can add no more than that, however fast it clicks.
 */
export const SHARE_LIMITS: RateLimitOptions = {
  burst: 20,
  perSecond: 0.5,
  globalBurst: 100,
  globalPerSecond: 20,
  maxKeys: 10_000,
};

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  /** True when this click may be counted (and takes a token). */
  take(key: string): boolean;
  readonly size: number;
}

export function rateLimiter(o: RateLimitOptions): RateLimiter {
  const now = o.now ?? (() => performance.now() / 1000);
  const buckets = new Map<string, Bucket>();
  const all: Bucket = { tokens: o.globalBurst, at: now() };
  const refill = (b: Bucket, burst: number, rate: number, t: number) => {
    b.tokens = Math.min(burst, b.tokens + (t - b.at) * rate);
    b.at = t;
  };
  return {
    take(key) {
      const t = now();
      refill(all, o.globalBurst, o.globalPerSecond, t);
      let b = buckets.get(key);
      if (b) {
        buckets.delete(key);
        refill(b, o.burst, o.perSecond, t);
      } else {
        b = { tokens: o.burst, at: t };
        if (buckets.size >= o.maxKeys) buckets.delete(buckets.keys().next().value!);
      }
      buckets.set(key, b);
      if (b.tokens < 1 || all.tokens < 1) return false;
      b.tokens -= 1;
      all.tokens -= 1;
      return true;
    },
    get size() {
      return buckets.size;
    },
  };
}
