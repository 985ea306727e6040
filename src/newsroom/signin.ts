// Signing in: the password check with its limits, and the one way a session starts. Every answer to a wrong
// address, a wrong password, a disabled or unfinished account is the same, after the same work (a dummy hash
// when there is no account), so neither the message nor the time tells whether an address has an account.
import type { RequestContext } from '../kernel/index.ts';
import type { Limit } from '../web/pipeline.ts';
import { normaliseEmail, staffRowByEmail } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { clientIp } from './http.ts';
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from './passwords.ts';
import { secondStepCookie, sessionCookie, sessionTokenOf } from './principal.ts';
import { createSession, pruneSessions, tokenHash } from './sessions.ts';

/** Attempts per account (a password guessed slowly from many addresses) and per address (many accounts tried). */
export const SIGNIN_PER_ACCOUNT: Limit = { max: 10, windowMs: 15 * 60_000 };
export const SIGNIN_PER_ADDRESS: Limit = { max: 30, windowMs: 15 * 60_000 };
/** Second-factor codes per account: a million codes are not guessed ten at a time. */
export const CODES_PER_ACCOUNT: Limit = { max: 10, windowMs: 15 * 60_000 };

export type PasswordResult =
  | { kind: 'ok'; staffId: string; email: string; secondStep: boolean }
  | { kind: 'refused' }
  | { kind: 'limited'; retryAfterS: number };

/** The account key the limit counts: the address as stored, or as typed when it is none. */
function accountKey(typed: string): string {
  try {
    return normaliseEmail(typed);
  } catch {
    return typed.trim().toLowerCase().slice(0, 254);
  }
}

export async function checkPassword(
  app: NewsroomApp,
  ctx: RequestContext,
  typed: string,
  password: string,
): Promise<PasswordResult> {
  const ip = clientIp(app, ctx);
  const email = accountKey(typed);
  for (const [subject, limit] of [
    [`addr:${ip}`, SIGNIN_PER_ADDRESS],
    [`acct:${email}`, SIGNIN_PER_ACCOUNT],
  ] as const) {
    const hit = await app.pipeline.limit('staff-signin', subject, limit);
    if (!hit.ok) return { kind: 'limited', retryAfterS: hit.retryAfterS };
  }
  const row = await staffRowByEmail(app.db, email);
  const usable = row && row.state === 'active' && row.password_hash !== null;
  const ok = usable ? await verifyPassword(password, row.password_hash!) : await verifyDummy(password);
  if (!ok || !row) {
    // The typed password is never recorded; the address is (cut to the column's length).
    await recordAudit(app.db, {
      actor: { id: row?.id ?? null, label: email },
      action: 'signin.failed',
      ip,
      detail: { method: 'password' },
    });
    return { kind: 'refused' };
  }
  if (needsRehash(row.password_hash!))
    await app.db
      .updateTable('staff')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', row.id)
      .execute();
  return { kind: 'ok', staffId: row.id, email: row.email, secondStep: row.totp_secret !== null };
}

/**
 * Starts a session: a new token always (the one the browser brought, if any, is ended: no fixation), the audit
 * entry in the same transaction, the cookie on the response.
 */
export async function startSession(
  app: NewsroomApp,
  ctx: RequestContext,
  who: { staffId: string; email: string },
  method: string,
): Promise<void> {
  const ip = clientIp(app, ctx);
  const old = sessionTokenOf(ctx);
  const session = await app.db.transaction().execute(async (tx) => {
    if (old) await tx.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash(old)).execute();
    await pruneSessions(tx);
    const created = await createSession(tx, who.staffId, {
      ip,
      userAgent: String(ctx.req.headers['user-agent'] ?? ''),
      method,
    });
    await recordAudit(tx, { actor: { id: who.staffId, label: who.email }, action: 'signin', ip, detail: { method } });
    return created;
  });
  const secure = app.config.baseUrl.startsWith('https:');
  // The second-step cookie is spent; the session cookie replaces whatever was there.
  ctx.res.setHeader('set-cookie', [...secondStepCookie('', secure), ...sessionCookie(session.token, secure)]);
}
