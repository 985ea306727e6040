// The publishing core: content model, storage, views, feeds and import. Other features import article things
// from here only. It also adds the article hooks to the kernel's App and Feature (declaration merging), so the
// kernel stays free of any feature.
import type { RequestContext } from '../kernel/index.ts';
import type { ArticleEventHandler } from './events.ts';
import type { Article, NamedRef } from './model.ts';
import type { Locale } from '../web/i18n.ts';
import type { TeaserBadges } from './front.ts';
import type { ArticleParts, ViewContext } from './views.ts';

export * from './events.ts';
export * from './model.ts';
export * from './store.ts';
export * from './views.ts';
export * from './feeds.ts';
export * from './messages.ts';
export * from './rich.ts';
export * from './sentences.ts';
export * from './vocabulary.ts';
export { importPaths, printable, type ImportResult } from './import/importer.ts';
export { readArticleFile } from './import/files.ts';
export { exportArticles, type ExportResult } from './export/index.ts';
export { articleRoutes, notFoundPage } from './routes.ts';
export {
  loadSiteFrame,
  mailSender,
  readSiteSettings,
  setSiteLogo,
  setSiteSettings,
  siteCommand,
  siteLanguage,
  siteName,
  type SiteLanguage,
} from './site.ts';
export { MAX_LOGO_BYTES } from './site-logo.ts';
export {
  getPage,
  imprintGap,
  isPageSlug,
  listPages,
  loadPages,
  PAGE_SLUGS,
  savePage,
  StalePageError,
  type PageInput,
  type PageSlug,
  type SitePage,
} from './pages.ts';
export type { TeaserBadges } from './front.ts';
export {
  shareImage,
  fallbackVariant,
  imageUrl,
  ingestImage,
  getImage,
  readOriginal,
  ImageError,
} from './images/index.ts';
export { MAX_IMAGE_BYTES } from './images/variants.ts';
export { checkArticleInput, LIMITS, LimitError } from './limits.ts';
export { checkHref, embedNetwork } from './links.ts';
export { renderArticlePage } from './routes.ts';
export { InputError } from './import/errors.ts';

/**
 * A podcast of articles another feature chose (News folgen's private podcast): Vorlesen renders it, so the two
 * features never import each other.
 */
export interface ArticlePodcast {
  title: string;
  /** What it is about, drawn on the cover ("Meine News"). */
  subject: string;
  description: string;
  homeUrl: string;
  feedUrl: string;
  /** The site's language, which the feed declares. */
  language: string;
  /** The reader's language of the feed's address: the cover's label is in it. */
  locale: Locale;
  /** Kept out of podcast directories: its address is a credential. */
  private: boolean;
}

declare module '../kernel/index.ts' {
  interface App {
    /** Every feature's article event handlers by name, bound to that feature's app; saves queue their jobs. */
    articleEvents: Readonly<Record<string, ArticleEventHandler<App>>>;
    /** What the features add to an article page. */
    articleParts(article: Article, ctx: RequestContext, view: ViewContext): Promise<ArticleParts>;
    /** What the features add to teasers (Vorlesen: the audio's duration), by article id. */
    teaserBadges(articles: Article[], locale: Locale): Promise<TeaserBadges>;
    /** The podcast feed of `articles` that have audio; undefined when no feature makes audio. */
    articlePodcast(feed: ArticlePodcast, articles: Article[]): Promise<string | undefined>;
    /**
     * Where a topic's page lives when a feature makes the topic one thing with something else (News folgen: the
     * place, person or organisation named alike); its page and feeds redirect there. Undefined: the topic page.
     */
    topicHome(topic: NamedRef): Promise<string | undefined>;
    /**
     * One text as the article's voice would say it (Vorlesen; the newsroom's "hear this paragraph"): MP3 bytes, or
     * undefined when no feature speaks or nothing in the text is spoken. Throws a RangeError for a text too long,
     * and the speaking feature's own error when it cannot make a sample here or now.
     */
    speakPreview(text: string, language: 'de' | 'en'): Promise<Buffer | undefined>;
  }
  interface Feature<A extends App = App> {
    /** Handlers of article events by name (`speech.audio`), run as jobs: one per handler and event. */
    articleEvents?: Record<string, ArticleEventHandler<A>>;
    articleParts?(app: A, article: Article, ctx: RequestContext, view: ViewContext): Promise<Partial<ArticleParts>>;
    teaserBadges?(app: A, articles: Article[], locale: Locale): Promise<TeaserBadges>;
    articlePodcast?(app: A, feed: ArticlePodcast, articles: Article[]): Promise<string>;
    topicHome?(app: A, topic: NamedRef): Promise<string | undefined>;
    speakPreview?(app: A, text: string, language: 'de' | 'en'): Promise<Buffer | undefined>;
  }
}
