// The staff area's page shell: its own frame and stylesheet, never the reader pages' (no staff code reaches a
// reader), never cached (no-store), never indexed (meta and X-Robots-Tag), with its own CSP and no referrer (a
// one-time link in the address must not travel in a Referer header). Media only from blob: URLs: the editor plays
// its paragraph samples from the bytes it fetched.
import type { App, RequestContext } from '../kernel/index.ts';
import { assetUrl } from '../web/assets.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { localePath } from '../web/i18n.ts';
import type { Page } from '../web/http.ts';
import { staffMessages, type StaffMessages } from './messages.ts';

export const STAFF_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src blob:; connect-src 'self'; font-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
};

export function sm(ctx: RequestContext): StaffMessages {
  return staffMessages[ctx.locale];
}

/** The navigation of a signed-in person: the links their role may use, and signing out (a form: it is a write). */
export interface Nav {
  links: { href: string; label: string; current?: boolean }[];
  signOut?: { csrf: string };
}

export function staffPage(
  app: App,
  ctx: RequestContext,
  title: string,
  main: SafeHtml,
  options: {
    status?: number;
    nav?: Nav;
    scripts?: string[];
    /** Stylesheets of a part of the staff area (the editor's). */
    styles?: string[];
    headers?: Record<string, string>;
  } = {},
): Page {
  const m = sm(ctx);
  const other = ctx.locale === 'de' ? 'en' : 'de';
  const nav = options.nav;
  const body = html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} – ${m.newsroom} – ${app.site.name}</title>
<link rel="stylesheet" href="${assetUrl('site.css')}">
<link rel="stylesheet" href="${assetUrl('newsroom.css')}">
${(options.styles ?? []).map(
  (href) => html`<link rel="stylesheet" href="${href}">
`,
)}<meta name="color-scheme" content="light dark">
</head>
<body class="newsroom">
<a class="skip" href="#inhalt">${ctx.t.skipToContent}</a>
<header class="site">
<a class="brand" href="/redaktion">${app.site.name} · ${m.newsroom}</a>
<a class="lang" href="${localePath(other, ctx.url.pathname)}" hreflang="${other}" lang="${other}">${ctx.t.switchLanguage}</a>
</header>
${
  nav
    ? html`<nav class="staff-nav" aria-label="${m.navigation}"><ul>${nav.links.map(
        (l) => html`<li><a href="${l.href}"${l.current ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
      )}</ul>${
        nav.signOut
          ? html`<form method="post" action="/redaktion/abmelden"><input type="hidden" name="csrf" value="${nav.signOut.csrf}"><button type="submit">${m.signOut}</button></form>`
          : ''
      }</nav>`
    : ''
}
<main id="inhalt">
${main}
</main>
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>
`.value;
  return {
    status: options.status ?? 200,
    type: 'text/html; charset=utf-8',
    body,
    cacheControl: 'no-store',
    headers: { ...STAFF_HEADERS, ...options.headers },
  };
}

/** A short page that says what went wrong, with the status that says it to machines. */
export function problemPage(app: App, ctx: RequestContext, status: number, message: string): Page {
  const m = sm(ctx);
  if (/\bapplication\/json\b/.test(ctx.req.headers.accept ?? ''))
    return {
      status,
      type: 'application/json; charset=utf-8',
      body: JSON.stringify({ ok: false, message }),
      cacheControl: 'no-store',
      headers: STAFF_HEADERS,
    };
  const main = html`<h1>${m.problem}</h1><p class="problem" role="alert">${message}</p><p><a href="/redaktion">${m.toDashboard}</a></p>`;
  return staffPage(app, ctx, m.problem, main, { status });
}
