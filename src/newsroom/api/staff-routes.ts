// /redaktion/api: administrators create and revoke API tokens (the token is shown once, on the answer to the
// form that made it). Every route needs `api.manage`.
import type { RequestContext, Route } from '../../kernel/index.ts';
import { html } from '../../web/html.ts';
import { formatDateTime } from '../../web/i18n.ts';
import { recordAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import { auditBy, navOf, staffForm } from '../http.ts';
import { staffPage } from '../page.ts';
import { staffOf } from '../principal.ts';
import { apiMessages } from './messages.ts';
import { createToken, listTokens, revokeToken, SCOPES, TokenInputError } from './tokens.ts';
import {
  addWebhook,
  listDeliveries,
  listWebhooks,
  removeWebhook,
  WEBHOOK_EVENTS,
  WebhookInputError,
} from './webhooks.ts';

const PAGE = '/redaktion/api';

export function apiStaffRoutes(app: NewsroomApp): Route[] {
  async function page(ctx: RequestContext, status = 200, shown?: string, error?: string, secret?: string) {
    const p = staffOf(ctx);
    const m = apiMessages[ctx.locale];
    const tokens = await listTokens(app.db);
    const hooks = await listWebhooks(app.db);
    const deliveries = await listDeliveries(app.db);
    const csrf = html`<input type="hidden" name="csrf" value="${app.keys.formToken(p.sessionId)}">`;
    const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), ctx.locale) : m.never);
    const main = html`<h1>${m.title}</h1>
<p>${m.intro} <a href="/api/v1/openapi.json">${m.docs}</a></p>
${shown ? html`<p class="notice" role="status">${m.newToken} <code>${shown}</code></p>` : ''}
${error ? html`<p class="problem" role="alert">${error}</p>` : ''}
${
  tokens.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${m.name}</th><th scope="col">${m.scopes}</th><th scope="col">${m.created}</th><th scope="col">${m.lastUsed}</th><th scope="col"><span class="vh">${m.revoke}</span></th></tr></thead>
<tbody>${tokens.map(
        (t) =>
          html`<tr><td>${t.name}</td><td>${t.scopes.join(', ')}</td><td>${when(t.createdAt)}</td><td>${when(t.lastUsedAt)}</td><td>${
            t.revokedAt
              ? m.revoked
              : html`<form method="post" action="${PAGE}/widerrufen">${csrf}<input type="hidden" name="id" value="${t.id}"><button type="submit">${m.revoke}: ${t.name}</button></form>`
          }</td></tr>`,
      )}</tbody></table>`
    : html`<p>${m.none}</p>`
}
<h2>${m.add}</h2>
<form method="post" action="${PAGE}/neu" class="staff-form">${csrf}
<p><label for="token-name">${m.name}</label> <input id="token-name" name="name" required maxlength="100"></p>
<fieldset><legend>${m.scopes}</legend>${SCOPES.map(
      (s) =>
        html`<p><input type="checkbox" id="scope-${s}" name="scope" value="${s}"> <label for="scope-${s}"><code>${s}</code></label></p>`,
    )}</fieldset>
<button type="submit">${m.add}</button></form>
<h2>${m.webhooks}</h2>
<p>${m.webhooksIntro}</p>
${secret ? html`<p class="notice" role="status">${m.newSecret} <code>${secret}</code></p>` : ''}
${
  hooks.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${m.url}</th><th scope="col">${m.events}</th><th scope="col">${m.created}</th><th scope="col"><span class="vh">${m.removeWebhook}</span></th></tr></thead>
<tbody>${hooks.map(
        (h) =>
          html`<tr><td>${h.url}</td><td>${h.events.join(', ')}</td><td>${when(h.createdAt)}</td><td><form method="post" action="${PAGE}/webhook/entfernen">${csrf}<input type="hidden" name="id" value="${h.id}"><button type="submit">${m.removeWebhook}: ${h.url}</button></form></td></tr>`,
      )}</tbody></table>`
    : html`<p>${m.noWebhooks}</p>`
}
<form method="post" action="${PAGE}/webhook/neu" class="staff-form">${csrf}
<p><label for="webhook-url">${m.url}</label> <input id="webhook-url" name="url" type="url" required maxlength="2000" placeholder="https://"></p>
<fieldset><legend>${m.events}</legend>${WEBHOOK_EVENTS.map(
      (e) =>
        html`<p><input type="checkbox" id="event-${e}" name="event" value="${e}" checked> <label for="event-${e}"><code>${e}</code></label></p>`,
    )}</fieldset>
<button type="submit">${m.addWebhook}</button></form>
<h2>${m.deliveries}</h2>
${
  deliveries.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${m.time}</th><th scope="col">${m.url}</th><th scope="col">${m.events}</th><th scope="col">${m.article}</th><th scope="col">${m.state}</th><th scope="col">${m.attempts}</th><th scope="col">${m.answer}</th></tr></thead>
<tbody>${deliveries.map(
        (d) =>
          html`<tr><td>${when(d.createdAt)}</td><td>${d.url}</td><td>${d.event}</td><td><a href="/redaktion/artikel/${d.articleId}">${d.articleId.slice(0, 8)}</a></td><td>${d.state}</td><td>${d.attempts}</td><td>${d.lastStatus ?? ''} ${d.lastError ?? ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${m.noDeliveries}</p>`
}`;
    return staffPage(app, ctx, m.title, main, { status, nav: navOf(app, ctx, p) });
  }

  return [
    { method: 'GET', path: /^\/redaktion\/api$/, need: 'api.manage', handle: (ctx) => page(ctx) },
    staffForm(app, /^\/redaktion\/api\/neu$/, 'api.manage', async (ctx, p, form) => {
      try {
        const { token, row } = await createToken(app.db, {
          name: form.get('name') ?? '',
          scopes: form.getAll('scope'),
          by: p.email,
        });
        await recordAudit(app.db, {
          ...auditBy(app, ctx, p),
          action: 'api-token.create',
          subject: row.name,
          detail: { scopes: row.scopes },
        });
        // Shown once, on this answer (no-store); a reload does not post the form again without asking.
        return page(ctx, 201, token);
      } catch (err) {
        if (err instanceof TokenInputError) return page(ctx, 400, undefined, err.message);
        throw err;
      }
    }),
    staffForm(app, /^\/redaktion\/api\/webhook\/neu$/, 'api.manage', async (ctx, p, form) => {
      try {
        const { webhook, secret } = await addWebhook(app, {
          url: form.get('url') ?? '',
          events: form.getAll('event'),
          by: p.email,
        });
        await recordAudit(app.db, {
          ...auditBy(app, ctx, p),
          action: 'webhook.add',
          subject: webhook.url,
          detail: { events: webhook.events },
        });
        return page(ctx, 201, undefined, undefined, secret);
      } catch (err) {
        if (err instanceof WebhookInputError) return page(ctx, 400, undefined, err.message);
        throw err;
      }
    }),
    staffForm(app, /^\/redaktion\/api\/webhook\/entfernen$/, 'api.manage', async (ctx, p, form) => {
      const removed = await removeWebhook(app.db, form.get('id') ?? '');
      if (removed)
        await recordAudit(app.db, { ...auditBy(app, ctx, p), action: 'webhook.remove', subject: removed.url });
      return PAGE;
    }),
    staffForm(app, /^\/redaktion\/api\/widerrufen$/, 'api.manage', async (ctx, p, form) => {
      const revoked = await revokeToken(app.db, form.get('id') ?? '');
      if (revoked)
        await recordAudit(app.db, { ...auditBy(app, ctx, p), action: 'api-token.revoke', subject: revoked.name });
      return PAGE;
    }),
  ];
}
