// The JSON search (`/api/v1/search`) and the OpenSearch description that lets browsers add the site's search.
import type { App, Page, RequestContext, Route } from '../kernel/index.ts';
import { escapeHtml } from '../web/html.ts';
import { searchArticles, type SearchRequest } from './engine.ts';
import { searchMessages } from './messages.ts';
import { QueryError } from './query.ts';
import { LANGUAGES } from './text.ts';

const json = (status: number, value: unknown, cacheControl: string): Page => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
  cacheControl,
});

function wholeNumber(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^[0-9]{1,4}$/.test(value)) throw new QueryError({ kind: 'bad-number', name });
  return Number(value);
}

/** The request as the query string gives it; every parameter optional except `q`. */
export function searchRequest(params: URLSearchParams): SearchRequest {
  const get = (name: string) => params.get(name) ?? undefined;
  const given = get('language') || undefined;
  const language = LANGUAGES.find((l) => l === given);
  if (given !== undefined && !language) throw new QueryError({ kind: 'bad-language', languages: LANGUAGES });
  return {
    q: params.get('q') ?? '',
    topic: get('topic'),
    author: get('author'),
    entity: get('entity'),
    from: get('from'),
    to: get('to'),
    language,
    page: wholeNumber('page', params.get('page')),
    perPage: wholeNumber('perPage', params.get('perPage')),
  };
}

/** Runs the search for a route; a QueryError becomes 400 with its message. */
async function answer(app: App, ctx: RequestContext): Promise<Page> {
  try {
    const results = await searchArticles(app, searchRequest(ctx.url.searchParams));
    // Results change when anything is published: short, shared caching only.
    return json(200, results, 'public, max-age=30');
  } catch (err) {
    if (err instanceof QueryError)
      return json(400, { error: searchMessages[ctx.locale].queryError(err.problem) }, 'no-store');
    throw err;
  }
}

function openSearch(app: App, ctx: RequestContext): Page {
  const m = searchMessages[ctx.locale];
  const base = app.config.baseUrl;
  const site = app.site.name;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>${escapeHtml(m.openSearchName(site).slice(0, 16))}</ShortName>
  <Description>${escapeHtml(m.openSearchDescription(site))}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Language>${ctx.locale}</Language>
  <Url type="text/html" method="get" template="${escapeHtml(base)}/suche?q={searchTerms}"/>
  <Url type="application/json" method="get" template="${escapeHtml(base)}/api/v1/search?q={searchTerms}"/>
  <Url type="application/x-suggestions+json" method="get" template="${escapeHtml(base)}/suche/vorschlaege?q={searchTerms}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="${escapeHtml(base)}/opensearch.xml"/>
</OpenSearchDescription>
`;
  return {
    status: 200,
    type: 'application/opensearchdescription+xml; charset=utf-8',
    body,
    cacheControl: 'public, max-age=86400',
  };
}

export function searchRoutes(app: App): Route[] {
  return [
    { method: 'GET', path: /^\/api\/v1\/search$/, handle: (ctx) => answer(app, ctx) },
    { method: 'GET', path: /^\/opensearch\.xml$/, cache: true, handle: (ctx) => Promise.resolve(openSearch(app, ctx)) },
  ];
}
