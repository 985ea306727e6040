// The audit log: who did what, when and from where. `recordAudit` takes the transaction of what it records, so
// the entry and the change commit together or not at all. Nothing in the staff area edits or deletes a row.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import './tables.ts';

/** Who acted: a person (their id and address at the time), the command line, or an address typed at sign-in. */
export interface Actor {
  id: string | null;
  label: string;
}

export const CLI_ACTOR: Actor = { id: null, label: 'cli' };

/**
 * The actions recorded so far; later parts add theirs (publish, withdraw, correction, api-token.use …) as new
 * strings, never by reusing one with another meaning.
 */
export type AuditAction =
  | 'signin'
  | 'signin.failed'
  | 'signout'
  | 'staff.invite'
  | 'staff.accept'
  | 'staff.role'
  | 'staff.disable'
  | 'staff.enable'
  | 'staff.reset'
  | 'setting.change'
  | 'session.revoke'
  | 'password.change'
  | 'totp.enable'
  | 'totp.disable'
  | 'passkey.add'
  | 'passkey.remove'
  | (string & {});

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  /** What it was done to: a staff id, an article id, a setting's name. */
  subject?: string | null;
  ip?: string | null;
  /** A little structured context (old and new role …); never a password, code or token. */
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actor: string;
  action: string;
  subject: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

const MAX_LABEL = 254;

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, now = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      actor_id: entry.actor.id,
      actor: entry.actor.label.slice(0, MAX_LABEL),
      action: entry.action,
      subject: entry.subject ?? null,
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

export interface AuditFilter {
  /** ISO time: entries at or after it. */
  since?: string;
  /** ISO time: entries before it. */
  until?: string;
  /** A staff id, or an actor label (an address, `cli`). */
  actor?: string;
  action?: string;
  /** Entries before this id (the next page). */
  before?: number;
  limit?: number;
}

/** Newest first. */
export async function listAudit(db: Kysely<Database>, f: AuditFilter = {}): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.since) q = q.where('at', '>=', f.since);
  if (f.until) q = q.where('at', '<', f.until);
  if (f.actor) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor', '=', actor.toLowerCase())]));
  }
  if (f.action) q = q.where('action', '=', f.action);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actorId: r.actor_id,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    ip: r.ip,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
}
