// What the mails say, as plain text and as escaped HTML, and the signed links in them.
import type { FollowApp } from '../context.ts';
import { type Article, articlePath, type Correction } from '../../article/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { localePath } from '../../web/i18n.ts';
import { checkLink, signLink } from './keys.ts';
import type { MailMessage } from '../../mail.ts';
import { deliveryMessages } from './messages.ts';
import type { MailSubscription } from './store.ts';

/** A confirmation link works this long. */
export const CONFIRM_MS = 7 * 24 * 3600_000;

/** A page of the site in the subscriber's language (the one they ordered the mail in), absolute. */
function link(app: FollowApp, sub: Pick<MailSubscription, 'locale'>, path: string): string {
  return `${app.config.baseUrl}${localePath(sub.locale, path)}`;
}

export function confirmUrl(
  app: FollowApp,
  sub: Pick<MailSubscription, 'id' | 'address' | 'locale'>,
  now = Date.now(),
): string {
  const t = String(Math.floor(now / 1000));
  const sig = signLink(app.delivery.keys.linkSecret, 'confirm', sub.id, sub.address, t);
  return link(app, sub, `/mail/bestaetigen?${new URLSearchParams({ id: sub.id, t, sig })}`);
}

export function checkConfirmLink(
  app: FollowApp,
  sub: Pick<MailSubscription, 'id' | 'address'>,
  t: string | null,
  sig: string | null,
  now = Date.now(),
): boolean {
  if (!t || !/^\d{1,12}$/.test(t) || Number(t) * 1000 + CONFIRM_MS < now) return false;
  return checkLink(app.delivery.keys.linkSecret, sig, 'confirm', sub.id, sub.address, t);
}

/** RFC 8058 wants the one-click link to work without a login or cookie: its signature is the authority. */
export function unsubscribeUrl(app: FollowApp, sub: Pick<MailSubscription, 'id' | 'locale'>): string {
  const sig = signLink(app.delivery.keys.linkSecret, 'unsubscribe', sub.id);
  return link(app, sub, `/mail/abmelden?${new URLSearchParams({ id: sub.id, sig })}`);
}

export function checkUnsubscribeLink(app: FollowApp, id: string | null, sig: string | null): boolean {
  return typeof id === 'string' && id.length <= 64 && checkLink(app.delivery.keys.linkSecret, sig, 'unsubscribe', id);
}

function host(app: FollowApp): string {
  return new URL(app.config.baseUrl).hostname;
}

export function confirmMail(app: FollowApp, site: string, sub: MailSubscription): MailMessage {
  const t = deliveryMessages[sub.locale];
  const url = confirmUrl(app, sub);
  return {
    to: sub.address,
    subject: t.confirmSubject(site),
    text: `${t.confirmBody(site)}\n\n${url}\n\n${t.confirmIgnore}\n`,
    html: page(
      sub.locale,
      t.confirmSubject(site),
      html`<p>${t.confirmBody(site)}</p><p><a href="${url}">${url}</a></p><p>${t.confirmIgnore}</p>`,
    ),
    messageId: `<confirm.${sub.id}.${Date.now()}@${host(app)}>`,
  };
}

/** The headers that make "unsubscribe" one click in mail programs (RFC 2369 and RFC 8058). */
function listHeaders(app: FollowApp, sub: MailSubscription): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(app, sub)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function footer(app: FollowApp, site: string, sub: MailSubscription): { text: string; html: SafeHtml } {
  const t = deliveryMessages[sub.locale];
  const manage = link(app, sub, '/meine-news');
  const stop = unsubscribeUrl(app, sub);
  return {
    text: `\n-- \n${t.footer(site)}\n${t.manage}${manage}\n${t.unsubscribe}${stop}\n`,
    html: html`<hr><p><small>${t.footer(site)}<br><a href="${manage}">${t.myNews}</a> · <a href="${stop}">${t.unsubscribe.replace(/: $/, '')}</a></small></p>`,
  };
}

export function articleMail(app: FollowApp, site: string, sub: MailSubscription, article: Article): MailMessage {
  const t = deliveryMessages[sub.locale];
  const url = link(app, sub, articlePath(article));
  const foot = footer(app, site, sub);
  const kicker = article.kicker ? `${article.kicker}\n` : '';
  return {
    to: sub.address,
    subject: article.headline,
    text: `${kicker}${article.headline}\n\n${article.lead}\n\n${t.readArticle}: ${url}\n${foot.text}`,
    html: page(
      article.language,
      article.headline,
      html`${article.kicker ? html`<p>${article.kicker}</p>` : ''}<h1><a href="${url}">${article.headline}</a></h1><p>${article.lead}</p><p><a href="${url}">${t.readArticle}</a></p>${foot.html}`,
    ),
    // One id per reader and article: a re-send after a crash is the same message to the mail program.
    messageId: `<article.${article.id}.${sub.id}@${host(app)}>`,
    headers: listHeaders(app, sub),
  };
}

/**
 * A substantive correction of an article the reader follows: "Korrektur: <headline>", what was wrong and what is
 * right, in the reader's language (the quoted text stays in the article's).
 */
export function correctionMail(
  app: FollowApp,
  site: string,
  sub: MailSubscription,
  article: Article,
  correction: Correction,
): MailMessage {
  const t = deliveryMessages[sub.locale];
  const url = link(app, sub, articlePath(article));
  const foot = footer(app, site, sub);
  const subject = t.correctionTitle(article.headline);
  const wrong = correction.wrong ? `${t.correctionWrong}${correction.wrong}\n` : '';
  return {
    to: sub.address,
    subject,
    text: `${subject}\n\n${t.correctionIntro}\n\n${wrong}${t.correctionRight}${correction.note}\n\n${t.readArticle}: ${url}\n${foot.text}`,
    html: page(
      sub.locale,
      subject,
      html`<h1><a href="${url}">${subject}</a></h1><p>${t.correctionIntro}</p>${correction.wrong ? html`<p>${t.correctionWrong}<span lang="${article.language}">${correction.wrong}</span></p>` : ''}<p>${t.correctionRight}<span lang="${article.language}">${correction.note}</span></p><p><a href="${url}">${t.readArticle}</a></p>${foot.html}`,
    ),
    // One id per reader and correction, like the article's.
    messageId: `<correction.${correction.id}.${sub.id}@${host(app)}>`,
    headers: listHeaders(app, sub),
  };
}

/** A digest line: an article, or a substantive correction of one. */
export interface DigestEntry {
  article: Article;
  correction?: Correction;
}

export function digestMail(
  app: FollowApp,
  site: string,
  sub: MailSubscription,
  list: DigestEntry[],
  date: string,
): MailMessage {
  const t = deliveryMessages[sub.locale];
  const foot = footer(app, site, sub);
  const entries = list.map(({ article: a, correction: c }) => ({
    a,
    title: c ? t.correctionTitle(a.headline) : a.headline,
    text: c ? c.note : a.lead,
    url: link(app, sub, articlePath(a)),
  }));
  const corrections = list.filter((e) => e.correction).length;
  const subject = t.digestSubject(site, list.length - corrections, corrections);
  return {
    to: sub.address,
    subject,
    text: `${t.digestIntro(list.length - corrections, corrections)}\n\n${entries.map(({ title, text, url }) => `* ${title}\n  ${text}\n  ${url}\n`).join('\n')}${foot.text}`,
    html: page(
      sub.locale,
      subject,
      html`<p>${t.digestIntro(list.length - corrections, corrections)}</p>${entries.map(({ a, title, text, url }) => html`<h2 lang="${a.language}"><a href="${url}">${title}</a></h2><p lang="${a.language}">${text}</p>`)}${foot.html}`,
    ),
    messageId: `<digest.${date}.${sub.id}@${host(app)}>`,
    headers: listHeaders(app, sub),
  };
}

function page(lang: string, title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`
    .value;
}
