// The front page and section fronts with hierarchy: the Aufmacher (lead story, large image), a second tier, a
// block per section (its latest), and "Neueste" (the newest, as a list). Teasers carry kicker, headline, a short
// lead, the date and what features add (Vorlesen's audio marker).
import { html, type SafeHtml } from '../web/html.ts';
import { formatPublicationDate, localePath } from '../web/i18n.ts';
import { pictureHtml } from './images/index.ts';
import { articleMessages } from './messages.ts';
import type { Article, NamedRef } from './model.ts';
import { articlePath, dateTime, topicPath, type ViewContext } from './views.ts';

/** What features add to a teaser (Vorlesen: "▶ 3 Min."), by article id. */
export type TeaserBadges = Map<string, SafeHtml>;

export interface FrontContent {
  /** Newest first; the first is the Aufmacher. */
  latest: Article[];
  /** Each section's newest articles, in menu order (none on a section's own front). */
  sections: { topic: NamedRef; articles: Article[] }[];
  badges: TeaserBadges;
}

const SECOND_TIER = 3;
const PER_SECTION = 4;
const NEWEST = 8;

/** Image sizes by where a teaser sits in the 80rem grid (see site.css: .front). */
const SIZES = {
  top: '(min-width: 64rem) 50rem, calc(100vw - 2rem)',
  tier: '(min-width: 64rem) 17rem, (min-width: 40rem) 30vw, calc(100vw - 2rem)',
  small: '(min-width: 40rem) 12rem, 7rem',
} as const;

/** The lead for a teaser: whole up to `max` characters, else cut at the last word boundary before, with "…". */
export function shortLead(lead: string, max = 200): string {
  if (lead.length <= max) return lead;
  const cut = lead.lastIndexOf(' ', max - 1);
  return `${lead.slice(0, cut > 0 ? cut : max - 1).replace(/[,;:–-]$/, '')} …`;
}

function teaser(
  a: Article,
  v: ViewContext,
  badges: TeaserBadges,
  kind: 'top' | 'tier' | 'small' | 'text',
  headingLevel: 2 | 3,
  aboveFold = false,
): SafeHtml {
  const href = localePath(v.locale, articlePath(a));
  const picture =
    kind !== 'text' && a.leadImage
      ? html`<a class="pic" href="${href}" tabindex="-1" aria-hidden="true">${pictureHtml(a.leadImage.image, {
          alt: '',
          shape: kind === 'small' ? '1x1' : '16x9',
          sizes: SIZES[kind],
          aboveFold,
        })}</a>`
      : '';
  const kicker = a.kicker ? html`<span class="kicker">${a.kicker}</span><span class="vh">: </span>` : '';
  const headline = html`<a href="${href}">${kicker}<span class="headline">${a.headline}</span></a>`;
  const heading = headingLevel === 2 ? html`<h2>${headline}</h2>` : html`<h3>${headline}</h3>`;
  return html`<article class="teaser ${kind}${a.leadImage && kind !== 'text' ? ' has-pic' : ''}" lang="${a.language}">
${picture}<div class="text">${heading}
${kind === 'text' || kind === 'small' ? '' : html`<p class="summary">${shortLead(a.lead, kind === 'top' ? 320 : 180)}</p>`}
<p class="dateline"><time datetime="${dateTime(a.published)}">${formatPublicationDate(a.published, v.locale)}</time>${badges.get(a.id) ?? ''}</p>
</div></article>`;
}

/**
 * The front: the newest is the Aufmacher, the next ones the second tier, the ones after them "Neueste" (a compact
 * list without images); section blocks show their newest not shown in the two tiers.
 */
export function frontMain(c: FrontContent, v: ViewContext, older?: string): SafeHtml {
  const t = articleMessages[v.locale];
  const [top, ...rest] = c.latest;
  if (!top) return html`<p>${t.noArticles}</p>`;
  const tier = rest.slice(0, SECOND_TIER);
  const newest = rest.slice(SECOND_TIER, SECOND_TIER + NEWEST);
  const shown = new Set([top, ...tier].map((a) => a.id));
  const blocks = c.sections
    .map((s) => ({ ...s, articles: s.articles.filter((a) => !shown.has(a.id)).slice(0, PER_SECTION) }))
    .filter((s) => s.articles.length > 0);
  return html`<div class="front">
<div class="lead-story">${teaser(top, v, c.badges, 'top', 2, true)}</div>
${tier.length ? html`<div class="second-tier">${tier.map((a) => teaser(a, v, c.badges, 'tier', 2))}</div>` : ''}
${
  newest.length
    ? html`<section class="newest" aria-labelledby="neueste"><h2 id="neueste">${t.newest}</h2>
<ol>${newest.map((a) => html`<li>${teaser(a, v, c.badges, 'text', 3)}</li>`)}</ol>
${older ? html`<p><a href="${older}">${t.allArticles}</a></p>` : ''}</section>`
    : ''
}
${blocks.map(
  (
    s,
  ) => html`<section class="block" aria-labelledby="ressort-${s.topic.slug}"><h2 id="ressort-${s.topic.slug}"><a href="${localePath(v.locale, topicPath(s.topic))}">${s.topic.name}</a></h2>
<div class="block-items">${s.articles.map((a, i) => teaser(a, v, c.badges, i === 0 ? 'tier' : 'small', 3))}</div></section>`,
)}
</div>`;
}

/** A section's front: its newest large, the next three beside, the rest as a list with small images. */
export function sectionMain(articles: Article[], v: ViewContext, badges: TeaserBadges): SafeHtml {
  const [top, ...rest] = articles;
  if (!top) return html`<p>${articleMessages[v.locale].noArticles}</p>`;
  const tier = rest.slice(0, SECOND_TIER);
  return html`<div class="front section-front">
<div class="lead-story">${teaser(top, v, badges, 'top', 2, true)}</div>
${tier.length ? html`<div class="second-tier">${tier.map((a) => teaser(a, v, badges, 'tier', 2))}</div>` : ''}
${rest.length > SECOND_TIER ? html`<ol class="more-list">${rest.slice(SECOND_TIER).map((a) => html`<li>${teaser(a, v, badges, 'small', 2)}</li>`)}</ol>` : ''}
</div>`;
}
