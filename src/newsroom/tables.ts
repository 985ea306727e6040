// The newsroom's tables, merged into the store's Database (its migration: src/newsroom/migrations.ts).
import type { Generated } from 'kysely';
import type { Role } from './roles.ts';

export interface StaffTable {
  id: string;
  /** Lower case, trimmed: the sign-in name. */
  email: string;
  name: string;
  role: Role;
  /** invited: has not yet set a password or passkey; disabled: cannot sign in, sessions ended. */
  state: 'invited' | 'active' | 'disabled';
  /** `scrypt$N$r$p$salt$hash` (base64url), or null for a person who signs in with passkeys only. */
  password_hash: string | null;
  /** Base32 TOTP secret once confirmed; `totp_pending` while the person is enrolling. */
  totp_secret: string | null;
  totp_pending: string | null;
  /** The last TOTP time step accepted: a code is good once (no replay within its window). */
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
}

export interface StaffSessionsTable {
  /** Public id (for listing and revoking); the cookie's token is stored only as its SHA-256. */
  id: string;
  token_hash: string;
  staff_id: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute end, whatever the activity. */
  expires_at: string;
  ip: string;
  user_agent: string;
  /** How the person signed in: password, password+totp, passkey, invitation. */
  method: string;
}

export interface StaffPasskeysTable {
  /** The credential id, base64url. */
  id: string;
  staff_id: string;
  public_key: string; // base64url COSE key
  counter: number;
  transports: string; // JSON array
  created_at: string;
  last_used_at: string | null;
}

/** One-time links: invitations and resets. Only the token's SHA-256 is kept. */
export interface StaffLinksTable {
  token_hash: string;
  staff_id: string;
  purpose: 'invite' | 'reset';
  expires_at: string;
  created_at: string;
}

/** WebAuthn challenges, each used once (deleted when verified) or expired. */
export interface StaffChallengesTable {
  challenge: string;
  purpose: 'register' | 'authenticate';
  staff_id: string | null;
  expires_at: string;
}

/** Who did what, when, from where. Written in the transaction of what it records; nothing edits it. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** The staff id, or null for the command line or an unknown person (a failed sign-in). */
  actor_id: string | null;
  /** Who, as shown: the person's email at the time, `cli`, or the address typed at a failed sign-in. */
  actor: string;
  action: string;
  subject: string | null;
  ip: string | null;
  detail: string | null; // JSON
}

declare module '../store/schema.ts' {
  interface Database {
    staff: StaffTable;
    staff_sessions: StaffSessionsTable;
    staff_passkeys: StaffPasskeysTable;
    staff_links: StaffLinksTable;
    staff_challenges: StaffChallengesTable;
    audit_log: AuditLogTable;
  }
}
