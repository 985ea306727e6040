// The Content API: published articles with the rich model, topics, authors and entities; read-only, public and
// cacheable (ETag and 304 come from web/http.ts for every 200). Drafts are never visible here.

import { getArticlesByIds, parsePublicationDate } from '../../article/index.ts';
import type { App, Page, RequestContext, Route } from '../../kernel/index.ts';
import { apiError, apiJson, ApiInputError, articleJson, PUBLIC_CACHE } from './json.ts';

export const MAX_PER_PAGE = 50;
export const MAX_PAGE = 1000;
const MAX_FILTER = 200;

export interface ArticleFilter {
  topic?: string;
  author?: string;
  entity?: string;
  language?: string;
  /** ISO instants: published at or after `from`, before `to`. */
  from?: string;
  to?: string;
  page: number;
  perPage: number;
}

function whole(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const v = params.get(name);
  if (v === null || v === '') return fallback;
  if (!/^[0-9]{1,5}$/.test(v) || Number(v) < 1 || Number(v) > max)
    throw new ApiInputError(`${name} must be a whole number from 1 to ${max}`, name);
  return Number(v);
}

function dateParam(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const parsed = parsePublicationDate(v.slice(0, 64));
  if (typeof parsed === 'string') throw new ApiInputError(`${name} must be a date (YYYY-MM-DD): ${parsed}`, name);
  return parsed.instant.toISOString();
}

const KNOWN = ['topic', 'author', 'entity', 'language', 'from', 'to', 'page', 'perPage'];

/** The filter as the query string gives it; an unknown parameter is refused, so a typo is not silently ignored. */
export function articleFilter(params: URLSearchParams): ArticleFilter {
  for (const name of params.keys())
    if (!KNOWN.includes(name)) throw new ApiInputError(`unknown parameter ${name}; known: ${KNOWN.join(', ')}`, name);
  const text = (name: string) => {
    const v = params.get(name);
    if (v === null || v === '') return undefined;
    if (v.length > MAX_FILTER) throw new ApiInputError(`${name} is longer than ${MAX_FILTER} characters`, name);
    return v;
  };
  const language = text('language');
  if (language !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))
    throw new ApiInputError('language must be a language tag such as de or en', 'language');
  const filter: ArticleFilter = {
    page: whole(params, 'page', 1, MAX_PAGE),
    perPage: whole(params, 'perPage', 20, MAX_PER_PAGE),
  };
  for (const [key, value] of [
    ['topic', text('topic')],
    ['author', text('author')],
    ['entity', text('entity')],
    ['language', language],
    ['from', dateParam(params, 'from')],
    ['to', dateParam(params, 'to')],
  ] as const)
    if (value !== undefined) filter[key] = value;
  return filter;
}

/** Published articles matching the filter, newest first, and how many match in all. */
export async function findArticles(app: App, f: ArticleFilter) {
  let q = app.db.selectFrom('articles').where('articles.status', '=', 'published');
  if (f.topic !== undefined) {
    const topic = f.topic;
    q = q.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  }
  if (f.author !== undefined) {
    const author = f.author;
    q = q.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_slug', '=', author),
    );
  }
  if (f.entity !== undefined) {
    const entity = f.entity;
    q = q.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_entities').select('article_id').where('entity_id', '=', entity),
    );
  }
  if (f.language !== undefined) q = q.where('articles.language', '=', f.language);
  if (f.from !== undefined) q = q.where('articles.published_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('articles.published_at', '<', f.to);
  const [{ n }] = [await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()];
  const rows = await q
    .select('articles.id')
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id')
    .limit(f.perPage)
    .offset((f.page - 1) * f.perPage)
    .execute();
  return {
    articles: await getArticlesByIds(
      app.db,
      rows.map((r) => r.id),
    ),
    total: Number(n),
  };
}

function pageUrl(ctx: RequestContext, page: number): string {
  const params = new URLSearchParams(ctx.url.searchParams);
  params.set('page', String(page));
  return `/api/v1/articles?${params.toString()}`;
}

async function listArticles(app: App, ctx: RequestContext): Promise<Page> {
  const f = articleFilter(ctx.url.searchParams);
  const { articles, total } = await findArticles(app, f);
  const base = app.config.baseUrl;
  return apiJson(
    200,
    {
      articles: articles.map((a) => articleJson(a, base)),
      total,
      page: f.page,
      perPage: f.perPage,
      next: f.page * f.perPage < total && f.page < MAX_PAGE ? pageUrl(ctx, f.page + 1) : null,
    },
    PUBLIC_CACHE,
  );
}

async function oneArticle(app: App, ctx: RequestContext): Promise<Page> {
  const key = ctx.params[0] ?? '';
  const row = await app.db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('id', '=', key), eb('slug', '=', key)]))
    .executeTakeFirst();
  const [article] = row ? await getArticlesByIds(app.db, [row.id]) : [];
  if (!article) return apiError(404, `no published article has the id or slug "${key.slice(0, 200)}"`);
  return apiJson(200, articleJson(article, app.config.baseUrl), PUBLIC_CACHE);
}

/** Topics that have a published article, with how many, by name. */
async function topics(app: App) {
  const rows = await app.db
    .selectFrom('topics')
    .innerJoin('article_topics', 'article_topics.topic_slug', 'topics.slug')
    .innerJoin('articles', 'articles.id', 'article_topics.article_id')
    .where('articles.status', '=', 'published')
    .select(['topics.slug as slug', 'topics.name as name', (eb) => eb.fn.countAll().as('articles')])
    .groupBy(['topics.slug', 'topics.name'])
    .orderBy('topics.name')
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, articles: Number(r.articles) }));
}

/** Authors that have a published article, with how many, by name. */
async function authors(app: App) {
  const rows = await app.db
    .selectFrom('authors')
    .innerJoin('article_authors', 'article_authors.author_slug', 'authors.slug')
    .innerJoin('articles', 'articles.id', 'article_authors.article_id')
    .where('articles.status', '=', 'published')
    .select(['authors.slug as slug', 'authors.name as name', (eb) => eb.fn.countAll().as('articles')])
    .groupBy(['authors.slug', 'authors.name'])
    .orderBy('authors.name')
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, articles: Number(r.articles) }));
}

async function entities(app: App) {
  const rows = await app.db
    .selectFrom('entities')
    .innerJoin('article_entities', 'article_entities.entity_id', 'entities.id')
    .innerJoin('articles', 'articles.id', 'article_entities.article_id')
    .where('articles.status', '=', 'published')
    .where('entities.status', '=', 'active')
    .select([
      'entities.id as id',
      'entities.kind as kind',
      'entities.name as name',
      'entities.name_en as nameEn',
      (eb) => eb.fn.countAll().as('articles'),
    ])
    .groupBy(['entities.id', 'entities.kind', 'entities.name', 'entities.name_en'])
    .orderBy('entities.name')
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, nameEn: r.nameEn, articles: Number(r.articles) }));
}

/** Runs a handler; a bad parameter becomes a 400 naming it. */
function guarded(handler: (app: App, ctx: RequestContext) => Promise<Page>) {
  return (app: App) => async (ctx: RequestContext) => {
    try {
      return await handler(app, ctx);
    } catch (err) {
      if (err instanceof ApiInputError) return apiError(400, err.message, err.parameter);
      throw err;
    }
  };
}

const noParams = (ctx: RequestContext) => {
  const name = [...ctx.url.searchParams.keys()][0];
  if (name !== undefined) throw new ApiInputError(`unknown parameter ${name}; this list takes none`, name);
};

export function contentRoutes(app: App): Route[] {
  return [
    { method: 'GET', path: /^\/api\/v1\/articles$/, handle: guarded(listArticles)(app) },
    { method: 'GET', path: /^\/api\/v1\/articles\/([^/]+)$/, handle: guarded(oneArticle)(app) },
    {
      method: 'GET',
      path: /^\/api\/v1\/topics$/,
      handle: guarded(async (a, ctx) => (noParams(ctx), apiJson(200, { topics: await topics(a) }, PUBLIC_CACHE)))(app),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/authors$/,
      handle: guarded(async (a, ctx) => (noParams(ctx), apiJson(200, { authors: await authors(a) }, PUBLIC_CACHE)))(
        app,
      ),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/entities$/,
      handle: guarded(async (a, ctx) => (noParams(ctx), apiJson(200, { entities: await entities(a) }, PUBLIC_CACHE)))(
        app,
      ),
    },
  ];
}
