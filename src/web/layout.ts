// The page shell shared by every HTML page: masthead (name, sections, search, language), main, footer.
import { siteStyle } from './fonts.ts';
import { html, type SafeHtml } from './html.ts';
import { localePath, LOCALES, type Locale, type Messages } from './i18n.ts';

/** What every page shows of the site itself; the publishing core makes it from its settings (article/site.ts). */
/** The site's logo (a setting): its URL, drawn size, and the FileStore key of a PNG raster for icons. */
export interface SiteLogo {
  src: string;
  width: number;
  height: number;
  raster: string;
}

export interface SiteFrame {
  name: string;
  /** Shown in the masthead instead of the name (which becomes its alt text). */
  logo?: SiteLogo;
  /** For pages that bring no description of their own (the front page, lists, tools). */
  description?: string;
  /** The section navigation, in menu order. */
  sections: { name: string; href: string }[];
}

export interface Shell {
  locale: Locale;
  t: Messages;
  /** The whole title, "Headline – Site" (the site's name alone only where the page is the site). */
  title: string;
  site: SiteFrame;
  /** This page's description; the site's when absent. */
  description?: string;
  /** The front page: the site's name is its h1. */
  home?: boolean;
  /** Path of this page as routes match it (no language prefix): the other language's link, the current section. */
  path: string;
  /** The site's absolute origin, for the language alternates. */
  baseUrl: string;
  head?: SafeHtml;
  main: SafeHtml;
  scripts?: string[];
}

/** site.css's accent (light scheme): the browser's theme colour and the icons' background. */
export const THEME_COLOUR = '#1c6641';

/** Sections shown in the bar on a phone; the rest are under "Mehr" (a <details>: no script needed). */
const PHONE_SECTIONS = 3;

/**
 * The standing pages (article/pages.ts: one each, edited in the newsroom) and the corrections page. Only links:
 * a page's text changing leaves every other page as it was.
 */
const footerPages = (t: Messages): [string, string][] => [
  ['/impressum', t.imprint],
  ['/datenschutz', t.privacy],
  ['/kontakt', t.contact],
  ['/ueber-uns', t.aboutUs],
  ['/korrekturen', t.corrections],
];

export function layout(s: Shell): string {
  const other: Locale = s.locale === 'de' ? 'en' : 'de';
  const here = s.path.split('?')[0];
  const href = (path: string) => localePath(s.locale, path);
  const current = (href: string) => (href === here ? html` aria-current="page"` : '');
  const sectionLinks = (list: SiteFrame['sections']) =>
    list.map((x) => html`<li><a href="${href(x.href)}"${current(x.href)}>${x.name}</a></li>`);
  const overflow = s.site.sections.slice(PHONE_SECTIONS);
  const logo = s.site.logo;
  const brand = logo
    ? html`<img src="${logo.src}" width="${logo.width}" height="${logo.height}" alt="${s.site.name}">`
    : s.site.name;
  return html`<!doctype html>
<html lang="${s.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title}</title>
<meta name="description" content="${s.description ?? s.site.description ?? s.t.siteDescription(s.site.name)}">
<style>${siteStyle()}</style>
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/apple-touch-icon.png">
<link rel="manifest" href="/manifest.webmanifest">
<meta name="theme-color" content="${THEME_COLOUR}">
<meta name="color-scheme" content="light dark">
${LOCALES.map(
  (l) => html`<link rel="alternate" hreflang="${l}" href="${s.baseUrl}${localePath(l, s.path)}">
`,
)}<link rel="alternate" hreflang="x-default" href="${s.baseUrl}${s.path}">
<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title="${s.site.name}">
${s.head}
</head>
<body>
<a class="skip" href="#inhalt">${s.t.skipToContent}</a>
<header class="masthead">
<div class="bar">
${s.home ? html`<h1 class="home"><a class="brand" href="${href('/')}"${current('/')}>${brand}</a></h1>` : html`<a class="brand" href="${href('/')}"${current('/')}>${brand}</a>`}
<form class="search" role="search" action="${href('/suche')}" method="get">
<label class="vh" for="suche-q">${s.t.search}</label>
<input type="search" id="suche-q" name="q" placeholder="${s.t.searchPlaceholder}" required>
<button type="submit"><svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/></svg><span class="vh">${s.t.searchSubmit}</span></button>
</form>
<a class="lang" href="${localePath(other, s.path)}" hreflang="${other}" lang="${other}">${s.t.switchLanguage}</a>
</div>
${
  s.site.sections.length
    ? html`<nav class="sections" aria-label="${s.t.sections}">
<ul>${sectionLinks(s.site.sections)}</ul>
${overflow.length ? html`<details class="more"><summary>${s.t.more}</summary><ul>${sectionLinks(overflow)}</ul></details>` : ''}
</nav>`
    : ''
}
</header>
<main id="inhalt">
${s.main}
</main>
<footer class="site">
<div class="columns">
${s.site.sections.length ? html`<div><h2>${s.t.sections}</h2><ul>${sectionLinks(s.site.sections)}</ul></div>` : ''}
<div><h2>${s.t.feeds}</h2><ul><li><a href="${href('/feed.xml')}">RSS</a></li><li><a href="${href('/feed.atom')}">Atom</a></li><li><a href="${href('/feed.json')}">JSON Feed</a></li><li><a href="${href('/meine-news')}">${s.t.myNews}</a></li></ul></div>
<div><h2>${s.t.aboutSite}</h2><ul>${footerPages(s.t).map(([path, label]) => html`<li><a href="${href(path)}">${label}</a></li>`)}</ul></div>
</div>
<p class="colophon"><a class="brand" href="${href('/')}">${s.site.name}</a> ${s.t.footer}</p>
</footer>
${(s.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>
`.value;
}
