// TOTP second factor (RFC 6238, 30 s, six digits, SHA-1: what every authenticator app reads) via `otpauth`.
// A code is accepted one step either side of now, and once only: the step it matched is stored, and a code of
// that step or an earlier one is refused (no replay by someone who watched it being typed). Secrets are stored
// sealed (secret-box.ts) and opened only here, to check a code or show the pending one for enrolment.
import { Secret, TOTP } from 'otpauth';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { totpContext, type SecretBox } from './secret-box.ts';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, label: string, issuer: string): string {
  return totp(secret, label, issuer).toString();
}

/** The time step a typed code matches (one step of clock drift either way), or undefined. */
export function matchTotp(secret: string, typed: string, now = Date.now()): number | undefined {
  const code = typed.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret, '', '').validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta;
}

/** The current code (tests and the enrolment check only). */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret, '', '').generate({ timestamp: now });
}

/**
 * Checks a code against the person's confirmed secret and uses up its step; false for a wrong or replayed code.
 * The step is written only if it is newer than the last (one conditional update: two racing requests get one yes).
 */
export async function useTotp(
  db: Kysely<Database>,
  box: SecretBox,
  staffId: string,
  typed: string,
  now = Date.now(),
): Promise<boolean> {
  const row = await db
    .selectFrom('staff')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!row?.totp_secret) return false;
  const step = matchTotp(box.open(row.totp_secret, totpContext(staffId, 'totp_secret')), typed, now);
  if (step === undefined) return false;
  const result = await db
    .updateTable('staff')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function startTotp(db: Kysely<Database>, box: SecretBox, staffId: string): Promise<string> {
  const secret = newTotpSecret();
  await db
    .updateTable('staff')
    .set({ totp_pending: box.seal(secret, totpContext(staffId, 'totp_pending')) })
    .where('id', '=', staffId)
    .execute();
  return secret;
}

/** The secret being enrolled, to show as QR code and text to its own person. */
export function pendingTotp(box: SecretBox, staffId: string, sealed: string): string {
  return box.open(sealed, totpContext(staffId, 'totp_pending'));
}

/** Confirms the pending secret with a code from the app; false when the code does not match it. */
export async function confirmTotp(
  db: Kysely<Database>,
  box: SecretBox,
  staffId: string,
  typed: string,
  now = Date.now(),
): Promise<boolean> {
  const row = await db.selectFrom('staff').select('totp_pending').where('id', '=', staffId).executeTakeFirst();
  if (!row?.totp_pending) return false;
  const secret = pendingTotp(box, staffId, row.totp_pending);
  const step = matchTotp(secret, typed, now);
  if (step === undefined) return false;
  await db
    .updateTable('staff')
    .set({
      totp_secret: box.seal(secret, totpContext(staffId, 'totp_secret')),
      totp_pending: null,
      totp_last_step: step,
    })
    .where('id', '=', staffId)
    .execute();
  return true;
}

export async function removeTotp(db: Kysely<Database>, staffId: string): Promise<void> {
  await db
    .updateTable('staff')
    .set({ totp_secret: null, totp_pending: null, totp_last_step: null })
    .where('id', '=', staffId)
    .execute();
}
