// Staff sessions, server-side: the cookie carries 32 random bytes; the table keeps only their SHA-256, so a
// leaked table signs nobody in. A session ends after an hour without a request (idle) and twelve hours after
// sign-in (absolute), when its person signs it out, changes the password or is disabled.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { StaffSessionsTable, StaffTable } from './tables.ts';

export const IDLE_MS = 60 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often: a page view is not a write each time. */
const TOUCH_MS = 60_000;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string;
  userAgent: string;
  method: string;
}

const info = (r: StaffSessionsTable): SessionInfo => ({
  id: r.id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
  method: r.method,
});

/** A new session with a new token: signing in never reuses a token the browser brought (fixation). */
export async function createSession(
  db: Kysely<Database>,
  staffId: string,
  from: { ip: string; userAgent: string; method: string },
  now = new Date(),
): Promise<{ token: string; id: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  await db
    .insertInto('staff_sessions')
    .values({
      id,
      token_hash: tokenHash(token),
      staff_id: staffId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ABSOLUTE_MS).toISOString(),
      ip: from.ip,
      user_agent: from.userAgent.slice(0, 300),
      method: from.method,
    })
    .execute();
  return { token, id };
}

/** The live session of a token and its active person; an expired or idle one is deleted on the way. */
export async function sessionByToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<{ session: SessionInfo; staff: StaffTable } | undefined> {
  const row = await db
    .selectFrom('staff_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row) return undefined;
  const t = now.getTime();
  if (Date.parse(row.expires_at) <= t || Date.parse(row.last_seen_at) + IDLE_MS <= t) {
    await db.deleteFrom('staff_sessions').where('id', '=', row.id).execute();
    return undefined;
  }
  const staff = await db.selectFrom('staff').selectAll().where('id', '=', row.staff_id).executeTakeFirst();
  if (!staff || staff.state !== 'active') return undefined;
  if (Date.parse(row.last_seen_at) + TOUCH_MS <= t) {
    await db.updateTable('staff_sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', row.id).execute();
    row.last_seen_at = now.toISOString();
  }
  return { session: info(row), staff };
}

export async function listSessions(db: Kysely<Database>, staffId: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('staff_sessions')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(info);
}

/** Ends one of the person's own sessions; false when it is not theirs (or gone). */
export async function revokeSession(db: Kysely<Database>, staffId: string, sessionId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('staff_sessions')
    .where('id', '=', sessionId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function endSessions(db: Kysely<Database>, staffId: string, except?: string): Promise<void> {
  let q = db.deleteFrom('staff_sessions').where('staff_id', '=', staffId);
  if (except) q = q.where('id', '!=', except);
  await q.execute();
}

/** Sessions past their end, removed by sign-ins so the table stays the size of the live ones. */
export async function pruneSessions(db: Kysely<Database>, now = new Date()): Promise<void> {
  await db
    .deleteFrom('staff_sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now.toISOString()),
        eb('last_seen_at', '<=', new Date(now.getTime() - IDLE_MS).toISOString()),
      ]),
    )
    .execute();
}
