// Untrusted input from readers: a push subscription (JSON from the browser) and an e-mail address (a form field).
// Both are refused whole with a reason rather than repaired: a repaired address could be somebody else's.
import { createECDH } from 'node:crypto';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_ENDPOINT = 2048;

/** What `PushSubscription.toJSON()` gives: `{ endpoint, expirationTime, keys: { p256dh, auth } }` and nothing else. */
export function checkPushSubscription(input: unknown): Checked<PushSubscriptionInput> {
  if (!isRecord(input)) return fail('the subscription must be a JSON object');
  const extra = Object.keys(input).filter((k) => k !== 'endpoint' && k !== 'expirationTime' && k !== 'keys');
  if (extra.length) return fail(`unexpected field "${extra[0]!.slice(0, 40)}"`);
  const { endpoint, expirationTime, keys } = input;
  if (typeof endpoint !== 'string' || endpoint.length === 0) return fail('endpoint must be a URL');
  if (endpoint.length > MAX_ENDPOINT) return fail(`endpoint is longer than ${MAX_ENDPOINT} characters`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return fail('endpoint is not a URL');
  }
  if (url.protocol !== 'https:') return fail('endpoint must be an https URL');
  if (url.username || url.password) return fail('endpoint must not carry credentials');
  if (url.hash) return fail('endpoint must not have a fragment');
  if (
    expirationTime !== undefined &&
    expirationTime !== null &&
    (typeof expirationTime !== 'number' || !Number.isFinite(expirationTime))
  ) {
    return fail('expirationTime must be a number or null');
  }
  if (!isRecord(keys)) return fail('keys must be an object with p256dh and auth');
  const extraKeys = Object.keys(keys).filter((k) => k !== 'p256dh' && k !== 'auth');
  if (extraKeys.length) return fail(`unexpected key "${extraKeys[0]!.slice(0, 40)}"`);
  const p256dh = base64url(keys.p256dh);
  if (!p256dh || p256dh.bytes.length !== 65 || p256dh.bytes[0] !== 4)
    return fail('keys.p256dh must be a base64url P-256 public key (65 bytes, uncompressed)');
  try {
    // Refuses points that are not on the curve; sending to such a key would fail on every article.
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(p256dh.bytes);
  } catch {
    return fail('keys.p256dh is not a point on P-256');
  }
  const auth = base64url(keys.auth);
  if (!auth || auth.bytes.length !== 16) return fail('keys.auth must be a base64url secret of 16 bytes');
  return { ok: true, value: { endpoint: url.href, p256dh: p256dh.text, auth: auth.text } };
}

/**
 * Whether a push endpoint may be contacted at all: https on port 443 (push services all use it; any other port
 * would make us a client of mail, Redis or database servers), and a DNS name with a dot, not an IP literal or an
 * internal name, also when written with the root's trailing dot (`localhost.`). Resolved addresses and the port
 * are checked again when connecting (see push-sender.ts).
 */
export function publicPushHost(url: URL): boolean {
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (isIP(host) || host.endsWith('.')) return false;
  return (
    host.includes('.') &&
    !/\.(localhost|local|internal|lan|home\.arpa)$/i.test(host) &&
    host.toLowerCase() !== 'localhost'
  );
}

const MAX_ADDRESS = 254;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A mailbox as a form field gives it: `name@example.org`. No display names, comments, quoted local parts, lists
 * or control characters, so it can go into a header as it is; the domain is stored in ASCII (IDNA), lower case.
 */
export function checkAddress(input: unknown): Checked<string> {
  if (typeof input !== 'string') return fail('the address is missing');
  const address = input.trim();
  if (address.length === 0) return fail('the address is missing');
  if (address.length > MAX_ADDRESS) return fail(`the address is longer than ${MAX_ADDRESS} characters`);
  if (/[\u0000-\u001f\u007f]/.test(address)) return fail('the address contains a line break or control character');
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return fail('the address needs a name, an @ and a domain');
  const local = address.slice(0, at);
  if (local.length > 64 || !LOCAL_PART.test(local))
    return fail('the part before the @ has characters an address cannot have');
  const ascii = domainToASCII(address.slice(at + 1)).toLowerCase();
  if (!ascii || ascii.length > 253) return fail('the domain is not valid');
  const labels = ascii.split('.');
  if (
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels.at(-1)!)
  ) {
    return fail('the domain is not valid');
  }
  const full = `${local}@${ascii}`;
  if (full.length > MAX_ADDRESS) return fail(`the address is longer than ${MAX_ADDRESS} characters`);
  return { ok: true, value: full };
}

const DOTLESS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox behind an address, for limits only (mail goes to the address as typed): lower case, IDN domain in
 * ASCII, `+tag` dropped, and for Gmail (which ignores dots and answers to googlemail.com too) dots dropped, so
 * `V.ictim+1@googlemail.com` and `victim+2@gmail.com` count as one mailbox. Other providers may treat dots as
 * significant; we do not guess for them.
 */
export function mailboxKey(address: string): string {
  const at = address.lastIndexOf('@');
  let domain = (domainToASCII(address.slice(at + 1)) || address.slice(at + 1)).toLowerCase().replace(/\.$/, '');
  let local = address.slice(0, at).toLowerCase().replace(/\+.*$/, '');
  if (DOTLESS.has(domain)) [local, domain] = [local.replaceAll('.', ''), 'gmail.com'];
  return `${local}@${domain}`;
}

function base64url(value: unknown): { text: string; bytes: Buffer } | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  const text = value.replace(/={1,2}$/, '');
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  return { text, bytes: Buffer.from(text, 'base64url') };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
