// A person's own account: the dashboard, their sessions (list, end) and security (password, TOTP, passkeys).
// Every route names a permission; the pipeline has checked the session before the handler runs.
import type { RequestContext, Route } from '../kernel/index.ts';
import { assetUrl } from '../web/assets.ts';
import { html } from '../web/html.ts';
import { formatDateTime } from '../web/i18n.ts';
import { qrSvg } from '../web/qr.ts';
import { setPasswordHash, staffRowById } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { auditBy, navOf, staffForm } from './http.ts';
import { sm, staffPage } from './page.ts';
import { imprintNotice } from './pages/routes.ts';
import { listPasskeys, removePasskey } from './passkeys.ts';
import { hashPassword, PASSWORD_MIN, passwordProblem, verifyPassword } from './passwords.ts';
import { staffOf, type StaffPrincipal } from './principal.ts';
import { listSessions, revokeSession } from './sessions.ts';
import { dashboardLists } from './workflow/dashboard.ts';
import { confirmTotp, pendingTotp, removeTotp, startTotp, totpUri } from './totp.ts';

const SECURITY = '/redaktion/sicherheit';

export function accountRoutes(app: NewsroomApp): Route[] {
  const when = (iso: string, ctx: RequestContext) => formatDateTime(new Date(iso), ctx.locale);
  const notice = (ctx: RequestContext) => {
    const key = ctx.url.searchParams.get('ok');
    const m = sm(ctx);
    const text = (
      {
        ended: m.ended,
        password: m.passwordChanged,
        totp: m.totpEnabled,
        'totp-removed': m.totpRemoved,
        passkey: m.passkeyAdded,
        'passkey-removed': m.passkeyRemoved,
      } as Record<string, string>
    )[key ?? ''];
    return text ? html`<p class="notice" role="status">${text}</p>` : '';
  };

  async function dashboard(ctx: RequestContext) {
    const p = staffOf(ctx);
    const m = sm(ctx);
    const main = html`<h1>${m.welcome(p.name)}</h1>
<p>${m.roles[p.role]} · ${p.email}</p>
${await imprintNotice(app, ctx, p)}
${await dashboardLists(app.db, ctx)}`;
    return staffPage(app, ctx, m.dashboard, main, { nav: navOf(app, ctx, p) });
  }

  async function sessionsPage(ctx: RequestContext) {
    const p = staffOf(ctx);
    const m = sm(ctx);
    const sessions = await listSessions(app.db, p.id);
    const csrf = app.keys.formToken(p.sessionId);
    const main = html`<h1>${m.sessions}</h1>
${notice(ctx)}
<p>${m.sessionsIntro}</p>
<ul class="sessions">${sessions.map(
      (
        s,
      ) => html`<li><p><strong>${s.userAgent || '—'}</strong>${s.id === p.sessionId ? html` <em>(${m.thisSession})</em>` : ''}</p>
<p class="meta">${m.since} ${when(s.createdAt, ctx)} · ${m.lastSeen} ${when(s.lastSeenAt, ctx)} · ${m.from} ${s.ip} · ${s.method}</p>
<form method="post" action="/redaktion/sitzungen/beenden"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="session" value="${s.id}"><button type="submit">${m.end}</button></form></li>`,
    )}</ul>`;
    return staffPage(app, ctx, m.sessions, main, { nav: navOf(app, ctx, p) });
  }

  async function securityPage(ctx: RequestContext, status = 200, error?: string) {
    const p = staffOf(ctx);
    const m = sm(ctx);
    const row = (await staffRowById(app.db, p.id))!;
    const passkeys = await listPasskeys(app.db, p.id);
    const csrf = app.keys.formToken(p.sessionId);
    const hidden = html`<input type="hidden" name="csrf" value="${csrf}">`;
    const pending = row.totp_pending ? pendingTotp(app.box, p.id, row.totp_pending) : undefined;
    const totp = row.totp_secret
      ? html`<p>${m.totpOn}</p><form method="post" action="${SECURITY}/totp/entfernen">${hidden}<button type="submit">${m.totpRemove}</button></form>`
      : pending
        ? html`<p>${m.totpScan}</p>
${qrSvg(totpUri(pending, row.email, app.site.name), m.totpQr)}
<p>${m.totpSecret} <code class="secret">${pending}</code></p>
<form method="post" action="${SECURITY}/totp" class="staff-form">${hidden}
<label for="code">${m.code}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required>
<button type="submit">${m.confirm}</button></form>`
        : html`<p>${m.totpOff}</p><form method="post" action="${SECURITY}/totp/neu">${hidden}<button type="submit">${m.totpStart}</button></form>`;
    const main = html`<h1>${m.security}</h1>
${p.mustEnrol ? html`<p class="problem" role="alert">${m.mustEnrol}</p>` : ''}
${notice(ctx)}
${error ? html`<p class="problem" role="alert" id="fehler">${error}</p>` : ''}
<section aria-labelledby="totp-titel"><h2 id="totp-titel">${m.totp}</h2>${totp}</section>
<section aria-labelledby="passkeys-titel"><h2 id="passkeys-titel">${m.passkeys}</h2>
${
  passkeys.length
    ? html`<ul class="passkeys">${passkeys.map(
        (k) =>
          html`<li>${m.addedOn} ${when(k.createdAt, ctx)} <form method="post" action="${SECURITY}/passkey/entfernen">${hidden}<input type="hidden" name="id" value="${k.id}"><button type="submit">${m.remove}</button></form></li>`,
      )}</ul>`
    : html`<p>${m.passkeysNone}</p>`
}
<div data-passkey="register" data-options="${SECURITY}/passkey-optionen" data-verify="${SECURITY}/passkey" data-next="${SECURITY}?ok=passkey" hidden>
<button type="button">${m.registerPasskey}</button>
<p class="problem" role="alert" data-error hidden>${m.passkeyFailed}</p>
</div>
<noscript><p>${m.needsScript}</p></noscript>
</section>
<section aria-labelledby="passwort-titel"><h2 id="passwort-titel">${m.changePassword}</h2>
<form method="post" action="${SECURITY}/passwort" class="staff-form">${hidden}
<input type="text" name="username" autocomplete="username" value="${row.email}" hidden>
${row.password_hash ? html`<label for="current">${m.currentPassword}</label><input id="current" name="current" type="password" autocomplete="current-password" required>` : ''}
<label for="new">${m.newPassword}</label>
<input id="new" name="new" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN}" required aria-describedby="neu-hinweis">
<p class="hint" id="neu-hinweis">${m.passwordHint(PASSWORD_MIN)}</p>
<button type="submit">${m.changePassword}</button></form></section>`;
    return staffPage(app, ctx, m.security, main, {
      status,
      nav: navOf(app, ctx, p),
      scripts: [assetUrl('newsroom.js')],
    });
  }

  return [
    { method: 'GET', path: /^\/redaktion\/?$/, need: 'newsroom.enter', handle: dashboard },
    { method: 'GET', path: /^\/redaktion\/sitzungen$/, need: 'account.security', handle: sessionsPage },
    staffForm(app, /^\/redaktion\/sitzungen\/beenden$/, 'account.security', async (ctx, p, form) => {
      const id = form.get('session') ?? '';
      await app.db.transaction().execute(async (tx) => {
        if (await revokeSession(tx, p.id, id))
          await recordAudit(tx, { ...auditBy(app, ctx, p), action: 'session.revoke', subject: id });
      });
      return id === p.sessionId ? '/redaktion/anmelden' : '/redaktion/sitzungen?ok=ended';
    }),
    { method: 'GET', path: /^\/redaktion\/sicherheit$/, need: 'account.security', handle: (ctx) => securityPage(ctx) },
    securityRoute(/^\/redaktion\/sicherheit\/passwort$/, async (ctx, p, form) => {
      const m = sm(ctx);
      const row = (await staffRowById(app.db, p.id))!;
      if (row.password_hash && !(await verifyPassword(form.get('current') ?? '', row.password_hash)))
        return { error: m.passwordWrong };
      const next = form.get('new') ?? '';
      const problem = passwordProblem(next);
      if (problem) return { error: problem === 'short' ? m.passwordShort(PASSWORD_MIN) : m.passwordLong };
      const hash = await hashPassword(next);
      await app.db.transaction().execute(async (tx) => {
        await setPasswordHash(tx, p.id, hash, p.sessionId);
        await recordAudit(tx, { ...auditBy(app, ctx, p), action: 'password.change', subject: p.id });
      });
      return 'password';
    }),
    securityRoute(/^\/redaktion\/sicherheit\/totp\/neu$/, async (_ctx, p) => {
      await startTotp(app.db, app.box, p.id);
      return '';
    }),
    securityRoute(/^\/redaktion\/sicherheit\/totp$/, async (ctx, p, form) => {
      const enabled = await app.db.transaction().execute(async (tx) => {
        if (!(await confirmTotp(tx, app.box, p.id, form.get('code') ?? ''))) return false;
        await recordAudit(tx, { ...auditBy(app, ctx, p), action: 'totp.enable', subject: p.id });
        return true;
      });
      return enabled ? 'totp' : { error: sm(ctx).codeFailed };
    }),
    securityRoute(/^\/redaktion\/sicherheit\/totp\/entfernen$/, async (ctx, p) => {
      await app.db.transaction().execute(async (tx) => {
        await removeTotp(tx, p.id);
        await recordAudit(tx, { ...auditBy(app, ctx, p), action: 'totp.disable', subject: p.id });
      });
      return 'totp-removed';
    }),
    securityRoute(/^\/redaktion\/sicherheit\/passkey\/entfernen$/, async (ctx, p, form) => {
      const id = form.get('id') ?? '';
      await app.db.transaction().execute(async (tx) => {
        if (await removePasskey(tx, p.id, id))
          await recordAudit(tx, { ...auditBy(app, ctx, p), action: 'passkey.remove', subject: p.id });
      });
      return 'passkey-removed';
    }),
  ];

  function securityRoute(
    path: RegExp,
    act: (ctx: RequestContext, p: StaffPrincipal, form: URLSearchParams) => Promise<string | { error: string }>,
  ): Route {
    return staffForm(app, path, 'account.security', async (ctx, p, form) => {
      const outcome = await act(ctx, p, form);
      if (typeof outcome !== 'string') return securityPage(ctx, 400, outcome.error);
      return `${SECURITY}${outcome ? `?ok=${outcome}` : ''}`;
    });
  }
}
