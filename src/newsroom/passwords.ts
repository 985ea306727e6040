// Password hashes: scrypt from Node's crypto (no native binding to build), at OWASP's recommended cost
// (N=2^17, r=8, p=1: 128 MiB and a few hundred milliseconds), in libuv's thread pool, off the event loop.
// The parameters are stored with each hash, so raising them later re-hashes at the next sign-in.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

export const COST: ScryptCost = { log2N: 17, r: 8, p: 1 };
const KEY_BYTES = 32;

/** Shortest and longest password accepted (NIST SP 800-63B: length, not composition rules). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export async function hashPassword(password: string, cost: ScryptCost = COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.log2N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, log2N, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    log2N: Number(log2N),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash was made with less than today's cost (re-hash it at the next sign-in). */
export function needsRehash(stored: string, cost: ScryptCost = COST): boolean {
  const [, log2N, r, p] = stored.split('$');
  return Number(log2N) < cost.log2N || Number(r) < cost.r || Number(p) < cost.p;
}

/**
 * A hash of nothing anyone knows, checked when the typed address has no account: the answer then takes as long
 * as a wrong password does, so timing does not tell whether the address has an account.
 */
let dummy: Promise<string> | undefined;
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}

/** What is wrong with a new password, or undefined. */
export function passwordProblem(password: string): 'short' | 'long' | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'short';
  if (length > PASSWORD_MAX) return 'long';
  return undefined;
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  // maxmem must cover 128·N·r bytes (and a little); Node's default (32 MiB) is below OWASP's cost.
  return scrypt(password.normalize('NFC'), salt, KEY_BYTES, {
    N,
    r: cost.r,
    p: cost.p,
    maxmem: 129 * N * cost.r + 1024,
  });
}
