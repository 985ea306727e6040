// Who a reader is without an account: a random token in a first-party cookie, and the signatures that go with it
// (form tokens against CSRF, the private feed address, the code that carries a list to another device).
// The token is never stored; the database holds its SHA-256 only.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookie, setCookie } from '../web/cookies.ts';

export const COOKIE = 'bw_follow';
/** Browsers cap cookie lifetime at 400 days; the cookie is renewed whenever the reader follows something. */
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const FORM_TOKEN_MS = 24 * 3600_000;
export const TRANSFER_MS = 15 * 60_000;

/** A new follower token: 32 random bytes, base64url. */
export function newFollowerToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The follower token the request carries, if it is well-formed; whether it is known is the store's question. */
export function followerTokenOf(req: IncomingMessage): string | undefined {
  const value = readCookie(req.headers.cookie, COOKIE);
  return value !== undefined && TOKEN_SHAPE.test(value) ? value : undefined;
}

/** `__Host-bw_follow` over https (the plain name it had before is expired alongside), `bw_follow` otherwise. */
export function followerCookie(token: string, secure: boolean): string[] {
  return setCookie(COOKIE, token, { secure, maxAgeSeconds: COOKIE_MAX_AGE_S });
}

export function clearedFollowerCookie(secure: boolean): string[] {
  return setCookie(COOKIE, '', { secure, maxAgeSeconds: 0 });
}

/** Signatures under the site's follow secret (kept in the database, made on first start). */
export class ReaderKeys {
  private readonly secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < 32) throw new Error('follow: the secret must have at least 32 bytes');
    this.secret = secret;
  }

  private mac(purpose: string, ...parts: string[]): string {
    return createHmac('sha256', this.secret)
      .update([purpose, ...parts].join('\u0000'))
      .digest('base64url');
  }

  /** A form token bound to the reader's follower token (or to "no token yet"), valid for a day. */
  formToken(followerToken: string | undefined, now = Date.now()): string {
    const expires = String(now + FORM_TOKEN_MS);
    return `${expires}.${this.mac('form', expires, followerToken ?? '')}`;
  }

  checkFormToken(value: string | undefined, followerToken: string | undefined, now = Date.now()): boolean {
    const [expires, mac] = (value ?? '').split('.');
    if (!expires || !mac || !/^\d{1,15}$/.test(expires) || Number(expires) < now) return false;
    return same(mac, this.mac('form', expires, followerToken ?? ''));
  }

  /** The private feed's path segment: the follower id and a signature of it. Unguessable, stable, revoked by deletion. */
  feedKey(followerId: string): string {
    return `${followerId}.${this.mac('feed', followerId).slice(0, 22)}`;
  }

  /** The follower id a feed key names, if its signature holds. */
  followerOfFeedKey(key: string): string | undefined {
    const m = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{22})$/.exec(key);
    if (!m || !same(m[2]!, this.mac('feed', m[1]!).slice(0, 22))) return undefined;
    return m[1];
  }

  /**
   * A code that carries the reader's token to another device, sealed (AES-256-GCM) so that the link reveals
   * nothing and expires after TRANSFER_MS. The token has to travel: the server keeps only its hash.
   */
  transferCode(followerToken: string, now = Date.now()): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey(), iv);
    const plain = Buffer.from(`${now + TRANSFER_MS}.${followerToken}`);
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The token inside a transfer code; undefined when forged, damaged or expired. */
  openTransferCode(code: string, now = Date.now()): string | undefined {
    if (!/^[A-Za-z0-9_-]{40,200}$/.test(code)) return undefined;
    const raw = Buffer.from(code, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString();
      const [expires, token] = plain.split('.');
      if (!expires || !token || Number(expires) < now || !TOKEN_SHAPE.test(token)) return undefined;
      return token;
    } catch {
      return undefined;
    }
  }

  private sealKey(): Buffer {
    return createHmac('sha256', this.secret).update('transfer-key').digest();
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
