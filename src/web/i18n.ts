// UI strings and dates in the reader's language: German first, English second. Here: the site's frame (skip link,
// language switch, search, sections, pagination, footer); each feature keeps its own strings in its messages.ts.

/** Dates are shown and days counted in the newsroom's time zone, whatever the server's. */
export const TIME_ZONE = 'Europe/Berlin';

export type Locale = 'de' | 'en';
export const LOCALES: readonly Locale[] = ['de', 'en'];

const de = {
  skipToContent: 'Zum Inhalt springen',
  home: 'Startseite',
  page: (n: number, of: number) => `Seite ${n} von ${of}`,
  newer: 'Neuere Artikel',
  older: 'Ältere Artikel',
  feeds: 'Feeds',
  language: 'Sprache',
  switchLanguage: 'English',
  pagination: 'Seitennavigation',
  footer: 'erscheint mit Blattwerk: keine Tracker, keine Inhalte von Dritten.',
  siteDescription: (name: string) => `${name}: Nachrichten aus der Region, zum Lesen, Hören und Folgen.`,
  search: 'Suche',
  searchPlaceholder: 'Suchen',
  searchSubmit: 'Suchen',
  sections: 'Ressorts',
  more: 'Mehr',
  myNews: 'Meine News',
  aboutSite: 'Über die Seite',
  aboutUs: 'Über uns',
  imprint: 'Impressum',
  corrections: 'Korrekturen',
  privacy: 'Datenschutz',
  contact: 'Kontakt',
};

export type Messages = typeof de;

const en: Messages = {
  skipToContent: 'Skip to content',
  home: 'Home',
  page: (n, of) => `Page ${n} of ${of}`,
  newer: 'Newer articles',
  older: 'Older articles',
  feeds: 'Feeds',
  language: 'Language',
  switchLanguage: 'Deutsch',
  pagination: 'Pagination',
  footer: 'is published with Blattwerk: no trackers, no third-party content.',
  siteDescription: (name) => `${name}: local and regional news to read, listen to and follow.`,
  search: 'Search',
  searchPlaceholder: 'Search',
  searchSubmit: 'Search',
  sections: 'Sections',
  more: 'More',
  myNews: 'My news',
  aboutSite: 'About this site',
  aboutUs: 'About us',
  imprint: 'Imprint',
  corrections: 'Corrections',
  privacy: 'Privacy',
  contact: 'Contact',
};

export const messages: Record<Locale, Messages> = { de, en };

/**
 * The language is in the URL: German at the root (`/artikel/…`), English under `/en` (`/en/artikel/…`). Routes
 * match the path without the prefix; every link, redirect, feed and canonical URL goes through `localePath`.
 */
export function localePath(locale: Locale, path: string): string {
  const local = oneSlash(path);
  return locale === 'de' ? local : `/en${local}`;
}

/** The locale a request path names and the path routes match (`/en/` is the English front page). */
export function splitLocale(path: string): { locale: Locale; path: string } {
  return path.startsWith('/en/')
    ? { locale: 'en', path: oneSlash(path.slice(3)) }
    : { locale: 'de', path: oneSlash(path) };
}

// `//host` is another site to a browser: `/en//evil.example` without its prefix, or `/.//evil.example` resolved,
// must stay a path here.
function oneSlash(path: string): string {
  return path.replace(/^\/{2,}/, '/');
}

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

const DATE_STYLES = {
  month: { month: 'long', year: 'numeric' },
  day: { day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
} as const;
// Made once per locale and style: constructing an Intl.DateTimeFormat costs far more than formatting with it.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, style: keyof typeof DATE_STYLES, at: Date): string {
  let f = formats.get(`${locale} ${style}`);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale[locale], { timeZone: TIME_ZONE, ...DATE_STYLES[style] });
    formats.set(`${locale} ${style}`, f);
  }
  return f.format(at);
}

/** "März 2025", "27. März 2025" or "27. März 2025, 14:30 Uhr": never more precise than the source. */
export function formatPublicationDate(
  date: { precision: 'month' | 'day' | 'time'; instant: Date },
  locale: Locale,
): string {
  return date.precision === 'time'
    ? formatDateTime(date.instant, locale)
    : format(locale, date.precision, date.instant);
}

export function formatDateTime(at: Date, locale: Locale): string {
  const day = format(locale, 'day', at);
  const time = format(locale, 'time', at);
  return locale === 'de' ? `${day}, ${time} Uhr` : `${day}, ${time}`;
}
