// The search page's words in German and English (the engine's own errors are its QueryError messages).
import type { Locale } from '../web/i18n.ts';

const de = {
  search: 'Suche',
  searchLabel: 'Suchbegriff',
  /** The page's form, told apart from the masthead's search landmark. */
  formLabel: 'Suche und Filter',
  submit: 'Suchen',
  resultsFor: (q: string) => `Suche nach „${q}“`,
  /** `more`: more than n match (the search counts no further). */
  count: (n: number, more: boolean) =>
    more
      ? `Über ${n.toLocaleString('de-DE')} Artikel gefunden`
      : n === 1
        ? '1 Artikel gefunden'
        : `${n.toLocaleString('de-DE')} Artikel gefunden`,
  pageOf: (n: number, of: number) => `Seite ${n} von ${of}`,
  previous: 'Vorherige Seite',
  next: 'Nächste Seite',
  results: 'Suchergebnisse',
  filters: 'Suche eingrenzen',
  topic: 'Thema',
  author: 'Autorin oder Autor',
  entity: 'Person, Ort oder Organisation',
  any: 'alle',
  from: 'von',
  to: 'bis',
  period: 'Zeitraum',
  language: 'Sprache',
  languages: { de: 'Deutsch', en: 'Englisch' } as Record<'de' | 'en', string>,
  apply: 'Anwenden',
  clear: 'Filter zurücksetzen',
  help: 'Alle Wörter müssen vorkommen. „Wörter in Anführungszeichen“ suchen eine Wortfolge, -wort schließt aus, ODER (OR) verbindet Alternativen.',
  intro: 'Durchsuchen Sie alle Artikel: Überschriften, Vorspann und Text.',
  nothing: (q: string) => `Keine Artikel zu „${q}“.`,
  didYouMean: 'Meinten Sie',
  tryTopics: 'Vielleicht passt eines dieser Themen:',
  tryPeople: 'Oder diese Personen, Orte und Organisationen:',
  tips: 'Tipps: Prüfen Sie die Schreibweise, verwenden Sie weniger oder allgemeinere Wörter, oder setzen Sie die Filter zurück.',
  badQuery: 'Diese Suche lässt sich nicht ausführen',
  badDate: (field: string) => `Das Datum „${field}“ ist ungültig; bitte als JJJJ-MM-TT angeben.`,
  badPage: (max: number) => `Die Seitenzahl ist ungültig; es gibt höchstens ${max} Seiten.`,
  tooLong: (max: number) => `Die Suche ist zu lang (höchstens ${max} Zeichen).`,
  followSearch: 'Diese Suche folgen',
  followSearchHint: 'Neue Artikel zu dieser Suche in „Meine News“, als Feed, Push oder E-Mail.',
  suggestions: 'Vorschläge',
};

export type SearchPageMessages = typeof de;

const en: SearchPageMessages = {
  search: 'Search',
  searchLabel: 'Search term',
  formLabel: 'Search and filters',
  submit: 'Search',
  resultsFor: (q) => `Search for “${q}”`,
  count: (n, more) =>
    more
      ? `More than ${n.toLocaleString('en-GB')} articles found`
      : n === 1
        ? '1 article found'
        : `${n.toLocaleString('en-GB')} articles found`,
  pageOf: (n, of) => `Page ${n} of ${of}`,
  previous: 'Previous page',
  next: 'Next page',
  results: 'Search results',
  filters: 'Narrow the search',
  topic: 'Topic',
  author: 'Author',
  entity: 'Person, place or organisation',
  any: 'any',
  from: 'from',
  to: 'to',
  period: 'Period',
  language: 'Language',
  languages: { de: 'German', en: 'English' },
  apply: 'Apply',
  clear: 'Reset filters',
  help: 'All words must occur. "Words in quotes" find a phrase, -word excludes, OR joins alternatives.',
  intro: 'Search every article: headlines, leads and text.',
  nothing: (q) => `No articles for “${q}”.`,
  didYouMean: 'Did you mean',
  tryTopics: 'Perhaps one of these topics fits:',
  tryPeople: 'Or these people, places and organisations:',
  tips: 'Tips: check the spelling, use fewer or more general words, or reset the filters.',
  badQuery: 'This search cannot be run',
  badDate: (field) => `The date "${field}" is not valid; please give it as YYYY-MM-DD.`,
  badPage: (max) => `The page number is not valid; there are at most ${max} pages.`,
  tooLong: (max) => `The search is too long (at most ${max} characters).`,
  followSearch: 'Follow this search',
  followSearchHint: 'New articles for this search in "My news", as a feed, push or e-mail.',
  suggestions: 'Suggestions',
};

export const searchPageMessages: Record<Locale, SearchPageMessages> = { de, en };
