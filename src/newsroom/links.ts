// One-time links for invitations and resets: 32 random bytes in the URL, only their SHA-256 in the table. Taking
// a link deletes it in the transaction that uses it, so it works once; a new link for a person replaces the old.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { tokenHash } from './sessions.ts';
import type { StaffLinksTable } from './tables.ts';

export const LINK_MS = 7 * 24 * 3600_000;

export async function issueLink(
  db: Kysely<Database>,
  staffId: string,
  purpose: StaffLinksTable['purpose'],
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.deleteFrom('staff_links').where('staff_id', '=', staffId).execute();
  await db
    .insertInto('staff_links')
    .values({
      token_hash: tokenHash(token),
      staff_id: staffId,
      purpose,
      expires_at: new Date(now.getTime() + LINK_MS).toISOString(),
      created_at: now.toISOString(),
    })
    .execute();
  return token;
}

/** The link's row while it is valid (not taken, not expired). */
export async function findLink(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<StaffLinksTable | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('staff_links')
    .selectAll()
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  return row && Date.parse(row.expires_at) > now.getTime() ? row : undefined;
}

/** Takes the link (deletes it); false when another request took it first. */
export async function takeLink(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db.deleteFrom('staff_links').where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
