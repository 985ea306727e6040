// The publishing core's strings: article page (byline, tool row: its default links work without JavaScript and
// the features replace them), lists, feeds and the not-found page.
import type { Locale } from '../web/i18n.ts';

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
};

export const articleMessages: Record<Locale, ArticleMessages> = { de, en };
