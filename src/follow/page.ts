// The page shell for News folgen's pages (their styles are in site.css); reader pages are never cached anywhere.
import type { App } from '../kernel/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Page } from '../web/http.ts';
import { layout } from '../web/layout.ts';
import type { RequestContext } from '../web/server.ts';
import { followMessages, type FollowMessages } from './messages.ts';

export function fm(ctx: RequestContext): FollowMessages {
  return followMessages[ctx.locale];
}

export interface PageOptions {
  status?: number;
  head?: SafeHtml;
  /** Pages that show one reader's data: no shared cache, no browser cache. */
  personal?: boolean;
  headers?: Record<string, string>;
}

export function followPage(
  app: App,
  ctx: RequestContext,
  title: string,
  main: SafeHtml,
  options: PageOptions = {},
): Page {
  return {
    status: options.status ?? 200,
    type: 'text/html; charset=utf-8',
    body: layout({
      baseUrl: app.config.baseUrl,
      locale: ctx.locale,
      t: ctx.t,
      title: `${title} – ${app.site.name}`,
      site: app.site,
      path: ctx.url.pathname + ctx.url.search,
      head: options.head ?? html``,
      main,
      scripts: app.scripts,
    }),
    ...(options.personal ? { cacheControl: 'private, no-store' } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/** A short page that says what went wrong, with the status that says it to machines. */
export function problemPage(app: App, ctx: RequestContext, status: number, message: string, back: string): Page {
  const main = html`<h1>${fm(ctx).follow}</h1><p class="problem" role="alert">${message}</p><p><a href="${back}">${fm(ctx).back}</a></p>`;
  return followPage(app, ctx, fm(ctx).follow, main, { status, personal: true });
}
