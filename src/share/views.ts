// Artikel teilen's HTML: the control in the article's tool row, the menu the script opens, the page of its own
// that works without JavaScript, and the head tags (preview image, Twitter card, oEmbed).
import { type Article, articlePath, shareImage, socialDescription } from '../article/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { ShareMessages } from './messages.ts';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH } from './preview.ts';
import { LINK_TARGETS, TARGET_NAMES, type LinkTarget } from './targets.ts';

export const MENU_ID = 'teilen-menu';

export const sharePagePath = (a: Pick<Article, 'slug'>) => `${articlePath(a)}/teilen`;
export const targetPath = (target: string, a: Pick<Article, 'slug'>) =>
  `/teilen/${target}/${encodeURIComponent(a.slug)}`;
export const previewPath = (a: Pick<Article, 'slug'>, hash: string) => `${articlePath(a)}/vorschau.png?v=${hash}`;

/** The title a share carries: the editor's SEO/social title, else the headline. */
export const sharedTitle = (a: Pick<Article, 'headline' | 'seo'>) => a.seo.title || a.headline;

/** The one line of text shared next to the title where a target takes more than a link: the lead, shortened. */
export function teaser(lead: string, max = 200): string {
  const flat = lead.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** Without JavaScript a link to the share page; the script turns it into the button of a disclosure menu. */
export function shareControl(a: Article, m: ShareMessages, href: (path: string) => string): SafeHtml {
  return html`<a class="tool share" href="${href(sharePagePath(a))}" title="${m.shareLabel}" data-share-menu="${MENU_ID}">${m.share}</a>`;
}

function targetLink(t: LinkTarget, a: Article, m: ShareMessages): SafeHtml {
  const href = targetPath(t, a);
  const name = t === 'mail' ? m.mail : t === 'mastodon' ? m.mastodon : TARGET_NAMES[t];
  // Mail opens the reader's mail program; every network opens in a new window so the article stays open.
  if (t === 'mail') return html`<a href="${href}" rel="nofollow" data-t="${t}">${name}</a>`;
  return html`<a href="${href}" rel="nofollow noopener" target="_blank" data-t="${t}">${name}<span class="vh"> ${m.newWindow}</span></a>`;
}

/** A Mastodon instance as readers type it: host name, maybe with scheme, account or slash (checked again on the server). */
const INSTANCE_PATTERN = String.raw`(https?:\/\/)?([^@\/\s]+@)?([\p{L}\p{N}]([\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}\-]{2,63}\/?`;

/** The Mastodon form: asks for the reader's instance and goes through our counted redirect. */
function instanceForm(
  a: Article,
  m: ShareMessages,
  id: string,
  o: { value?: string; error?: string; hidden?: SafeHtml } = {},
): SafeHtml {
  const invalid = o.error ? html` aria-invalid="true" aria-describedby="${o.error}"` : '';
  return html`<form class="share-instance" method="get" action="${targetPath('mastodon', a)}" target="_blank"><label for="${id}">${m.mastodon}: ${m.instanceLabel}</label>
<input id="${id}" name="instanz" type="text" inputmode="url" autocomplete="off" autocapitalize="off" spellcheck="false" required pattern="${INSTANCE_PATTERN}" title="${m.instanceInvalid}" value="${o.value ?? ''}"${invalid}>${o.hidden}
<button type="submit">${m.instanceSubmit}<span class="vh"> ${m.newWindow}</span></button></form>`;
}

/**
 * The menu the script opens as a popover under the control, or for a selected quote (hidden, so inert, without
 * JavaScript), and the bar a text selection shows: "Zitat teilen", and "Ab hier vorlesen" where the audio is timed.
 */
export function shareMenu(a: Article, canonical: string, m: ShareMessages): SafeHtml {
  const [q0, q1] = a.language.startsWith('de') ? ['„', '“'] : ['“', '”'];
  return html`<div class="share-menu" id="${MENU_ID}" hidden data-url="${canonical}" data-title="${sharedTitle(a)}" data-text="${teaser(socialDescription(a))}" data-q0="${q0}" data-q1="${q1}" data-copied="${m.copied}" data-denied="${m.copyDenied}" data-quote="${m.sharingQuote}">
<p class="share-what"></p>
<ul class="share-targets" aria-label="${m.menuLabel}">
<li><button type="button" data-t="copy">${m.copy}</button></li>
${LINK_TARGETS.filter((t) => t !== 'mastodon').map((t) => html`<li>${targetLink(t, a, m)}</li>\n`)}<li><button type="button" data-t="print">${m.print}</button></li>
<li><button type="button" data-t="close">${m.close}</button></li>
</ul>
<p class="share-copy"><label for="teilen-link">${m.link}</label> <input id="teilen-link" type="text" readonly value="${canonical}"></p>
${instanceForm(a, m, 'teilen-instanz', { hidden: html`<input type="hidden" name="zitat">` })}
<p class="share-status" role="status"></p>
</div>
<div class="share-quote" hidden><button type="button" data-mode="quote" aria-controls="${MENU_ID}" aria-expanded="false">${m.quote}</button> <button type="button" data-mode="listen" hidden>${m.listenFromHere}</button></div>`;
}

/** The page of its own: every target as a plain link, the address to copy, Mastodon by a form. */
export function sharePage(a: Article, canonical: string, m: ShareMessages, invalidInstance?: string): SafeHtml {
  return html`<h1>${m.share}</h1>
<p>${m.pageIntro}</p>
<p>${m.article}: <a href="${articlePath(a)}">${a.headline}</a></p>
<p><label for="share-url">${m.link}</label><br><input id="share-url" type="url" readonly value="${canonical}" size="60"></p>
<ul class="share-targets share-page">
${LINK_TARGETS.filter((t) => t !== 'mastodon').map((t) => html`<li>${targetLink(t, a, m)}</li>\n`)}</ul>
<h2 id="mastodon">${m.mastodon}</h2>
${instanceForm(a, m, 'share-instance', invalidInstance === undefined ? {} : { value: invalidInstance, error: 'share-instance-error' })}
${invalidInstance === undefined ? '' : html`<p id="share-instance-error" class="share-error" role="alert">${m.instanceInvalid}</p>`}
<p>${m.printHint}</p>
<p><a href="${articlePath(a)}">${m.backToArticle}</a></p>`;
}

/** Open Graph image, large Twitter card and oEmbed discovery; the menu's stylesheet. */
export function shareHead(
  a: Article,
  o: { canonical: string; baseUrl: string; previewHash: string; alt: string },
): SafeHtml {
  // An article with a lead image shows its 1200×630 crop; otherwise the drawn preview with the headline.
  const photo = a.leadImage ? shareImage(a.leadImage.image) : undefined;
  const image = o.baseUrl + (photo?.path ?? previewPath(a, o.previewHash));
  const alt = a.leadImage?.alt ?? o.alt;
  const oembed = `${o.baseUrl}/oembed?url=${encodeURIComponent(o.canonical)}&format=json`;
  return html`<meta property="og:image" content="${image}">
<meta property="og:image:type" content="${photo?.type ?? 'image/png'}">
<meta property="og:image:width" content="${photo?.width ?? PREVIEW_WIDTH}">
<meta property="og:image:height" content="${photo?.height ?? PREVIEW_HEIGHT}">
<meta property="og:image:alt" content="${alt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="${image}">
<meta name="twitter:image:alt" content="${alt}">
<link rel="alternate" type="application/json+oembed" href="${oembed}" title="${sharedTitle(a)}">`;
}
