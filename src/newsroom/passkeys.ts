// Passkeys (WebAuthn) through @simplewebauthn/server: it parses and verifies the browser's CBOR and signatures;
// we keep credentials and challenges. Every challenge is stored and used once (deleted when checked), so a
// captured answer cannot be replayed. User verification is required: a passkey counts as two factors.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Database } from '../store/schema.ts';
import type { StaffChallengesTable } from './tables.ts';

const CHALLENGE_MS = 5 * 60_000;

export interface RelyingParty {
  /** The site's host name: passkeys are bound to it. */
  id: string;
  origin: string;
  name: string;
}

export function relyingParty(baseUrl: string, siteName: string): RelyingParty {
  const url = new URL(baseUrl);
  return { id: url.hostname, origin: url.origin, name: siteName };
}

export interface PasskeyInfo {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function listPasskeys(db: Kysely<Database>, staffId: string): Promise<PasskeyInfo[]> {
  const rows = await db
    .selectFrom('staff_passkeys')
    .select(['id', 'created_at', 'last_used_at'])
    .where('staff_id', '=', staffId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function removePasskey(db: Kysely<Database>, staffId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('staff_passkeys')
    .where('id', '=', id)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function storeChallenge(
  db: Kysely<Database>,
  challenge: string,
  purpose: StaffChallengesTable['purpose'],
  staffId: string | null,
  now = Date.now(),
): Promise<void> {
  await db.deleteFrom('staff_challenges').where('expires_at', '<', new Date(now).toISOString()).execute();
  await db
    .insertInto('staff_challenges')
    .values({ challenge, purpose, staff_id: staffId, expires_at: new Date(now + CHALLENGE_MS).toISOString() })
    .execute();
}

/** Uses a challenge up: true once, for the purpose and person it was made for, before it expires. */
function takeChallenge(db: Kysely<Database>, purpose: StaffChallengesTable['purpose'], staffId: string | null) {
  return async (challenge: string): Promise<boolean> => {
    let q = db
      .deleteFrom('staff_challenges')
      .where('challenge', '=', challenge)
      .where('purpose', '=', purpose)
      .where('expires_at', '>', new Date().toISOString());
    q = staffId === null ? q.where('staff_id', 'is', null) : q.where('staff_id', '=', staffId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  };
}

export async function registrationOptions(
  db: Kysely<Database>,
  rp: RelyingParty,
  staff: { id: string; email: string; name: string },
) {
  const existing = await listPasskeys(db, staff.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: staff.email,
    userDisplayName: staff.name,
    userID: new TextEncoder().encode(staff.id),
    challenge: randomBytes(32),
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.id })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await storeChallenge(db, options.challenge, 'register', staff.id);
  return options;
}

/** Verifies a new passkey and stores it; false when the answer does not hold (wrong challenge, origin, no UV). */
export async function registerPasskey(
  db: Kysely<Database>,
  rp: RelyingParty,
  staffId: string,
  response: unknown,
  now = new Date(),
): Promise<boolean> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: takeChallenge(db, 'register', staffId),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return false;
  }
  if (!verified.verified) return false;
  const c = verified.registrationInfo.credential;
  await db
    .insertInto('staff_passkeys')
    .values({
      id: c.id,
      staff_id: staffId,
      public_key: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: JSON.stringify(c.transports ?? []),
      created_at: now.toISOString(),
      last_used_at: null,
    })
    .execute();
  return true;
}

export async function authenticationOptions(db: Kysely<Database>, rp: RelyingParty) {
  // No allowCredentials: the browser offers the site's discoverable passkeys, so no address is typed (or leaked).
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    challenge: randomBytes(32),
    userVerification: 'required',
  });
  await storeChallenge(db, options.challenge, 'authenticate', null);
  return options;
}

/** The staff id whose passkey signed the challenge, or undefined. */
export async function authenticate(
  db: Kysely<Database>,
  rp: RelyingParty,
  response: unknown,
  now = new Date(),
): Promise<string | undefined> {
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return undefined;
  const key = await db.selectFrom('staff_passkeys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!key) return undefined;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: takeChallenge(db, 'authenticate', null),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: key.id,
        publicKey: Buffer.from(key.public_key, 'base64url'),
        counter: Number(key.counter),
        transports: JSON.parse(key.transports) as AuthenticatorTransport[],
      },
      requireUserVerification: true,
    });
  } catch {
    return undefined;
  }
  if (!verified.verified) return undefined;
  await db
    .updateTable('staff_passkeys')
    .set({ counter: verified.authenticationInfo.newCounter, last_used_at: now.toISOString() })
    .where('id', '=', key.id)
    .execute();
  return key.staff_id;
}
