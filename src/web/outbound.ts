// The SSRF guard for outbound requests to addresses others give us: push endpoints (News folgen), webhooks
// (the newsroom API) and the CDN purge webhook. Resolution is checked, not the name, so DNS rebinding gets
// nowhere; used as `lookup` of the request's agent, it holds at connect time. Signed JSON POSTs go through here.
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

// Addresses we connect to on someone else's word (a reader's push subscription, an administrator's webhook) must
// not make us the HTTP client of an internal address.
const PRIVATE = new BlockList();
// Kept apart: Node matches IPv4 addresses against IPv4-mapped IPv6 rules, and these rules refuse every mapped form.
const PRIVATE6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
// IPv6 forms that carry an IPv4 address (compatible, mapped in hex, IPv4-translated, NAT64, Teredo, 6to4) are
// refused whole, as are unique-local, site-local (deprecated, still routed inside some networks), link-local and
// multicast addresses.
for (const [net, prefix] of [
  ['::', 96],
  ['::ffff:0:0', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['2001::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE6.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(address);
  return family === 0 || (family === 4 ? PRIVATE.check(address, 'ipv4') : PRIVATE6.check(address, 'ipv6'));
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses loopback, private and link-local answers (checked after resolution: no DNS rebinding). */
export function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked)
      return callback(
        Object.assign(new Error(`${hostname} resolves to a private address (${blocked.address})`), {
          code: 'EPRIVATE',
        }),
        [],
      );
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

export const isLoopback = (address: string): boolean => /^(127\.|::1$|::ffff:127\.)/.test(address);

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it and checks t is recent. */
export function signature(key: Buffer, body: string, t: number): string {
  return `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
}

export interface PostOptions {
  timeoutMs: number;
  /** Tests only (BLATTWERK_TEST_WEBHOOKS_TO_LOOPBACK): loopback addresses are allowed, other private ones not. */
  loopback: boolean;
  /** A job's signal: a cancelled or expired job ends its request. */
  signal?: AbortSignal;
}

/** POSTs JSON through the guard and answers the status; the body of the answer is not read. */
export function postJson(url: URL, body: string, headers: Record<string, string>, o: PostOptions): Promise<number> {
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    timeout: o.timeoutMs,
    ...(o.signal ? { signal: o.signal } : {}),
    // Checked at connect time: a name that resolved to a public address when it was registered may not now.
    lookup: (hostname, opts, callback) =>
      o.loopback && isLoopback(hostname)
        ? callback(null, hostname, isIP(hostname))
        : publicLookup(hostname, opts, callback),
  };
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An IP literal skips `lookup`, so it is checked here.
    if (isIP(host) && isPrivateAddress(host) && !(o.loopback && isLoopback(host)))
      return reject(new Error(`${host} is a private address`));
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
