// HTML for News folgen: the article's control and dialog, the no-JavaScript form and "Meine News".
import { type Article, articlePath } from '../article/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { FollowMessages } from './messages.ts';
import type { FollowOption, OptionGroup } from './options.ts';

const GROUP_ORDER: OptionGroup[] = ['person', 'place', 'organisation', 'topic', 'author', 'search'];
/** Toggles shown per group before the rest folds under "more" (a <details>: it works without JavaScript). */
export const HANDFUL = 6;

function grouped(options: FollowOption[]): [OptionGroup, FollowOption[]][] {
  return GROUP_ORDER.map((g): [OptionGroup, FollowOption[]] => [g, options.filter((o) => o.group === g)]).filter(
    ([, list]) => list.length > 0,
  );
}

/** The header control: a link to the form page, which the script turns into the dialog's opener. */
export function followControl(article: Article, fm: FollowMessages, href: (path: string) => string): SafeHtml {
  return html`<a class="tool follow" href="${href(`${articlePath(article)}/folgen`)}" title="${fm.followLabel}" aria-haspopup="dialog" data-follow="${article.slug}">${fm.follow}</a>`;
}

/**
 * The dialog in the cached article page: the same for every reader. Toggles start disabled and unpressed; the
 * script fills in this reader's state from /folgen/status when the dialog opens. `data-action` is /folgen in the
 * page's language, so the script's requests keep it.
 */
export function followDialog(
  article: Article,
  options: FollowOption[],
  fm: FollowMessages,
  href: (path: string) => string,
): SafeHtml {
  // The close button comes first: showModal focuses it, so the dialog opens at its top, not scrolled to the end.
  return html`<dialog id="folgen-dialog" class="follow-dialog" aria-labelledby="folgen-titel" data-action="${href('/folgen')}">
<form method="dialog" class="dialog-head"><h2 id="folgen-titel">${fm.follow}</h2><button class="close">${fm.close}</button></form>
<p>${fm.dialogIntro}</p>
${grouped(options).map(([group, list]) => {
  const toggles = (some: FollowOption[]) =>
    html`<ul class="toggles">${some.map((o) => html`<li><button type="button" class="toggle" aria-pressed="false" disabled data-item="${o.item}">${o.name}</button></li>`)}</ul>`;
  const rest = list.slice(HANDFUL);
  return html`<h3>${fm.groups[group]}</h3>
${toggles(list.slice(0, HANDFUL))}${rest.length ? html`<details class="more"><summary>${fm.more(rest.length)}</summary>${toggles(rest)}</details>` : ''}
`;
})}<p class="status" role="status"></p>
<p><a href="${href('/meine-news')}">${fm.myNews}</a> · <a href="${href(`${articlePath(article)}/folgen`)}">${fm.allFeeds}</a></p>
</dialog>`;
}

/** "Personen und Orte: Emmanuel Macron, Paris, …" after the article: the most mentioned, each linking its page. */
export function entityLine(options: FollowOption[], fm: FollowMessages): SafeHtml {
  const entities = options
    .filter((o) => o.group === 'person' || o.group === 'place' || o.group === 'organisation')
    .slice(0, 2 * HANDFUL);
  if (entities.length === 0) return html``;
  return html`<p class="entities">${fm.peopleAndPlaces}: ${entities.map((o, i) => html`${i ? ', ' : ''}<a href="${o.path}">${o.name}</a>`)}</p>`;
}

/** One form, one submit button per item: works without JavaScript and posts back to where it came from. */
export function followForm(
  options: FollowOption[],
  following: ReadonlySet<string>,
  csrf: string,
  back: string,
  fm: FollowMessages,
  href: (path: string) => string,
  level: 2 | 3 = 2,
): SafeHtml {
  return html`<form class="follow-form" method="post" action="${href('/folgen')}">
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="zurueck" value="${back}">
${grouped(options).map(
  ([group, list]) => html`${level === 2 ? html`<h2>${fm.groups[group]}</h2>` : html`<h3>${fm.groups[group]}</h3>`}
<ul class="follow-list">${list.map((o) => {
    const on = following.has(o.item);
    return html`<li><a href="${o.path}">${o.name}</a>${on ? html` <small class="state">(${fm.following})</small>` : ''}
<button class="tool" name="${on ? 'unfollow' : 'follow'}" value="${o.item}" aria-label="${on ? fm.unfollowItem : fm.followItem}: ${o.name}">${on ? fm.unfollowItem : fm.followItem}</button></li>`;
  })}</ul>
`,
)}</form>`;
}

/** RSS, Atom and JSON Feed links for each option. */
export function feedList(options: FollowOption[], fm: FollowMessages): SafeHtml {
  // A search has no public feed: its articles come through the reader's private feed.
  return html`<ul class="follow-feeds">${options
    .filter((o) => o.group !== 'search')
    .map(
      (o) =>
        html`<li><a href="${o.path}">${o.name}</a> <small>(${fm.kind[o.group]})</small>: <a href="${o.path}/feed.xml">RSS</a> · <a href="${o.path}/feed.atom">Atom</a> · <a href="${o.path}/feed.json">JSON</a></li>`,
    )}</ul>`;
}
