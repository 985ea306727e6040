// Signing in and out: the sign-in page (password, or a passkey through staff.js), the second step (a TOTP
// code) and signing out. Every route: read the form through the pipeline → check → start or end a session.
import type { RequestContext, Route } from '../kernel/index.ts';
import { assetUrl } from '../web/assets.ts';
import { readCookie } from '../web/cookies.ts';
import { html } from '../web/html.ts';
import { recordAudit } from './audit.ts';
import { staffRowById } from './accounts.ts';
import type { NewsroomApp } from './context.ts';
import { auditBy, back, clientIp, readForm, redirectTo, staffForm } from './http.ts';
import { sm, staffPage } from './page.ts';
import { clearedSessionCookie, principalOf, SECOND_STEP_COOKIE, secondStepCookie, SIGN_IN } from './principal.ts';
import { checkPassword, CODES_PER_ACCOUNT, startSession } from './signin.ts';
import { useTotp } from './totp.ts';

const SECOND_STEP = '/redaktion/anmelden/code';

export function authRoutes(app: NewsroomApp): Route[] {
  const secure = () => app.config.baseUrl.startsWith('https:');

  function signInPage(ctx: RequestContext, status = 200, error?: string, email = '') {
    const m = sm(ctx);
    const to = back(ctx.url.searchParams.get('zurueck'));
    const main = html`<h1>${m.signIn}</h1>
${error ? html`<p class="problem" role="alert" id="fehler">${error}</p>` : ''}
<div class="passkey-signin" data-passkey="authenticate" data-next="${to}" hidden>
<button type="button" class="primary">${m.signInWithPasskey}</button>
<p class="problem" role="alert" data-error hidden>${m.passkeyFailed}</p>
<p>${m.orPassword}</p>
</div>
<form method="post" action="${SIGN_IN}" class="staff-form">
<input type="hidden" name="csrf" value="${app.keys.formToken('')}">
<input type="hidden" name="zurueck" value="${to}">
<label for="email">${m.email}</label>
<input id="email" name="email" type="email" autocomplete="username webauthn" required value="${email}"${error ? html` aria-describedby="fehler"` : ''}>
<label for="password">${m.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${m.signIn}</button>
</form>`;
    return staffPage(app, ctx, m.signIn, main, { status, scripts: [assetUrl('newsroom.js')] });
  }

  function secondStepPage(ctx: RequestContext, to: string, status = 200, error?: string) {
    const m = sm(ctx);
    const main = html`<h1>${m.signIn}</h1>
${error ? html`<p class="problem" role="alert" id="fehler">${error}</p>` : ''}
<form method="post" action="${SECOND_STEP}" class="staff-form">
<input type="hidden" name="csrf" value="${app.keys.formToken('')}">
<input type="hidden" name="zurueck" value="${to}">
<p>${m.codeIntro}</p>
<label for="code">${m.code}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required${error ? html` aria-describedby="fehler"` : ''}>
<button type="submit">${m.confirm}</button>
</form>`;
    return staffPage(app, ctx, m.signIn, main, { status });
  }

  return [
    {
      method: 'GET',
      path: /^\/redaktion\/anmelden$/,
      async handle(ctx) {
        if (await principalOf(app, ctx)) return redirectTo(back(ctx.url.searchParams.get('zurueck')));
        return signInPage(ctx);
      },
    },
    {
      method: 'POST',
      path: /^\/redaktion\/anmelden$/,
      async handle(ctx) {
        const read = await readForm(app, ctx, '');
        if (!read.ok) return read.page;
        const m = sm(ctx);
        const email = read.form.get('email') ?? '';
        const to = back(read.form.get('zurueck'));
        const result = await checkPassword(app, ctx, email, read.form.get('password') ?? '');
        if (result.kind === 'limited') {
          const page = signInPage(ctx, 429, m.tooMany(result.retryAfterS), email);
          return { ...page, headers: { ...page.headers, 'retry-after': String(result.retryAfterS) } };
        }
        if (result.kind === 'refused') return signInPage(ctx, 401, m.signInFailed, email);
        if (result.secondStep) {
          ctx.res.setHeader('set-cookie', secondStepCookie(app.keys.secondStep(result.staffId), secure()));
          return redirectTo(`${SECOND_STEP}?zurueck=${encodeURIComponent(to)}`);
        }
        await startSession(app, ctx, result, 'password');
        return redirectTo(to);
      },
    },
    {
      method: 'GET',
      path: /^\/redaktion\/anmelden\/code$/,
      handle(ctx) {
        if (!app.keys.openSecondStep(readCookie(ctx.req.headers.cookie, SECOND_STEP_COOKIE)))
          return Promise.resolve(redirectTo(SIGN_IN));
        return Promise.resolve(secondStepPage(ctx, back(ctx.url.searchParams.get('zurueck'))));
      },
    },
    {
      method: 'POST',
      path: /^\/redaktion\/anmelden\/code$/,
      async handle(ctx) {
        const read = await readForm(app, ctx, '');
        if (!read.ok) return read.page;
        const m = sm(ctx);
        const to = back(read.form.get('zurueck'));
        const staffId = app.keys.openSecondStep(readCookie(ctx.req.headers.cookie, SECOND_STEP_COOKIE));
        const row = staffId ? await staffRowById(app.db, staffId) : undefined;
        if (!row || row.state !== 'active') return redirectTo(SIGN_IN);
        const hit = await app.pipeline.limit('staff-code', `acct:${row.id}`, CODES_PER_ACCOUNT);
        if (!hit.ok) return secondStepPage(ctx, to, 429, m.tooMany(hit.retryAfterS));
        if (!(await useTotp(app.db, app.box, row.id, read.form.get('code') ?? ''))) {
          await recordAudit(app.db, {
            actor: { id: row.id, label: row.email },
            action: 'signin.failed',
            ip: clientIp(app, ctx),
            detail: { method: 'totp' },
          });
          return secondStepPage(ctx, to, 401, m.codeFailed);
        }
        await startSession(app, ctx, { staffId: row.id, email: row.email }, 'password+totp');
        return redirectTo(to);
      },
    },
    staffForm(app, /^\/redaktion\/abmelden$/, 'account.security', async (ctx, p) => {
      await app.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('staff_sessions').where('id', '=', p.sessionId).execute();
        await recordAudit(tx, { ...auditBy(app, ctx, p), action: 'signout' });
      });
      ctx.res.setHeader('set-cookie', clearedSessionCookie(secure()));
      return SIGN_IN;
    }),
  ];
}
