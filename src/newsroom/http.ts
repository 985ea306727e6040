// The shape every staff route shares: read a form through the request pipeline (origin, limit, body, a form
// token bound to the session or link), answer with a redirect (post/redirect/get) or a page.
import type { RequestContext, Route } from '../kernel/index.ts';
import type { Page } from '../web/http.ts';
import { localPath } from '../web/http.ts';
import { withRefusal } from '../web/pipeline.ts';
import type { NewsroomApp } from './context.ts';
import type { Actor } from './audit.ts';
import { editorMessages } from './editor/messages.ts';
import { problemPage, sm, type Nav } from './page.ts';
import { staffOf, type StaffPrincipal } from './principal.ts';
import type { Permission } from './roles.ts';

/** Post/redirect/get. Cookies go on `ctx.res` first (a Page holds one value per header; cookies are several). */
export function redirectTo(location: string): Page {
  return { status: 303, type: 'text/plain; charset=utf-8', body: '', cacheControl: 'no-store', headers: { location } };
}

/** The form's fields, or the page that refuses it (cross-site, too many, too large, a bad or foreign token). */
export async function readForm(
  app: NewsroomApp,
  ctx: RequestContext,
  binding: string,
): Promise<{ ok: true; form: URLSearchParams } | { ok: false; page: Page }> {
  const m = sm(ctx);
  const result = await app.pipeline.form(ctx, { token: (csrf) => app.keys.checkFormToken(csrf, binding) });
  if (result.ok) return { ok: true, form: result.body };
  const message =
    result.reason === 'rate-limited'
      ? m.tooMany(result.retryAfterS)
      : result.reason === 'cross-site' || result.reason === 'token'
        ? m.csrf
        : m.badForm;
  return { ok: false, page: withRefusal(problemPage(app, ctx, result.status, message), result) };
}

/** JSON from the staff area's own script (passkeys). JSON cannot be sent cross-site without CORS, never allowed. */
export async function readJson(
  app: NewsroomApp,
  ctx: RequestContext,
): Promise<{ ok: true; body: unknown } | { ok: false; page: Page }> {
  const result = await app.pipeline.json(ctx);
  if (result.ok) return { ok: true, body: result.body };
  const m = sm(ctx);
  return {
    ok: false,
    page: withRefusal(
      problemPage(app, ctx, result.status, result.reason === 'rate-limited' ? m.tooMany(result.retryAfterS) : m.csrf),
      result,
    ),
  };
}

/**
 * A signed-in person's form POST: the form is read through the pipeline (or refused), then `act` changes and
 * audits; it answers with the path to go on to (post/redirect/get, a notice in its query) or with a page (an
 * error, or what is shown once and so never goes into a URL).
 */
export function staffForm(
  app: NewsroomApp,
  path: RegExp,
  need: Permission,
  act: (ctx: RequestContext, p: StaffPrincipal, form: URLSearchParams) => Promise<string | Page>,
): Route {
  return {
    method: 'POST',
    path,
    need,
    async handle(ctx) {
      const p = staffOf(ctx);
      const read = await readForm(app, ctx, p.sessionId);
      if (!read.ok) return read.page;
      const answer = await act(ctx, p, read.form);
      return typeof answer === 'string' ? redirectTo(answer) : answer;
    },
  };
}

/** Who acted and from where, as an audit entry records them. */
export function auditBy(app: NewsroomApp, ctx: RequestContext, p: StaffPrincipal): { actor: Actor; ip: string } {
  return { actor: { id: p.id, label: p.email }, ip: clientIp(app, ctx) };
}

export function json(status: number, value: unknown): Page {
  return {
    status,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(value),
    cacheControl: 'no-store',
    headers: { 'x-robots-tag': 'noindex' },
  };
}

export const back = (value: string | null | undefined) => {
  const path = localPath(value, '/redaktion');
  return path.startsWith('/redaktion') ? path : '/redaktion';
};

export function clientIp(app: NewsroomApp, ctx: RequestContext): string {
  return app.pipeline.clientKey(ctx.req);
}

/** The navigation a person sees: only the pages their role may open. */
export function navOf(app: NewsroomApp, ctx: RequestContext, p: StaffPrincipal): Nav {
  const m = sm(ctx);
  const all = [
    { href: '/redaktion', label: m.dashboard, need: 'newsroom.enter' },
    { href: '/redaktion/artikel/neu', label: editorMessages[ctx.locale].newArticle, need: 'articles.write' },
    { href: '/redaktion/seiten', label: m.pages, need: 'pages.edit' },
    { href: '/redaktion/sitzungen', label: m.sessions, need: 'account.security' },
    { href: '/redaktion/sicherheit', label: m.security, need: 'account.security' },
    { href: '/redaktion/team', label: m.team, need: 'staff.manage' },
    { href: '/redaktion/einstellungen', label: m.settings, need: 'settings.manage' },
    { href: '/redaktion/protokoll', label: m.audit, need: 'audit.read' },
    { href: '/redaktion/api', label: m.api, need: 'api.manage' },
  ];
  return {
    links: all
      .filter((l) => p.can(l.need))
      .map((l) => ({ href: l.href, label: l.label, current: ctx.url.pathname === l.href })),
    signOut: { csrf: app.keys.formToken(p.sessionId) },
  };
}
