// Suche: German full-text search over published articles on SQLite (FTS5) and PostgreSQL (tsvector), kept up to
// date by an article event handler. The /suche page, suggestions and follow-a-search build on the exports here.
import { getArticleById } from '../article/index.ts';
import type { App, Feature } from '../kernel/index.ts';
import { searchCommands } from './commands.ts';
import { removeDocument, writeDocument } from './document.ts';
import { articleMatches } from './match.ts';
import { parseQuery, termQuery } from './query.ts';
import { searchRoutes } from './routes.ts';
import { LANGUAGES } from './text.ts';

export { searchArticles, MAX_PAGE, MAX_PER_PAGE } from './engine.ts';
export type { SearchHit, SearchRequest, SearchResults } from './engine.ts';
export type { SnippetSegment } from './snippet.ts';
export { MAX_QUERY_LENGTH, MAX_QUERY_WORDS, parseQuery, QueryError } from './query.ts';
export type { ParsedQuery } from './query.ts';
export { searchRequest } from './routes.ts';
export { reindex } from './commands.ts';
export type { SearchLanguage } from './text.ts';

/**
 * Whether a published article matches a query (as searchArticles would find it, without filters), read from the
 * article itself rather than the index, so follow-a-search can ask as soon as the article is saved. A draft or
 * unknown article never matches; a query that cannot be searched throws QueryError.
 */
export async function matchesQuery(app: App, articleId: string, q: string): Promise<boolean> {
  const parsed = parseQuery(q);
  const article = await getArticleById(app.db, articleId);
  if (article?.status !== 'published') return false;
  return articleMatches(article, termQuery(parsed, LANGUAGES));
}

export const searchFeature: Feature = {
  name: 'search',
  init: (app) => Promise.resolve(app),
  routes: (app) => searchRoutes(app),
  articleEvents: {
    // Reads the article as it is now (the handler may run twice, or after a later save): published articles are
    // (re)indexed, anything else leaves the index.
    'search.index': {
      on: ['article.published', 'article.changed', 'article.unpublished'],
      async handle(app, event) {
        const article = await getArticleById(app.db, event.articleId);
        if (article?.status === 'published') await writeDocument(app.db, app.dialect, article);
        else await removeDocument(app.db, app.dialect, event.articleId);
      },
    },
  },
  commands: searchCommands,
};
