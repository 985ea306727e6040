// The passkey ceremonies staff.js runs (JSON in, JSON out): sign in, add a passkey to one's account, or set up
// an invited account with one. The browser side is `navigator.credentials` in assets/newsroom.js.
import type { RequestContext, Route } from '../kernel/index.ts';
import { staffRowById } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { clientIp, json, readJson } from './http.ts';
import { findLink } from './links.ts';
import { sm } from './page.ts';
import { authenticate, authenticationOptions, registerPasskey, registrationOptions, relyingParty } from './passkeys.ts';
import { staffOf } from './principal.ts';
import { SIGNIN_PER_ADDRESS, startSession } from './signin.ts';
import { useLink } from './invitation-routes.ts';

export function passkeyRoutes(app: NewsroomApp): Route[] {
  const rp = () => relyingParty(app.config.baseUrl, app.site.name);
  const LINK = /^\/redaktion\/einladung\/([A-Za-z0-9_-]{43})\/passkey(-optionen)?$/;

  async function inviteCeremony(ctx: RequestContext) {
    const read = await readJson(app, ctx);
    if (!read.ok) return read.page;
    const token = ctx.params[0]!;
    const link = await findLink(app.db, token);
    const staff = link && (await staffRowById(app.db, link.staff_id));
    if (!link || !staff || staff.state === 'disabled') return json(404, { ok: false, message: sm(ctx).linkInvalid });
    if (ctx.params[1]) return json(200, await registrationOptions(app.db, rp(), staff));
    const ok = await app.db.transaction().execute(async (tx) => {
      if (!(await registerPasskey(tx, rp(), staff.id, read.body))) return false;
      if (!(await useLink(tx, token, link))) return false;
      await recordAudit(tx, {
        actor: { id: staff.id, label: staff.email },
        action: 'staff.accept',
        subject: staff.id,
        ip: clientIp(app, ctx),
        detail: { link: link.purpose, method: 'passkey' },
      });
      return true;
    });
    if (!ok) return json(400, { ok: false, message: sm(ctx).passkeyFailed });
    await startSession(app, ctx, { staffId: staff.id, email: staff.email }, 'invitation');
    return json(200, { ok: true });
  }

  return [
    {
      method: 'POST',
      path: /^\/redaktion\/passkey\/optionen$/,
      async handle(ctx) {
        const read = await readJson(app, ctx);
        if (!read.ok) return read.page;
        return json(200, await authenticationOptions(app.db, rp()));
      },
    },
    {
      method: 'POST',
      path: /^\/redaktion\/passkey\/anmelden$/,
      async handle(ctx) {
        const read = await readJson(app, ctx);
        if (!read.ok) return read.page;
        const m = sm(ctx);
        const ip = clientIp(app, ctx);
        const hit = await app.pipeline.limit('staff-signin', `addr:${ip}`, SIGNIN_PER_ADDRESS);
        if (!hit.ok) return json(429, { ok: false, message: m.tooMany(hit.retryAfterS) });
        const staffId = await authenticate(app.db, rp(), read.body);
        const staff = staffId ? await staffRowById(app.db, staffId) : undefined;
        if (!staff || staff.state !== 'active') {
          await recordAudit(app.db, {
            actor: { id: staff?.id ?? null, label: staff?.email ?? 'passkey' },
            action: 'signin.failed',
            ip,
            detail: { method: 'passkey' },
          });
          return json(401, { ok: false, message: m.passkeyFailed });
        }
        await startSession(app, ctx, { staffId: staff.id, email: staff.email }, 'passkey');
        return json(200, { ok: true });
      },
    },
    {
      method: 'POST',
      path: /^\/redaktion\/sicherheit\/passkey-optionen$/,
      need: 'account.security',
      async handle(ctx) {
        const read = await readJson(app, ctx);
        if (!read.ok) return read.page;
        const p = staffOf(ctx);
        return json(200, await registrationOptions(app.db, rp(), p));
      },
    },
    {
      method: 'POST',
      path: /^\/redaktion\/sicherheit\/passkey$/,
      need: 'account.security',
      async handle(ctx) {
        const read = await readJson(app, ctx);
        if (!read.ok) return read.page;
        const p = staffOf(ctx);
        const ok = await app.db.transaction().execute(async (tx) => {
          if (!(await registerPasskey(tx, rp(), p.id, read.body))) return false;
          await recordAudit(tx, {
            actor: { id: p.id, label: p.email },
            action: 'passkey.add',
            subject: p.id,
            ip: clientIp(app, ctx),
          });
          return true;
        });
        return ok ? json(200, { ok: true }) : json(400, { ok: false, message: sm(ctx).passkeyFailed });
      },
    },
    { method: 'POST', path: LINK, handle: inviteCeremony },
  ];
}
