// What "Meine News" shows for delivery: a push switch (shown only where the browser can do push, by the
// script) and the mail form (works without JavaScript). The follow feature places them on the page.
import type { FollowApp } from '../context.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { RequestContext } from '../../web/server.ts';
import { type Reader } from '../context.ts';
import { deliveryMessages } from './messages.ts';
import { mailSubscriptionOf } from './store.ts';

/**
 * The push switch and its script (deferred, ≤ 1 KB gzip); hidden until the script finds push support.
 * `data-push-path` is /push in the page's language, which the script's requests keep.
 */
export function pushControls(app: FollowApp, ctx: RequestContext): SafeHtml {
  const t = deliveryMessages[ctx.locale];
  const runtime = app.delivery;
  return html`<section class="delivery-push" aria-labelledby="push-titel" data-push-key="${runtime.keys.vapidPublicKey}" data-push-path="${ctx.href('/push')}" hidden>
<h2 id="push-titel">${t.pushTitle}</h2>
<p>${t.pushIntro}</p>
<p><button type="button" class="tool" data-on="${t.pushOn}" data-off="${t.pushOff}" data-denied="${t.pushDenied}" data-failed="${t.pushFailed}" data-is-on="${t.pushIsOn}">${t.pushOn}</button></p>
<p data-push-status role="status"></p>
</section>
<script src="${runtime.pushScript}" defer></script>`;
}

/** The mail form with the reader's current address and rhythm; nothing when the site has no SMTP server. */
export async function mailControls(app: FollowApp, ctx: RequestContext, reader: Reader): Promise<SafeHtml> {
  if (!app.delivery.mailer) return html``;
  const t = deliveryMessages[ctx.locale];
  const sub = await mailSubscriptionOf(app.db, reader.follower.id);
  const active = sub && sub.state !== 'unsubscribed' ? sub : undefined;
  const daily = active?.frequency === 'daily';
  const csrf = app.readerKeys.formToken(reader.token);
  const status = !active
    ? ''
    : active.state === 'pending'
      ? t.mailPending(active.address)
      : t.mailConfirmed(active.address, daily);
  return html`<section id="mail" aria-labelledby="mail-titel">
<h2 id="mail-titel">${t.mailTitle}</h2>
<p>${t.mailIntro}</p>
${status ? html`<p class="notice" role="status">${status}</p>` : ''}
<form method="post" action="${ctx.href('/mail/subscribe')}">
<input type="hidden" name="csrf" value="${csrf}">
<p><label for="mail-adresse">${t.mailAddress}</label><br><input id="mail-adresse" name="address" type="email" autocomplete="email" required maxlength="254" size="30" value="${active?.address ?? ''}"></p>
<fieldset><legend>${t.mailFrequency}</legend>
<label><input type="radio" name="frequency" value="instant"${daily ? '' : html` checked`}> ${t.mailInstant}</label><br>
<label><input type="radio" name="frequency" value="daily"${daily ? html` checked` : ''}> ${t.mailDaily}</label>
</fieldset>
<p><button class="tool">${active ? t.mailChange : t.mailSubmit}</button></p>
</form>
${active ? html`<form method="post" action="${ctx.href('/mail/subscribe')}"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="action" value="stop"><button class="tool">${t.mailStop}</button></form>` : ''}
</section>`;
}
