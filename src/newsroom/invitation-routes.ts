// Taking a one-time link (an invitation or a reset): the link is the authority, so these routes name no
// permission. The person sets a password (or registers a passkey, staff.js), and is signed in. A reset link
// also removes the old second factors (it is how an administrator helps someone who lost their phone).
import type { RequestContext, Route } from '../kernel/index.ts';
import { assetUrl } from '../web/assets.ts';
import { html } from '../web/html.ts';
import { activate, setPasswordHash, staffRowById } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { clientIp, readForm, redirectTo } from './http.ts';
import { findLink, takeLink } from './links.ts';
import { sm, staffPage } from './page.ts';
import { hashPassword, PASSWORD_MIN, passwordProblem } from './passwords.ts';
import { removeTotp } from './totp.ts';
import { startSession } from './signin.ts';
import { tokenHash } from './sessions.ts';
import type { StaffLinksTable } from './tables.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export const linkBinding = (token: string) => `link:${tokenHash(token)}`;

/** Takes the link and makes the account usable, in the caller's transaction; false when the link was taken. */
export async function useLink(tx: Kysely<Database>, token: string, link: StaffLinksTable): Promise<boolean> {
  if (!(await takeLink(tx, token))) return false;
  if (link.purpose === 'reset') {
    await removeTotp(tx, link.staff_id);
    await tx.deleteFrom('staff_passkeys').where('staff_id', '=', link.staff_id).execute();
  }
  await activate(tx, link.staff_id);
  return true;
}

export function invitationRoutes(app: NewsroomApp): Route[] {
  async function acceptPage(ctx: RequestContext, token: string, status = 200, error?: string) {
    const m = sm(ctx);
    const link = await findLink(app.db, token);
    const staff = link && (await staffRowById(app.db, link.staff_id));
    if (!link || !staff || staff.state === 'disabled')
      return staffPage(
        app,
        ctx,
        m.invitation,
        html`<h1>${m.invitation}</h1><p class="problem" role="alert">${m.linkInvalid}</p>`,
        {
          status: 404,
        },
      );
    const path = `/redaktion/einladung/${token}`;
    const main = html`<h1>${m.invitation}</h1>
<p>${m.invitationFor(staff.email, m.roles[staff.role])}</p>
<p>${m.invitationIntro}</p>
${error ? html`<p class="problem" role="alert" id="fehler">${error}</p>` : ''}
<form method="post" action="${path}" class="staff-form">
<input type="hidden" name="csrf" value="${app.keys.formToken(linkBinding(token))}">
<input type="text" name="username" autocomplete="username" value="${staff.email}" hidden>
<label for="password">${m.newPassword}</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN}" required aria-describedby="passwort-hinweis${error ? ' fehler' : ''}">
<p class="hint" id="passwort-hinweis">${m.passwordHint(PASSWORD_MIN)}</p>
<button type="submit">${m.setPassword}</button>
</form>
<div class="passkey-register" data-passkey="register" data-options="${path}/passkey-optionen" data-verify="${path}/passkey" data-next="/redaktion/sicherheit" hidden>
<h2>${m.passkeys}</h2>
<button type="button">${m.registerPasskey}</button>
<p class="problem" role="alert" data-error hidden>${m.passkeyFailed}</p>
</div>`;
    return staffPage(app, ctx, m.invitation, main, { status, scripts: [assetUrl('newsroom.js')] });
  }

  return [
    {
      method: 'GET',
      path: /^\/redaktion\/einladung\/([A-Za-z0-9_-]{43})$/,
      handle: (ctx) => acceptPage(ctx, ctx.params[0]!),
    },
    {
      method: 'POST',
      path: /^\/redaktion\/einladung\/([A-Za-z0-9_-]{43})$/,
      async handle(ctx) {
        const token = ctx.params[0]!;
        const read = await readForm(app, ctx, linkBinding(token));
        if (!read.ok) return read.page;
        const m = sm(ctx);
        const password = read.form.get('password') ?? '';
        const problem = passwordProblem(password);
        if (problem)
          return acceptPage(ctx, token, 400, problem === 'short' ? m.passwordShort(PASSWORD_MIN) : m.passwordLong);
        const link = await findLink(app.db, token);
        const staff = link && (await staffRowById(app.db, link.staff_id));
        if (!link || !staff || staff.state === 'disabled') return acceptPage(ctx, token);
        const hash = await hashPassword(password);
        const taken = await app.db.transaction().execute(async (tx) => {
          if (!(await useLink(tx, token, link))) return false;
          await setPasswordHash(tx, staff.id, hash, null);
          await recordAudit(tx, {
            actor: { id: staff.id, label: staff.email },
            action: 'staff.accept',
            subject: staff.id,
            ip: clientIp(app, ctx),
            detail: { link: link.purpose, method: 'password' },
          });
          return true;
        });
        if (!taken) return acceptPage(ctx, token);
        await startSession(app, ctx, { staffId: staff.id, email: staff.email }, 'invitation');
        return redirectTo('/redaktion/sicherheit');
      },
    },
  ];
}
