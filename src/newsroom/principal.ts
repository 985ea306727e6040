// Who a staff request belongs to: the session cookie, its session, its person and what their role may do. This
// is what the newsroom plugs into the request pipeline's session step (web/pipeline.ts `Sessions`).
import type { Kysely } from 'kysely';
import type { Principal, RequestContext, Sessions } from '../kernel/index.ts';
import { readCookie, setCookie } from '../web/cookies.ts';
import type { Page } from '../web/http.ts';
import type { Database } from '../store/schema.ts';
import { requires2fa, type NewsroomApp } from './context.ts';
import { staffMessages } from './messages.ts';
import { roleCan, type Role } from './roles.ts';
import { ABSOLUTE_MS, sessionByToken } from './sessions.ts';
import { problemPage } from './page.ts';

export const COOKIE = 'bw_staff';
export const SECOND_STEP_COOKIE = 'bw_staff_2fa';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const SIGN_IN = '/redaktion/anmelden';
export const SECURITY = '/redaktion/sicherheit';

export interface StaffPrincipal extends Principal {
  email: string;
  name: string;
  role: Role;
  /** 2FA is required and this person has no second factor yet: only their security page until they add one. */
  mustEnrol: boolean;
}

/** The principal of a request whose route named a permission (the pipeline set it before the handler ran). */
export function staffOf(ctx: RequestContext): StaffPrincipal {
  if (!ctx.principal) throw new Error('newsroom: a staff route ran without a principal; give it a `need`');
  return ctx.principal as StaffPrincipal;
}

export function sessionCookie(token: string, secure: boolean): string[] {
  return setCookie(COOKIE, token, { secure, sameSite: 'Strict', maxAgeSeconds: ABSOLUTE_MS / 1000 });
}

export function clearedSessionCookie(secure: boolean): string[] {
  return setCookie(COOKIE, '', { secure, sameSite: 'Strict', maxAgeSeconds: 0 });
}

/** Between the password and the second factor: who, signed, for five minutes (SECOND_STEP_MS). */
export function secondStepCookie(value: string, secure: boolean): string[] {
  return setCookie(SECOND_STEP_COOKIE, value, { secure, sameSite: 'Strict', maxAgeSeconds: value ? 300 : 0 });
}

export function sessionTokenOf(ctx: RequestContext): string | undefined {
  const value = readCookie(ctx.req.headers.cookie, COOKIE);
  return value !== undefined && TOKEN_SHAPE.test(value) ? value : undefined;
}

/** Whether the person has a second factor (TOTP or a passkey, which verifies the user itself). */
export async function hasSecondFactor(db: Kysely<Database>, staffId: string, hasTotp: boolean): Promise<boolean> {
  if (hasTotp) return true;
  const key = await db.selectFrom('staff_passkeys').select('id').where('staff_id', '=', staffId).executeTakeFirst();
  return key !== undefined;
}

export async function principalOf(app: NewsroomApp, ctx: RequestContext): Promise<StaffPrincipal | undefined> {
  const token = sessionTokenOf(ctx);
  if (!token) return undefined;
  const found = await sessionByToken(app.db, token);
  if (!found) return undefined;
  const { staff, session } = found;
  const mustEnrol =
    (await requires2fa(app.db)) && !(await hasSecondFactor(app.db, staff.id, staff.totp_secret !== null));
  return {
    id: staff.id,
    sessionId: session.id,
    email: staff.email,
    name: staff.name,
    role: staff.role,
    mustEnrol,
    can: (permission) => (mustEnrol ? permission === 'account.security' : roleCan(staff.role, permission)),
  };
}

function redirectPage(location: string): Page {
  return { status: 303, type: 'text/plain; charset=utf-8', body: '', cacheControl: 'no-store', headers: { location } };
}

/** Scripts and API calls get a status; a person opening a page is sent to sign in (and back afterwards). */
function wantsPage(ctx: RequestContext): boolean {
  return ctx.req.method !== 'POST' && !/\bapplication\/json\b/.test(ctx.req.headers.accept ?? '');
}

export function staffSessions(app: NewsroomApp): Sessions {
  return {
    principal: (ctx) => principalOf(app, ctx),
    refused(ctx, status) {
      const m = staffMessages[ctx.locale];
      const principal = ctx.principal as StaffPrincipal | undefined;
      if (status === 401 && wantsPage(ctx))
        return redirectPage(`${SIGN_IN}?zurueck=${encodeURIComponent(ctx.url.pathname + ctx.url.search)}`);
      if (status === 403 && principal?.mustEnrol && wantsPage(ctx)) return redirectPage(SECURITY);
      return problemPage(app, ctx, status, status === 401 ? m.signInNeeded : m.forbidden);
    },
  };
}
