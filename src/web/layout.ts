// The page shell shared by every HTML page.
import { assetUrl } from './assets.ts';
import { html, type SafeHtml } from './html.ts';
import type { Locale, Messages } from './i18n.ts';

export interface Shell {
  locale: Locale;
  t: Messages;
  title: string;
  siteName: string;
  /** Path of this page, for the language switch's way back. */
  path: string;
  head?: SafeHtml;
  main: SafeHtml;
  scripts?: string[];
}

export function layout(s: Shell): string {
  const other: Locale = s.locale === 'de' ? 'en' : 'de';
  return html`<!doctype html>
<html lang="${s.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title}</title>
<link rel="stylesheet" href="${assetUrl('site.css')}">
<meta name="color-scheme" content="light dark">
<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title="${s.siteName}">
${s.head}
</head>
<body>
<a class="skip" href="#inhalt">${s.t.skipToContent}</a>
<header class="site">
<a class="brand" href="/">${s.siteName}</a>
<a class="lang" href="/sprache/${other}?zurueck=${encodeURIComponent(s.path)}" hreflang="${other}" lang="${other}">${s.t.switchLanguage}</a>
</header>
<main id="inhalt">
${s.main}
</main>
<footer class="site"><p>${s.t.footer}</p><p><a href="/feed.xml">RSS</a> · <a href="/feed.atom">Atom</a> · <a href="/feed.json">JSON Feed</a></p></footer>
${(s.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>
`.value;
}
