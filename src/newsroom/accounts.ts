// Staff accounts: hand-written queries over the `staff` table. Addresses are stored trimmed and in lower case.
// The last active administrator cannot be demoted or disabled: a site without one cannot be run from the web.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Role } from './roles.ts';
import type { StaffTable } from './tables.ts';

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: Role;
  state: StaffTable['state'];
  hasPassword: boolean;
  hasTotp: boolean;
  createdAt: string;
}

export class StaffError extends Error {
  readonly code: 'bad-email' | 'bad-name' | 'exists' | 'unknown' | 'last-admin';
  constructor(code: StaffError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const MAX_EMAIL = 254;
export const MAX_NAME = 120;

/** The address as stored, or a StaffError naming what is wrong. Not a full RFC 5322 parser: mail confirms it. */
export function normaliseEmail(typed: string): string {
  const email = typed.trim().toLowerCase();
  const at = email.indexOf('@');
  const ok =
    email.length <= MAX_EMAIL &&
    at > 0 &&
    at === email.lastIndexOf('@') &&
    email.indexOf('.', at) > at + 1 &&
    !email.endsWith('.') &&
    ![...email].some((c) => c <= ' ' || c === '\u007f' || c === '<' || c === '>' || c === ',');
  if (!ok) throw new StaffError('bad-email', `newsroom: "${typed.slice(0, 80)}" is not an e-mail address`);
  return email;
}

function checkName(name: string): string {
  const n = name.trim();
  if ([...n].length > MAX_NAME || [...n].some((c) => c < ' ' || c === '\u007f'))
    throw new StaffError('bad-name', `newsroom: a name has at most ${MAX_NAME} characters and no control characters`);
  return n;
}

function toStaff(r: StaffTable): Staff {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    state: r.state,
    hasPassword: r.password_hash !== null,
    hasTotp: r.totp_secret !== null,
    createdAt: r.created_at,
  };
}

export async function createStaff(
  db: Kysely<Database>,
  input: { email: string; name?: string; role: Role },
  now = new Date(),
): Promise<Staff> {
  const email = normaliseEmail(input.email);
  const name = checkName(input.name ?? '') || email.split('@')[0]!;
  if (await staffRowByEmail(db, email)) throw new StaffError('exists', `newsroom: ${email} already has an account`);
  const row: StaffTable = {
    id: randomUUID(),
    email,
    name,
    role: input.role,
    state: 'invited',
    password_hash: null,
    totp_secret: null,
    totp_pending: null,
    totp_last_step: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await db.insertInto('staff').values(row).execute();
  return toStaff(row);
}

export async function staffRowByEmail(db: Kysely<Database>, email: string): Promise<StaffTable | undefined> {
  return db.selectFrom('staff').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function staffRowById(db: Kysely<Database>, id: string): Promise<StaffTable | undefined> {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function staffById(db: Kysely<Database>, id: string): Promise<Staff | undefined> {
  const row = await staffRowById(db, id);
  return row && toStaff(row);
}

/** An id or an address (the command line takes either). */
export async function findStaff(db: Kysely<Database>, idOrEmail: string): Promise<Staff> {
  const row = idOrEmail.includes('@')
    ? await staffRowByEmail(db, idOrEmail.trim().toLowerCase())
    : await staffRowById(db, idOrEmail);
  if (!row) throw new StaffError('unknown', `newsroom: no staff account "${idOrEmail.slice(0, 80)}"`);
  return toStaff(row);
}

export async function listStaff(db: Kysely<Database>): Promise<Staff[]> {
  const rows = await db.selectFrom('staff').selectAll().orderBy('email').execute();
  return rows.map(toStaff);
}

async function refuseLastAdmin(db: Kysely<Database>, staff: Staff): Promise<void> {
  if (staff.role !== 'admin' || staff.state !== 'active') return;
  const others = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('state', '=', 'active')
    .where('id', '!=', staff.id)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0)
    throw new StaffError('last-admin', `newsroom: ${staff.email} is the last active administrator`);
}

export async function setRole(db: Kysely<Database>, staff: Staff, role: Role, now = new Date()): Promise<void> {
  if (role !== 'admin') await refuseLastAdmin(db, staff);
  await db.updateTable('staff').set({ role, updated_at: now.toISOString() }).where('id', '=', staff.id).execute();
}

/** Disabling ends every session of the person (the caller's transaction makes both one change). */
export async function setDisabled(
  db: Kysely<Database>,
  staff: Staff,
  disabled: boolean,
  now = new Date(),
): Promise<void> {
  if (disabled) await refuseLastAdmin(db, staff);
  const state = disabled ? 'disabled' : staff.hasPassword ? 'active' : 'invited';
  await db.updateTable('staff').set({ state, updated_at: now.toISOString() }).where('id', '=', staff.id).execute();
  if (disabled) await db.deleteFrom('staff_sessions').where('staff_id', '=', staff.id).execute();
}

/** A new password hash; every session but `keepSession` (the one that changed it) ends. */
export async function setPasswordHash(
  db: Kysely<Database>,
  staffId: string,
  hash: string | null,
  keepSession: string | null,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('staff')
    .set({ password_hash: hash, updated_at: now.toISOString() })
    .where('id', '=', staffId)
    .execute();
  let q = db.deleteFrom('staff_sessions').where('staff_id', '=', staffId);
  if (keepSession) q = q.where('id', '!=', keepSession);
  await q.execute();
}

export async function activate(db: Kysely<Database>, staffId: string, now = new Date()): Promise<void> {
  await db
    .updateTable('staff')
    .set({ state: 'active', updated_at: now.toISOString() })
    .where('id', '=', staffId)
    .where('state', '=', 'invited')
    .execute();
}
