// The publishing core: content model, storage, views, feeds and import. Other features import article things
// from here only. It also adds the article hooks to the kernel's App and Feature (declaration merging), so the
// kernel stays free of any feature.
import type { RequestContext } from '../kernel/index.ts';
import type { Article } from './model.ts';
import type { SaveOutcome } from './store.ts';
import type { ArticleParts, ViewContext } from './views.ts';

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
export { articleRoutes, notFoundPage } from './routes.ts';
export { imageFiles, shareImage } from './images/index.ts';

declare module '../kernel/index.ts' {
  interface App {
    /** Every feature hears of each created or changed article (to make audio, to notify followers). */
    articleSaved(article: Article, outcome: SaveOutcome): Promise<void>;
    /** What the features add to an article page. */
    articleParts(article: Article, ctx: RequestContext, view: ViewContext): Promise<ArticleParts>;
  }
  interface Feature<A extends App = App> {
    articleSaved?(app: A, article: Article, outcome: SaveOutcome): Promise<void>;
    articleParts?(app: A, article: Article, ctx: RequestContext, view: ViewContext): Promise<Partial<ArticleParts>>;
  }
}
