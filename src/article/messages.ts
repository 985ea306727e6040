// The publishing core's strings: article page (byline, tool row: its default links work without JavaScript and
// the features replace them), lists, feeds and the not-found page.
import type { Locale } from '../web/i18n.ts';

/** A quote that ends its own sentence ends the whole one: no second full stop after the closing mark. */
const stop = (quoted: string) => (/[.!?…]$/.test(quoted.trimEnd()) ? '' : '.');

const de = {
  articleTools: 'Artikelwerkzeuge',
  listen: 'Vorlesen',
  listenLabel: 'Artikel vorlesen lassen',
  elapsed: 'Gespielt',
  total: 'Gesamtdauer',
  follow: 'News folgen',
  followLabel: 'Den Themen dieses Artikels folgen',
  share: 'Artikel teilen',
  shareLabel: 'Diesen Artikel teilen',
  latest: 'Neueste Artikel',
  newest: 'Neueste',
  related: 'Mehr zum Thema',
  allArticles: 'Alle Artikel der Reihe nach',
  frontTitle: 'Nachrichten',
  by: 'Von',
  topics: 'Themen',
  readingTime: (min: number) => `${min} Min. Lesezeit`,
  updatedOn: (date: string) => `Aktualisiert am ${date}`,
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Diese Adresse gibt es bei uns nicht (mehr). Vielleicht hilft einer dieser Wege weiter:',
  didYouMean: 'Meinten Sie:',
  feedOf: (name: string) => `${name}: neueste Artikel`,
  noArticles: 'Noch keine Artikel.',
  backToArticle: 'Zurück zum Artikel',
  withdrawnTitle: 'Artikel zurückgezogen',
  withdrawnText: 'Die Redaktion hat diesen Artikel zurückgezogen. Er ist nicht mehr verfügbar.',
  withdrawnReason: 'Begründung:',
  correctionOn: 'Korrektur vom',
  updateOn: 'Aktualisiert am',
  wrongWas: (text: string) => `In einer früheren Fassung hieß es: „${text}“${stop(text)}`,
  rightIs: 'Richtig ist:',
  corrections: 'Korrekturen',
  correctionsIntro:
    'Fehler passieren. Wenn wir einen Artikel korrigieren oder um neue Informationen ergänzen, vermerken wir es unter dem Text und hier, das Neueste zuerst. „Korrigiert“ heißt: Ein Fehler wurde behoben. „Aktualisiert“ heißt: Es gibt neue Informationen.',
  correctionsNone: 'Bisher keine Korrekturen.',
  corrected: 'Korrigiert',
  updated: 'Aktualisiert',
};

export type ArticleMessages = typeof de;

const en: ArticleMessages = {
  articleTools: 'Article tools',
  listen: 'Listen',
  listenLabel: 'Listen to this article',
  elapsed: 'Elapsed',
  total: 'Duration',
  follow: 'Follow news',
  followLabel: 'Follow the topics of this article',
  share: 'Share article',
  shareLabel: 'Share this article',
  latest: 'Latest articles',
  newest: 'Latest',
  related: 'More on this',
  allArticles: 'All articles in order',
  frontTitle: 'News',
  by: 'By',
  topics: 'Topics',
  readingTime: (min) => `${min} min read`,
  updatedOn: (date) => `Updated on ${date}`,
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no page at this address (any more). One of these may help:',
  didYouMean: 'Did you mean:',
  feedOf: (name) => `${name}: latest articles`,
  noArticles: 'No articles yet.',
  backToArticle: 'Back to the article',
  withdrawnTitle: 'Article withdrawn',
  withdrawnText: 'The newsroom has withdrawn this article. It is no longer available.',
  withdrawnReason: 'Reason:',
  correctionOn: 'Correction of',
  updateOn: 'Updated on',
  wrongWas: (text) => `An earlier version said: “${text}”${stop(text)}`,
  rightIs: 'Correct is:',
  corrections: 'Corrections',
  correctionsIntro:
    'Mistakes happen. When we correct an article or add new information, we say so under the text and here, newest first. “Corrected” means an error was fixed; “Updated” means there is new information.',
  correctionsNone: 'No corrections so far.',
  corrected: 'Corrected',
  updated: 'Updated',
};

export const articleMessages: Record<Locale, ArticleMessages> = { de, en };
