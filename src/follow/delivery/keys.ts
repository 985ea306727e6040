// Delivery's secrets: the VAPID key pair that identifies this site to push services, and the key that signs
// mail links. Made on first start and kept in the database (shared by every process, never in the repository);
// two processes starting at once both insert-if-absent and then read the one that won.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import webpush from 'web-push';
import type { Database } from '../../store/schema.ts';

export interface DeliveryKeys {
  vapidPublicKey: string; // base64url, 65 bytes: what browsers get as applicationServerKey
  vapidPrivateKey: string; // base64url, 32 bytes
  linkSecret: Buffer;
}

const NAMES = { vapid: 'follow.vapid', link: 'follow.link-secret' } as const;

export async function loadDeliveryKeys(db: Kysely<Database>): Promise<DeliveryKeys> {
  const vapid = webpush.generateVAPIDKeys();
  await keep(db, NAMES.vapid, `${vapid.privateKey} ${vapid.publicKey}`);
  await keep(db, NAMES.link, randomBytes(32).toString('base64url'));
  const rows = await db
    .selectFrom('site_meta')
    .select(['key', 'value'])
    .where('key', 'in', [NAMES.vapid, NAMES.link])
    .execute();
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? '';
  // The pair is one row, so a race can never match one process's private key with another's public key.
  const [vapidPrivateKey = '', vapidPublicKey = ''] = value(NAMES.vapid).split(' ');
  const linkSecret = Buffer.from(value(NAMES.link), 'base64url');
  if (
    Buffer.from(vapidPublicKey, 'base64url').length !== 65 ||
    Buffer.from(vapidPrivateKey, 'base64url').length !== 32 ||
    linkSecret.length < 32
  ) {
    throw new Error('follow: the stored delivery keys are damaged (site_meta follow.vapid / follow.link-secret)');
  }
  return { vapidPublicKey, vapidPrivateKey, linkSecret };
}

async function keep(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('site_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** HMAC-SHA256 over a purpose and its parts, base64url, cut to 32 characters (192 bits). */
export function signLink(secret: Buffer, purpose: string, ...parts: string[]): string {
  return createHmac('sha256', secret)
    .update([purpose, ...parts].join('\u0000'))
    .digest('base64url')
    .slice(0, 32);
}

export function checkLink(
  secret: Buffer,
  signature: string | null | undefined,
  purpose: string,
  ...parts: string[]
): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{32}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature), Buffer.from(signLink(secret, purpose, ...parts)));
}
