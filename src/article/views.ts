// HTML views of articles: the article page in the seed's order, lists, and the no-JavaScript control pages.
import { html, jsonForScript, type SafeHtml } from '../web/html.ts';
import { formatDateTime, formatPublicationDate, localePath, type Locale, type Messages } from '../web/i18n.ts';
import { imageUrl, variantsOf } from './images/index.ts';
import {
  readingMinutes,
  TIME_ZONE,
  wordCount,
  type Article,
  type Block,
  type ImageRef,
  type NamedRef,
  type PublicationDate,
} from './model.ts';
import { blockHtml, figureHtml, inlineHtml, textKey, type RenderContext, type SentenceMark } from './rich.ts';
import { articleMessages } from './messages.ts';

/** The article page's own strings in the view's language. */
const am = (v: Pick<ViewContext, 'locale'>) => articleMessages[v.locale];

export interface ViewContext {
  locale: Locale;
  t: Messages;
  baseUrl: string;
  siteName: string;
}

export const articlePath = (a: Pick<Article, 'slug'>) => `/artikel/${encodeURIComponent(a.slug)}`;
export const topicPath = (t: NamedRef) => `/thema/${encodeURIComponent(t.slug)}`;
export const authorPath = (a: NamedRef) => `/autor/${encodeURIComponent(a.slug)}`;

export function dateTime(date: PublicationDate): string {
  return date.precision === 'time' ? date.instant.toISOString() : date.value;
}

/**
 * What the features (Vorlesen, News folgen, Artikel teilen) contribute to an article page. Each control has a
 * working default without JavaScript; features replace it and add head tags, sections and scripts.
 */
export interface ArticleParts {
  head: SafeHtml[];
  listen?: SafeHtml;
  follow?: SafeHtml;
  share?: SafeHtml;
  /** Sections after the article's footer (the audio player, the follow dialog …). */
  end: SafeHtml[];
  /** Sentence spans to mark in the text, by `textKey(block, part)`: block -2 headline, -1 lead, 0… the body. */
  sentences?: Map<string, SentenceMark[]>;
  scripts: string[];
}

/** The link card's words for an embed; the card loads nothing from the network until it is followed. */
export const embedLabel: Record<Locale, (network: string) => string> = {
  de: (network) => `Beitrag auf ${network} öffnen`,
  en: (network) => `Open the post on ${network}`,
};

export function articleMain(a: Article, v: ViewContext, parts: ArticleParts): SafeHtml {
  const path = localePath(v.locale, articlePath(a));
  const ctx: RenderContext = { baseUrl: v.baseUrl, sentences: parts.sentences, embedLabel: embedLabel[v.locale] };
  const text = (blockIndex: number, t: string) => inlineHtml({ text: t, marks: [] }, ctx, textKey(blockIndex));
  // Headline first, then the seed's row: date line and the tools. The header below holds what the article says
  // (lead image, lead, byline): nothing of the page's furniture.
  return html`<article class="article" lang="${a.language}">
<div class="top">
<h1>${a.kicker ? html`<span class="kicker">${a.kicker}</span><span class="vh">: </span>` : ''}<span class="headline">${text(-2, a.headline)}</span></h1>
<p class="dateline"><time datetime="${dateTime(a.published)}">${formatPublicationDate(a.published, v.locale)}</time></p>
<nav class="tools" aria-label="${am(v).articleTools}">
${parts.listen ?? html`<a class="tool listen" href="#vorlesen" title="${am(v).listenLabel}">${am(v).listen} ${playTimes(v, '0:00', '0:00')}</a>`}
${parts.follow ?? html`<a class="tool follow" href="${path}/folgen" title="${am(v).followLabel}">${am(v).follow}</a>`}
${parts.share ?? html`<a class="tool share" href="${path}/teilen" title="${am(v).shareLabel}">${am(v).share}</a>`}
</nav>
</div>
<header class="head">
${a.leadImage ? figureHtml(a.leadImage, ctx, true) : ''}
<p class="lead">${text(-1, a.lead)}</p>
<p class="byline">${a.authors.length ? html`${am(v).by} ${joinLinks(a.authors, (r) => localePath(v.locale, authorPath(r)))} · ` : ''}${am(v).readingTime(readingMinutes(a))}</p>
</header>
<div class="body">
${a.body.map((b, i) => blockHtml(b, i, ctx))}
</div>
<footer class="meta">
${correctionNotes(a, v)}
${a.updatedAt ? html`<p class="updated"><time datetime="${a.updatedAt.toISOString()}">${am(v).updatedOn(formatDateTime(a.updatedAt, v.locale))}</time></p>` : ''}
${a.topics.length ? html`<p class="topics">${am(v).topics}: ${joinLinks(a.topics, (r) => localePath(v.locale, topicPath(r)))}</p>` : ''}
</footer>
${parts.end}
</article>`;
}

/** "Korrektur vom …" and "Aktualisiert am …" under the text, oldest first, tied to the article (Pressekodex 3). */
export function correctionNotes(a: Pick<Article, 'corrections'>, v: ViewContext): SafeHtml {
  if (!a.corrections.length) return html``;
  const m = am(v);
  return html`<div class="corrections">${a.corrections.map((c) => {
    const when = html`<time datetime="${c.at.toISOString()}">${formatDateTime(c.at, v.locale)}</time>`;
    return c.kind === 'correction'
      ? html`<p class="correction"><strong>${m.correctionOn} ${when}:</strong> ${c.wrong ? `${m.wrongWas(c.wrong)} ${m.rightIs} ` : ''}${c.note}</p>`
      : html`<p class="correction"><strong>${m.updateOn} ${when}:</strong> ${c.note}</p>`;
  })}</div>`;
}

/** A standing page (Impressum, Datenschutz, Kontakt) in the article column. */
export function sitePageMain(p: { title: string; body: Block[] }, v: ViewContext): SafeHtml {
  const ctx: RenderContext = { baseUrl: v.baseUrl, embedLabel: embedLabel[v.locale] };
  return html`<article class="article site-page"><h1>${p.title}</h1><div class="body">
${p.body.map((b, i) => blockHtml(b, i, ctx))}
</div></article>`;
}

/** Elapsed and total time as the seed shows them ("0:00 0:00"), with names for screen readers. */
export function playTimes(v: ViewContext, elapsed: string, total: string): SafeHtml {
  return html`<span class="times"><span class="vh">${am(v).elapsed} </span><span class="elapsed">${elapsed}</span> <span class="vh">${am(v).total} </span><span class="total">${total}</span></span>`;
}

function joinLinks(refs: NamedRef[], path: (r: NamedRef) => string): SafeHtml[] {
  return refs.map((r, i) => html`${i ? ', ' : ''}<a href="${path(r)}">${r.name}</a>`);
}

/** The title search engines and social networks show: the editor's SEO title, else kicker and headline. */
export function socialTitle(a: Pick<Article, 'kicker' | 'headline' | 'seo'>): string {
  return a.seo.title || (a.kicker ? `${a.kicker}: ${a.headline}` : a.headline);
}

/** The description they show: the editor's SEO description, else the lead. */
export function socialDescription(a: Pick<Article, 'lead' | 'seo'>): string {
  return a.seo.description || a.lead;
}

/** Canonical URL, description, Open Graph, Twitter card and schema.org NewsArticle. */
export function articleHead(a: Article, v: ViewContext, extra: SafeHtml): SafeHtml {
  const url = v.baseUrl + localePath(v.locale, articlePath(a));
  const title = socialTitle(a);
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.headline.length > 110 ? `${a.headline.slice(0, 109)}…` : a.headline,
    ...(a.kicker ? { alternativeHeadline: a.kicker } : {}),
    description: socialDescription(a),
    inLanguage: a.language,
    datePublished: dateTime(a.published),
    ...(a.updatedAt ? { dateModified: a.updatedAt.toISOString() } : {}),
    ...(a.corrections.some((c) => c.kind === 'correction')
      ? {
          correction: a.corrections
            .filter((c) => c.kind === 'correction')
            .map((c) => ({
              '@type': 'CorrectionComment',
              text: c.wrong ? `${am(v).wrongWas(c.wrong)} ${am(v).rightIs} ${c.note}` : c.note,
              datePublished: c.at.toISOString(),
            })),
        }
      : {}),
    author: a.authors.map((p) => ({
      '@type': 'Person',
      name: p.name,
      url: v.baseUrl + localePath(v.locale, authorPath(p)),
    })),
    publisher: { '@type': 'Organization', name: v.siteName, url: v.baseUrl + localePath(v.locale, '/') },
    mainEntityOfPage: url,
    keywords: a.topics.map((t) => t.name),
    wordCount: wordCount(a),
    isAccessibleForFree: true,
    ...(a.leadImage ? { image: leadImageUrls(a.leadImage.image, v.baseUrl) } : {}),
  };
  return html`<link rel="canonical" href="${url}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${v.siteName}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${socialDescription(a)}">
<meta property="og:url" content="${url}">
<meta property="og:locale" content="${a.language === 'de' ? 'de_DE' : a.language.replace('-', '_')}">
<meta property="article:published_time" content="${dateTime(a.published)}">
${a.updatedAt ? html`<meta property="article:modified_time" content="${a.updatedAt.toISOString()}">` : ''}
${a.topics.map((t) => html`<meta property="article:tag" content="${t.name}">`)}
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${socialDescription(a)}">
${extra}
<script type="application/ld+json">${jsonForScript(ld)}</script>`;
}

/** The lead image for search engines: 16:9, 1:1 and the whole picture, each at its largest width. */
function leadImageUrls(image: ImageRef, baseUrl: string): string[] {
  return (['16x9', '1x1', 'full'] as const).map(
    (shape) => baseUrl + imageUrl(image, variantsOf(image, shape).at(-1)!, 'webp'),
  );
}

/** One teaser per article, for the front, topic and author pages. */
export function teaserList(articles: Article[], v: ViewContext): SafeHtml {
  if (articles.length === 0) return html`<p>${am(v).noArticles}</p>`;
  return html`<ol class="teasers">
${articles.map(
  (a) => html`<li><article class="teaser" lang="${a.language}">
${a.kicker ? html`<p class="kicker">${a.kicker}</p>` : ''}<h2><a href="${localePath(v.locale, articlePath(a))}">${a.headline}</a></h2>
<p>${a.lead}</p>
<p class="dateline"><time datetime="${dateTime(a.published)}">${formatPublicationDate(a.published, v.locale)}</time></p>
</article></li>
`,
)}</ol>`;
}

const monthFormat: Record<Locale, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, month: 'long', year: 'numeric' }),
};

/** Articles newest first under one heading per month ("März 2025"), in Berlin time. */
export function timeline(articles: Article[], locale: Locale, headingLevel: 2 | 3 = 2): SafeHtml {
  const months: { label: string; articles: Article[] }[] = [];
  for (const a of articles) {
    const label = monthFormat[locale].format(a.published.instant);
    if (months.at(-1)?.label !== label) months.push({ label, articles: [] });
    months.at(-1)!.articles.push(a);
  }
  const heading = (label: string) => (headingLevel === 2 ? html`<h2>${label}</h2>` : html`<h3>${label}</h3>`);
  const item = (a: Article) =>
    headingLevel === 2
      ? html`<h3><a href="${localePath(locale, articlePath(a))}">${a.headline}</a></h3>`
      : html`<h4><a href="${localePath(locale, articlePath(a))}">${a.headline}</a></h4>`;
  return html`<div class="timeline">${months.map(
    (m) => html`<section>${heading(m.label)}
<ol>${m.articles.map(
      (a) => html`<li><article class="teaser" lang="${a.language}">
<p class="dateline"><time datetime="${dateTime(a.published)}">${formatPublicationDate(a.published, locale)}</time></p>
${a.kicker ? html`<p class="kicker">${a.kicker}</p>` : ''}${item(a)}
<p>${a.lead}</p>
</article></li>
`,
    )}</ol></section>
`,
  )}</div>`;
}

export function pagination(page: number, pages: number, base: string, v: ViewContext): SafeHtml {
  if (pages <= 1) return html``;
  const href = (n: number) => localePath(v.locale, n === 1 ? base : `${base}?seite=${n}`);
  return html`<nav class="pages" aria-label="${v.t.pagination}">
${page > 1 ? html`<a rel="prev" href="${href(page - 1)}">${v.t.newer}</a>` : ''}
<span>${v.t.page(page, pages)}</span>
${page < pages ? html`<a rel="next" href="${href(page + 1)}">${v.t.older}</a>` : ''}
</nav>`;
}

export function feedLinks(base: string, title: string): SafeHtml {
  return html`<link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="${base}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${base}/feed.atom">
<link rel="alternate" type="application/feed+json" title="${title} (JSON Feed)" href="${base}/feed.json">`;
}
