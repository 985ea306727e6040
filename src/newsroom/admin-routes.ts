// Administration: the team (invite, change role, disable, new access link), settings (2FA for everyone) and the
// audit log, which is only ever read here. Every route names its permission.
import { loadSiteFrame, MAX_LOGO_BYTES, readSiteSettings, setSiteLogo, setSiteSettings } from '../article/index.ts';
import { engineVoices, readVoiceChoice, setVoiceChoice } from '../speech/index.ts';
import type { Page } from '../web/http.ts';
import { withRefusal } from '../web/pipeline.ts';
import type { RequestContext, Route } from '../kernel/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { listStaff, StaffError, staffRowById, type Staff } from './accounts.ts';
import { auditRoute } from './audit-page.ts';
import { recordAudit } from './audit.ts';
import { requires2fa, setRequire2fa, type NewsroomApp } from './context.ts';
import { auditBy, clientIp, navOf, redirectTo, staffForm } from './http.ts';
import { problemPage, sm, staffPage } from './page.ts';
import { hasSecondFactor, staffOf, type StaffPrincipal } from './principal.ts';
import { isRole, ROLES } from './roles.ts';
import { changeRole, disableStaff, inviteStaff, mailLink, resetStaff } from './staff-actions.ts';

const TEAM = '/redaktion/team';
const LOGO = '/redaktion/einstellungen/logo';
/** The website form's fields, each a site setting of the same name; the voice is Vorlesen's. */
const WEBSITE_FIELDS = ['name', 'description', 'sections', 'language', 'mailFrom'] as const;

export function adminRoutes(app: NewsroomApp): Route[] {
  const actor = (p: StaffPrincipal) => ({ id: p.id, label: p.email });

  async function teamPage(ctx: RequestContext, status = 200, message?: SafeHtml, error?: string) {
    const p = staffOf(ctx);
    const m = sm(ctx);
    const staff = await listStaff(app.db);
    const hidden = html`<input type="hidden" name="csrf" value="${app.keys.formToken(p.sessionId)}">`;
    const roleOptions = (selected: string) =>
      ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${m.roles[r]}</option>`);
    const main = html`<h1>${m.team}</h1>
<p>${m.teamIntro}</p>
${message ?? ''}
${error ? html`<p class="problem" role="alert">${error}</p>` : ''}
<table class="staff-table"><thead><tr><th scope="col">${m.name}</th><th scope="col">${m.email}</th><th scope="col">${m.role}</th><th scope="col">${m.state}</th><th scope="col"><span class="vh">${m.changeRole}</span></th></tr></thead>
<tbody>${staff.map(
      (
        s,
      ) => html`<tr><td>${s.name}</td><td>${s.email}</td><td>${m.roles[s.role]}</td><td>${m.states[s.state]}</td><td class="actions">
<form method="post" action="${TEAM}/rolle">${hidden}<input type="hidden" name="id" value="${s.id}"><label class="vh" for="rolle-${s.id}">${m.role}: ${s.email}</label><select id="rolle-${s.id}" name="role">${roleOptions(s.role)}</select><button type="submit">${m.changeRole}</button></form>
<form method="post" action="${TEAM}/sperren">${hidden}<input type="hidden" name="id" value="${s.id}"><input type="hidden" name="disabled" value="${s.state === 'disabled' ? '0' : '1'}"><button type="submit">${s.state === 'disabled' ? m.enable : m.disable}</button></form>
<form method="post" action="${TEAM}/link">${hidden}<input type="hidden" name="id" value="${s.id}"><button type="submit">${m.resetLink}</button></form>
</td></tr>`,
    )}</tbody></table>
<h2>${m.inviteSomeone}</h2>
<form method="post" action="${TEAM}/einladen" class="staff-form">${hidden}
<label for="invite-email">${m.email}</label><input id="invite-email" name="email" type="email" required>
<label for="invite-name">${m.name}</label><input id="invite-name" name="name" maxlength="120">
<label for="invite-role">${m.role}</label><select id="invite-role" name="role">${roleOptions('contributor')}</select>
<button type="submit">${m.invite}</button></form>`;
    return staffPage(app, ctx, m.team, main, { status, nav: navOf(app, ctx, p) });
  }

  /** The link is shown once, also when it was mailed (the mail may not arrive; the administrator can pass it on). */
  const linkShown = async (ctx: RequestContext, staff: Staff, link: string) => {
    const m = sm(ctx);
    const mailed = await mailLink(app, staff, link, ctx.locale);
    return html`<div class="notice" role="status"><p>${m.invited(staff.email)}${mailed ? html` ${m.mailedTo(staff.email)}` : ''}</p><p>${m.linkOnce}</p><p><code class="secret">${link}</code></p></div>`;
  };

  function errorOf(ctx: RequestContext, err: unknown): string {
    const m = sm(ctx);
    if (!(err instanceof StaffError)) throw err;
    return {
      'bad-email': m.badEmail,
      'bad-name': m.badName,
      exists: m.exists,
      unknown: m.forbidden,
      'last-admin': m.lastAdmin,
    }[err.code];
  }

  const teamPost = (
    path: RegExp,
    act: (ctx: RequestContext, p: StaffPrincipal, form: URLSearchParams) => Promise<SafeHtml | undefined>,
  ): Route =>
    staffForm(app, path, 'staff.manage', async (ctx, p, form) => {
      try {
        const shown = await act(ctx, p, form);
        // A one-time link is shown in the answer itself, never put in a URL to redirect to.
        return shown ? teamPage(ctx, 200, shown) : `${TEAM}?ok=1`;
      } catch (err) {
        return teamPage(ctx, 400, undefined, errorOf(ctx, err));
      }
    });

  async function settingsPage(ctx: RequestContext, status = 200, error?: string) {
    const p = staffOf(ctx);
    const m = sm(ctx);
    const on = await requires2fa(app.db);
    const site = await readSiteSettings(app.db);
    const voice = await readVoiceChoice(app.db, engineVoices(app.config.speech));
    const csrf = html`<input type="hidden" name="csrf" value="${app.keys.formToken(p.sessionId)}">`;
    // Read now, not from app.site: the frame reaches this feature's copy of the app a moment after a change.
    const frame = await loadSiteFrame(app.db, app.config.siteName);
    const logo = frame.logo;
    const fallbackFrom = app.config.mailFrom ? m.mailFromConfigured(app.config.mailFrom) : m.mailFromNone;
    const main = html`<h1>${m.settings}</h1>
${ctx.url.searchParams.has('ok') ? html`<p class="notice" role="status">${m.saved}</p>` : ''}
${error ? html`<p class="problem" role="alert">${error}</p>` : ''}
<form method="post" action="/redaktion/einstellungen" class="staff-form">${csrf}
<p><input type="checkbox" id="require2fa" name="require2fa" value="1"${on ? html` checked` : ''} aria-describedby="require2fa-hint"> <label for="require2fa">${m.require2fa}</label></p>
<p class="hint" id="require2fa-hint">${m.require2faHint}</p>
<button type="submit">${m.save}</button></form>
<h2>${m.siteSettings}</h2>
<form method="post" action="/redaktion/einstellungen/website" class="staff-form">${csrf}
<label for="site-name">${m.siteName}</label><input id="site-name" name="name" maxlength="80" value="${site.name ?? ''}" placeholder="${app.config.siteName}">
<label for="site-description">${m.siteDescription}</label><input id="site-description" name="description" maxlength="300" value="${site.description ?? ''}">
<label for="site-sections">${m.siteSections}</label><input id="site-sections" name="sections" value="${(site.sections ?? []).join(', ')}" aria-describedby="site-sections-hint">
<p class="hint" id="site-sections-hint">${m.siteSectionsHint}</p>
<label for="site-language">${m.siteLanguage}</label><select id="site-language" name="language" aria-describedby="site-language-hint">${(['de', 'en'] as const).map((l) => html`<option value="${l}"${(site.language ?? 'de') === l ? html` selected` : ''}>${m.languages[l]}</option>`)}</select>
<p class="hint" id="site-language-hint">${m.siteLanguageHint}</p>
<label for="site-voice">${m.voice}</label><select id="site-voice" name="voice" aria-describedby="site-voice-hint">${engineVoices(app.config.speech).map((v) => html`<option value="${v}"${v === voice ? html` selected` : ''}>${m.voiceLabel(v)}</option>`)}</select>
<p class="hint" id="site-voice-hint">${m.voiceHint}</p>
<label for="site-mail-from">${m.mailFrom}</label><input id="site-mail-from" name="mailFrom" maxlength="200" value="${site.mailFrom ?? ''}" placeholder="${app.config.mailFrom ?? ''}" aria-describedby="site-mail-from-hint">
<p class="hint" id="site-mail-from-hint">${m.mailFromHint(fallbackFrom)}${app.config.smtpUrl ? '' : html` ${m.mailFromNoSmtp}`}</p>
<button type="submit">${m.save}</button></form>
<h2>${m.logo}</h2>
${logo ? html`<p><img class="logo-preview" src="${logo.src}" width="${logo.width}" height="${logo.height}" alt="${frame.name}"></p>` : html`<p>${m.logoNone}</p>`}
<form method="post" action="${LOGO}" enctype="multipart/form-data" class="staff-form">${csrf}
<label for="site-logo">${m.logoUpload}</label><input id="site-logo" name="logo" type="file" accept=".svg,.png,image/svg+xml,image/png" required aria-describedby="site-logo-hint">
<p class="hint" id="site-logo-hint">${m.logoHint}</p>
<button type="submit">${m.logoUpload}</button></form>
${logo ? html`<form method="post" action="${LOGO}" enctype="multipart/form-data" class="staff-form">${csrf}<input type="hidden" name="remove" value="1"><button type="submit">${m.logoRemove}</button></form>` : ''}`;
    return staffPage(app, ctx, m.settings, main, { status, nav: navOf(app, ctx, p) });
  }

  /** The logo form (multipart): a new logo checked and stored, or the logo removed; audited either way. */
  async function saveLogo(ctx: RequestContext): Promise<Page> {
    const p = staffOf(ctx);
    const m = sm(ctx);
    const read = await app.pipeline.upload(ctx, {
      // The file and the form's other parts: a little more than the logo may be, so its own check names the size.
      maxBytes: MAX_LOGO_BYTES + 64 * 1024,
      token: (csrf) => app.keys.checkFormToken(csrf, p.sessionId),
    });
    if (!read.ok) {
      if (read.reason === 'too-large')
        return settingsPage(ctx, 413, m.logoNotSaved(`the file is larger than ${MAX_LOGO_BYTES / 1024} KB`));
      if (read.reason === 'bad-form' || read.reason === 'not-a-form')
        return problemPage(app, ctx, read.status, m.badForm);
      return withRefusal(
        problemPage(app, ctx, read.status, read.reason === 'rate-limited' ? m.tooMany(read.retryAfterS) : m.csrf),
        read,
      );
    }
    const file = read.body.files.get('logo');
    const remove = read.body.fields.get('remove') === '1';
    if (!remove && (!file || file.bytes.length === 0)) return settingsPage(ctx, 400, m.logoMissing);
    let shown: string;
    try {
      shown = await setSiteLogo(app.db, app.files, remove ? undefined : file);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('site: ')) throw err;
      return settingsPage(ctx, 400, m.logoNotSaved(err.message.replace(/^site: /, '')));
    }
    await recordAudit(app.db, {
      ...auditBy(app, ctx, p),
      action: 'setting.change',
      subject: 'logo',
      detail: { logo: shown },
    });
    return redirectTo('/redaktion/einstellungen?ok=1');
  }

  const role = (form: URLSearchParams) => {
    const r = form.get('role');
    if (!isRole(r)) throw new StaffError('unknown', 'newsroom: no such role');
    return r;
  };

  return [
    {
      method: 'GET',
      path: /^\/redaktion\/team$/,
      need: 'staff.manage',
      handle: (ctx) =>
        teamPage(
          ctx,
          200,
          ctx.url.searchParams.has('ok') ? html`<p class="notice" role="status">${sm(ctx).saved}</p>` : undefined,
        ),
    },
    teamPost(/^\/redaktion\/team\/einladen$/, async (ctx, p, form) => {
      const { staff, link } = await inviteStaff(
        app,
        actor(p),
        { email: form.get('email') ?? '', name: form.get('name') ?? '', role: role(form) },
        clientIp(app, ctx),
      );
      return linkShown(ctx, staff, link);
    }),
    teamPost(/^\/redaktion\/team\/rolle$/, async (ctx, p, form) => {
      await changeRole(app, actor(p), form.get('id') ?? '', role(form), clientIp(app, ctx));
      return undefined;
    }),
    teamPost(/^\/redaktion\/team\/sperren$/, async (ctx, p, form) => {
      await disableStaff(app, actor(p), form.get('id') ?? '', form.get('disabled') === '1', clientIp(app, ctx));
      return undefined;
    }),
    teamPost(/^\/redaktion\/team\/link$/, async (ctx, p, form) => {
      const { staff, link } = await resetStaff(app, actor(p), form.get('id') ?? '', clientIp(app, ctx));
      return linkShown(ctx, staff, link);
    }),
    {
      method: 'GET',
      path: /^\/redaktion\/einstellungen$/,
      need: 'settings.manage',
      handle: (ctx) => settingsPage(ctx),
    },
    staffForm(app, /^\/redaktion\/einstellungen$/, 'settings.manage', async (ctx, p, form) => {
      const on = form.get('require2fa') === '1';
      const me = (await staffRowById(app.db, p.id))!;
      // Whoever turns it on has a second factor already, or they would lock themselves out of this page.
      if (on && !(await hasSecondFactor(app.db, p.id, me.totp_secret !== null)))
        return settingsPage(ctx, 400, sm(ctx).require2faSelfFirst);
      await app.db.transaction().execute(async (tx) => {
        if ((await requires2fa(tx)) === on) return;
        await setRequire2fa(tx, on);
        await recordAudit(tx, {
          ...auditBy(app, ctx, p),
          action: 'setting.change',
          subject: 'require2fa',
          detail: { value: on },
        });
      });
      return '/redaktion/einstellungen?ok=1';
    }),
    staffForm(app, /^\/redaktion\/einstellungen\/website$/, 'settings.manage', async (ctx, p, form) => {
      const m = sm(ctx);
      // Only these, each built here: a form value can never name another setting (such as a logo file).
      const values = Object.fromEntries(WEBSITE_FIELDS.map((k) => [k, (form.get(k) ?? '').trim()]));
      const voices = engineVoices(app.config.speech);
      const voice = (form.get('voice') ?? '').trim();
      if (!voices.includes(voice)) return settingsPage(ctx, 400, m.siteNotSaved(m.voiceUnknown(voice.slice(0, 40))));
      const before = { ...(await readSiteSettings(app.db)), voice: await readVoiceChoice(app.db, voices) };
      try {
        await setSiteSettings(
          app.db,
          Object.entries(values).map(([k, v]) => `${k}=${v}`),
        );
      } catch (err) {
        return settingsPage(ctx, 400, m.siteNotSaved((err as Error).message.replace(/^site: /, '')));
      }
      if (voice !== before.voice) await setVoiceChoice(app.db, voice);
      // The audit names what changed, each with its new value ('' when it returned to its default).
      const after: Record<string, unknown> = { ...(await readSiteSettings(app.db)), voice };
      const changed = Object.fromEntries(
        [...WEBSITE_FIELDS, 'voice' as const]
          .filter(
            (k) => JSON.stringify(after[k] ?? '') !== JSON.stringify((before as Record<string, unknown>)[k] ?? ''),
          )
          .map((k) => [k, after[k] ?? '']),
      );
      if (Object.keys(changed).length > 0)
        await recordAudit(app.db, {
          ...auditBy(app, ctx, p),
          action: 'setting.change',
          subject: 'site',
          detail: changed,
        });
      return '/redaktion/einstellungen?ok=1';
    }),
    { method: 'POST', path: /^\/redaktion\/einstellungen\/logo$/, need: 'settings.manage', handle: saveLogo },
    auditRoute(app),
  ];
}
