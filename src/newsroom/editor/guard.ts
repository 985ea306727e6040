// What every JSON route of the editor checks first: the request comes from this site, with the session's form
// token in the `X-CSRF-Token` header (a cross-site page can send neither the header nor JSON without CORS).
import type { RequestContext } from '../../kernel/index.ts';
import type { Page } from '../../web/http.ts';
import { sameOrigin } from '../../web/pipeline.ts';
import type { NewsroomApp } from '../context.ts';
import { json } from '../http.ts';
import { staffOf } from '../principal.ts';

export const refuse = (status: number, message: string, extra: Record<string, unknown> = {}): Page =>
  json(status, { ok: false, message, ...extra });

/** The 403 answer when origin or token is wrong, else undefined. */
export function refusedCrossSite(app: NewsroomApp, ctx: RequestContext): Page | undefined {
  const value = ctx.req.headers['x-csrf-token'];
  const ok =
    sameOrigin(ctx.req, app.config.baseUrl) &&
    typeof value === 'string' &&
    app.keys.checkFormToken(value, staffOf(ctx).sessionId);
  if (ok) return undefined;
  return refuse(403, ctx.locale === 'de' ? 'Anfrage abgelehnt (Formular-Token).' : 'Request refused (form token).');
}
