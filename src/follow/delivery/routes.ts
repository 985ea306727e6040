// Delivery's routes: the service worker, subscribing a device to push, ordering mail, and the signed links
// in mails (confirm, one-click unsubscribe). Each validates its input, then calls the store, then answers.
import { createHash } from 'node:crypto';
import type { FollowApp } from '../context.ts';
import { enqueue } from '../../store/jobs.ts';
import { html } from '../../web/html.ts';
import { redirect, type Page } from '../../web/http.ts';
import { MAX_JSON_BYTES, readLimited, withRefusal, type Limit } from '../../web/pipeline.ts';
import type { RequestContext, Route } from '../../web/server.ts';
import { readerOf } from '../context.ts';
import { jsonPage, wantsJson } from '../http.ts';
import { followPage, problemPage } from '../page.ts';
import { checkConfirmLink, checkUnsubscribeLink } from './mail-content.ts';
import { deliveryMessages, type DeliveryMessages } from './messages.ts';
import {
  confirmMailSubscription,
  mailSubscriptionById,
  removePushSubscription,
  saveMailSubscription,
  savePushSubscription,
  unsubscribeMail,
} from './store.ts';
import { checkAddress, checkPushSubscription, mailboxKey } from './validate.ts';

/** Device subscriptions and mail orders per client address (a household) and per reader (a few changes). */
const PUSH_PER_ADDRESS: Limit = { max: 60, windowMs: 10 * 60_000 };
const PUSH_PER_READER: Limit = { max: 30, windowMs: 10 * 60_000 };
const MAIL_PER_ADDRESS: Limit = { max: 60, windowMs: 10 * 60_000 };
const MAIL_PER_READER: Limit = { max: 10, windowMs: 10 * 60_000 };

const dm = (ctx: RequestContext): DeliveryMessages => deliveryMessages[ctx.locale];
/** "Meine News" in the request's language: where every answer leads back to. */
const back = (ctx: RequestContext): string => ctx.href('/meine-news');

export function deliveryRoutes(app: FollowApp): Route[] {
  /** JSON routes: the pipeline (same origin, limits, application/json which no cross-site form can send). */
  async function jsonBody(ctx: RequestContext): Promise<{ value: unknown } | Page> {
    const body = await app.pipeline.json(ctx, { limit: { scope: 'push', limit: PUSH_PER_ADDRESS } });
    if (body.ok) return { value: body.body };
    const error = {
      'cross-site': 'cross-site request refused',
      token: 'cross-site request refused',
      'not-json': 'send application/json',
      'not-a-form': 'send application/json',
      'too-large': `the body is larger than ${MAX_JSON_BYTES} bytes`,
      'bad-json': 'the body is not JSON',
      'rate-limited': 'too many requests from this address; try again later',
    }[body.reason];
    return withRefusal(jsonPage(body.status, { error }), body);
  }

  async function pushSubscribe(ctx: RequestContext): Promise<Page> {
    const body = await jsonBody(ctx);
    if (!('value' in body)) return body;
    const checked = checkPushSubscription(body.value);
    if (!checked.ok) return jsonPage(400, { error: checked.reason });
    if (!app.delivery.pushHostAllowed(new URL(checked.value.endpoint)))
      return jsonPage(400, { error: 'endpoint is not a public push service' });
    const reader = await readerOf(app, ctx);
    if (!reader) return jsonPage(403, { error: 'follow something first: notifications go to followers' });
    const limited = await app.pipeline.limit('push', reader.follower.id, PUSH_PER_READER);
    if (!limited.ok) return withRefusal(jsonPage(429, { error: 'too many devices changed; try again later' }), limited);
    await savePushSubscription(app.db, reader.follower.id, checked.value);
    return jsonPage(201, { ok: true });
  }

  async function pushUnsubscribe(ctx: RequestContext): Promise<Page> {
    const body = await jsonBody(ctx);
    if (!('value' in body)) return body;
    const endpoint = (body.value as { endpoint?: unknown } | null)?.endpoint;
    if (typeof endpoint !== 'string' || endpoint.length > 2048)
      return jsonPage(400, { error: 'endpoint must be the subscription URL' });
    const reader = await readerOf(app, ctx);
    if (!reader) return jsonPage(403, { error: 'no follower token' });
    return jsonPage(200, { ok: true, removed: await removePushSubscription(app.db, reader.follower.id, endpoint) });
  }

  async function mailSubscribe(ctx: RequestContext): Promise<Page | 'handled'> {
    const t = dm(ctx);
    const reader = await readerOf(app, ctx);
    const body = await app.pipeline.form(ctx, {
      limit: { scope: 'mail', limit: MAIL_PER_ADDRESS },
      token: (csrf) => app.readerKeys.checkFormToken(csrf, reader?.token),
    });
    if (!body.ok) {
      const message = {
        'cross-site': 'cross-site request refused',
        token: 'the form has expired; reload the page',
        'not-a-form': 'send a form',
        'not-json': 'send a form',
        'bad-json': 'send a form',
        'too-large': 'the form is too large',
        'rate-limited': 'too many requests from this address; try again later',
      }[body.reason];
      return withRefusal(problemPage(app, ctx, body.status, message, back(ctx)), body);
    }
    const form = body.body;
    if (!reader) return problemPage(app, ctx, 403, 'follow something first: mails go to followers', back(ctx));
    const limited = await app.pipeline.limit('mail', reader.follower.id, MAIL_PER_READER);
    if (!limited.ok)
      return withRefusal(problemPage(app, ctx, 429, 'too many changes; try again later', back(ctx)), limited);
    const runtime = app.delivery;
    if (!runtime.mailer) return problemPage(app, ctx, 503, t.mailUnavailable, back(ctx));
    if (form.get('action') === 'stop') {
      const sub = await app.db
        .selectFrom('mail_subscriptions')
        .select('id')
        .where('follower_id', '=', reader.follower.id)
        .executeTakeFirst();
      if (sub) await unsubscribeMail(app.db, sub.id);
      return done(ctx, { ok: true, state: 'unsubscribed' });
    }
    const address = checkAddress(form.get('address'));
    if (!address.ok) return problemPage(app, ctx, 400, `${t.mailAddress}: ${address.reason}`, back(ctx));
    const frequency = form.get('frequency') ?? 'instant';
    if (frequency !== 'instant' && frequency !== 'daily')
      return problemPage(app, ctx, 400, 'frequency must be instant or daily', back(ctx));
    const { subscription, needsConfirmation } = await saveMailSubscription(app.db, reader.follower.id, {
      address: address.value,
      frequency,
      locale: ctx.locale,
    });
    if (needsConfirmation) {
      // One confirmation per mailbox and day across all readers, however often, by whomever and with whatever
      // `+tag` or Gmail dots the form is sent: the site cannot be used to flood someone's mailbox.
      const day = Math.floor(Date.now() / 86_400_000);
      const mailbox = createHash('sha256').update(mailboxKey(address.value)).digest('base64url').slice(0, 22);
      const key = `follow.mail-confirm:${mailbox}:${day}`;
      await enqueue(
        app.db,
        'follow.mail-confirm',
        { subscriptionId: subscription.id, address: address.value },
        { idempotencyKey: key },
      );
    }
    return done(ctx, { ok: true, state: subscription.state });
  }

  function done(ctx: RequestContext, value: { ok: true; state: string }): Page | 'handled' {
    if (wantsJson(ctx.req)) return jsonPage(200, value);
    redirect(ctx.res, `${back(ctx)}#mail`);
    return 'handled';
  }

  async function confirm(ctx: RequestContext): Promise<Page> {
    const t = dm(ctx);
    const q = ctx.url.searchParams;
    if (ctx.req.method === 'POST') await readLimited(ctx.req, 8192);
    const sub = await mailSubscriptionById(app.db, (q.get('id') ?? '').slice(0, 64));
    if (!sub || !checkConfirmLink(app, sub, q.get('t'), q.get('sig'))) return linkInvalid(ctx);
    if (sub.state === 'confirmed') return message(ctx, t.confirmedTitle, t.confirmedText(sub.address));
    if (sub.state !== 'pending') return linkInvalid(ctx);
    // GET only asks: mail scanners open links, and a scanner must not confirm on the reader's behalf.
    if (ctx.req.method === 'GET') {
      return followPage(
        app,
        ctx,
        t.confirmTitle,
        html`<h1>${t.confirmTitle}</h1><p>${t.confirmText(sub.address)}</p>
<form method="post" action="${ctx.href(ctx.url.pathname)}${ctx.url.search}"><button class="tool">${t.confirmButton}</button></form>`,
        { personal: true, headers: { 'referrer-policy': 'no-referrer' } },
      );
    }
    if (!(await confirmMailSubscription(app.db, sub.id, sub.address))) return linkInvalid(ctx);
    return message(ctx, t.confirmedTitle, t.confirmedText(sub.address));
  }

  async function unsubscribe(ctx: RequestContext): Promise<Page> {
    const t = dm(ctx);
    const q = ctx.url.searchParams;
    // RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the link, without cookies; the signature
    // in the link is the whole authority, so the body needs no reading beyond draining it.
    if (ctx.req.method === 'POST') await readLimited(ctx.req, 8192);
    const id = q.get('id');
    if (!checkUnsubscribeLink(app, id, q.get('sig'))) return { ...linkInvalid(ctx), status: 403 };
    const sub = await mailSubscriptionById(app.db, id!);
    if (ctx.req.method === 'GET' && sub && sub.state !== 'unsubscribed') {
      return followPage(
        app,
        ctx,
        t.unsubscribeTitle,
        html`<h1>${t.unsubscribeTitle}</h1><p>${t.unsubscribeText(sub.address)}</p>
<form method="post" action="${ctx.href(ctx.url.pathname)}${ctx.url.search}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button class="tool">${t.unsubscribeButton}</button></form>`,
        { personal: true, headers: { 'referrer-policy': 'no-referrer' } },
      );
    }
    if (sub) await unsubscribeMail(app.db, sub.id);
    return message(ctx, t.unsubscribedTitle, t.unsubscribedText);
  }

  function message(ctx: RequestContext, title: string, text: string): Page {
    return followPage(
      app,
      ctx,
      title,
      html`<h1>${title}</h1><p role="status">${text}</p><p><a href="${back(ctx)}">${dm(ctx).myNews}</a></p>`,
      { personal: true, headers: { 'referrer-policy': 'no-referrer' } },
    );
  }

  function linkInvalid(ctx: RequestContext): Page {
    const t = dm(ctx);
    return followPage(
      app,
      ctx,
      t.linkInvalidTitle,
      html`<h1>${t.linkInvalidTitle}</h1><p role="alert">${t.linkInvalidText}</p><p><a href="${back(ctx)}">${t.myNews}</a></p>`,
      { status: 400, personal: true },
    );
  }

  return [
    // At the root, so its scope is the whole site; served like any script (same CSP, no inline code).
    { method: 'GET', path: /^\/sw\.js$/, handle: () => Promise.resolve(app.delivery.serviceWorker) },
    { method: 'POST', path: /^\/push\/subscribe$/, handle: pushSubscribe },
    { method: 'POST', path: /^\/push\/unsubscribe$/, handle: pushUnsubscribe },
    { method: 'POST', path: /^\/mail\/subscribe$/, handle: mailSubscribe },
    { method: 'GET', path: /^\/mail\/bestaetigen$/, handle: confirm },
    { method: 'POST', path: /^\/mail\/bestaetigen$/, handle: confirm },
    { method: 'GET', path: /^\/mail\/abmelden$/, handle: unsubscribe },
    { method: 'POST', path: /^\/mail\/abmelden$/, handle: unsubscribe },
  ];
}
