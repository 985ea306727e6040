// The article page's own strings: the tool row's default links (Vorlesen, News folgen, Artikel teilen work
// without JavaScript as links; the features replace them) and the player's time labels.
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
};

export const articleMessages: Record<Locale, ArticleMessages> = { de, en };
