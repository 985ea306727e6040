// /suche (and /search): validate the query string → ask the engine → render. A bad query is a 400 that says
// what was wrong; the page is never cached (every query string differs) and never indexed by search engines.
import type { App } from '../kernel/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Page } from '../web/http.ts';
import { layout } from '../web/layout.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { MAX_PAGE, QueryError, searchArticles, type SearchResults } from './index.ts';
import { nearby } from './nearby.ts';
import { searchMessages } from './messages.ts';
import { searchPageMessages, type SearchPageMessages } from './page-messages.ts';
import { emptyResult, pager, resultList, searchForm, type FilterChoices, type SearchForm } from './views.ts';

const PER_PAGE = 10;
/** Longer queries are refused here, before the engine sees them; nobody types 500 characters into a search box. */
export const MAX_QUERY = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Parsed = { ok: true; form: SearchForm } | { ok: false; message: string };

/** Reads the query string; every field that is there but malformed is named in the refusal. */
export function parseSearch(url: URL, m: SearchPageMessages): Parsed {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const q = get('q').replace(/\s+/g, ' ');
  if (q.length > MAX_QUERY) return { ok: false, message: m.tooLong(MAX_QUERY) };
  const form: SearchForm = {
    q,
    topic: get('thema'),
    author: get('autor'),
    entity: get('wer'),
    from: get('von'),
    to: get('bis'),
    language: '',
    page: 1,
  };
  for (const [field, name] of [
    ['from', 'von'],
    ['to', 'bis'],
  ] as const) {
    const value = form[field];
    if (value && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) return { ok: false, message: m.badDate(name) };
  }
  const language = get('sprache');
  if (language === 'de' || language === 'en') form.language = language;
  const page = get('seite') || '1';
  if (!/^[1-9]\d{0,3}$/.test(page) || Number(page) > MAX_PAGE) return { ok: false, message: m.badPage(MAX_PAGE) };
  form.page = Number(page);
  return { ok: true, form };
}

async function filterChoices(app: App, ctx: RequestContext): Promise<FilterChoices> {
  const [topics, authors, entities] = await Promise.all([
    app.db.selectFrom('topics').select(['slug', 'name']).orderBy('name').execute(),
    app.db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    app.db
      .selectFrom('entities')
      .select(['id', 'name', 'name_en'])
      .where('status', '=', 'active')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_entities')
            .select('article_id')
            .whereRef('article_entities.entity_id', '=', 'entities.id'),
        ),
      )
      .orderBy('name')
      .execute(),
  ]);
  return {
    topics,
    authors,
    entities: entities.map((e) => ({ id: e.id, name: ctx.locale === 'en' ? e.name_en : e.name })),
  };
}

export function searchPageRoutes(app: App): Route[] {
  function page(ctx: RequestContext, title: string, main: SafeHtml, status = 200): Page {
    return {
      status,
      type: 'text/html; charset=utf-8',
      body: layout({
        baseUrl: app.config.baseUrl,
        locale: ctx.locale,
        t: ctx.t,
        title: `${title} – ${app.site.name}`,
        site: app.site,
        path: ctx.url.pathname + ctx.url.search,
        head: html`<meta name="robots" content="noindex">`,
        main,
        scripts: app.scripts,
      }),
      cacheControl: 'private, max-age=0',
    };
  }

  async function handle(ctx: RequestContext): Promise<Page> {
    const m = searchPageMessages[ctx.locale];
    const base = ctx.href(ctx.url.pathname);
    const parsed = parseSearch(ctx.url, m);
    const choices = await filterChoices(app, ctx);
    if (!parsed.ok) return refused(ctx, base, parsed.message, choices, m);
    const f = parsed.form;
    if (!f.q) return page(ctx, m.search, html`<h1>${m.search}</h1><p>${m.intro}</p>${searchForm(base, f, choices, m)}`);
    let results: SearchResults;
    try {
      results = await searchArticles(app, {
        q: f.q,
        ...(f.topic ? { topic: f.topic } : {}),
        ...(f.author ? { author: f.author } : {}),
        ...(f.entity ? { entity: f.entity } : {}),
        ...(f.from ? { from: f.from } : {}),
        ...(f.to ? { to: f.to } : {}),
        ...(f.language ? { language: f.language } : {}),
        page: f.page,
        perPage: PER_PAGE,
      });
    } catch (err) {
      if (err instanceof QueryError)
        return refused(ctx, base, searchMessages[ctx.locale].queryError(err.problem), choices, m, f);
      throw err;
    }
    // Pages end where the ranked matches end (the engine ranks the newest CANDIDATES) or at MAX_PAGE.
    const pages = Math.min(MAX_PAGE, Math.max(1, Math.ceil(Math.min(results.total, results.ranked) / PER_PAGE)));
    const follow = html`<p class="follow-search"><a class="tool follow" href="${ctx.href(`/folgen?item=${encodeURIComponent(`search:${f.q}`)}`)}">${m.followSearch}</a> <small>${m.followSearchHint}</small></p>`;
    let body: SafeHtml;
    if (results.hits.length) {
      body = html`<div class="search-meta"><p class="count" role="status">${m.count(results.total, results.more)}${pages > 1 ? ` · ${m.pageOf(f.page, pages)}` : ''}</p>
${follow}</div>
${resultList(results, ctx.locale, m)}
${pager(base, f, pages, m)}`;
    } else {
      const close = results.total === 0 ? await nearby(app.db, f.q, ctx.locale) : { topics: [], people: [] };
      body = html`${emptyResult(base, f, results.suggestion, close.topics, close.people, m)}
${follow}`;
    }
    const title = m.resultsFor(f.q);
    return page(
      ctx,
      f.page > 1 ? `${title} – ${m.pageOf(f.page, pages)}` : title,
      html`<h1>${title}</h1>
${searchForm(base, f, choices, m)}
${body}`,
    );
  }

  function refused(
    ctx: RequestContext,
    base: string,
    message: string,
    choices: FilterChoices,
    m: SearchPageMessages,
    f?: SearchForm,
  ): Page {
    const form: SearchForm = f ?? {
      q: (ctx.url.searchParams.get('q') ?? '').slice(0, MAX_QUERY),
      topic: '',
      author: '',
      entity: '',
      from: '',
      to: '',
      language: '',
      page: 1,
    };
    return page(
      ctx,
      m.badQuery,
      html`<h1>${m.badQuery}</h1>
<p class="problem" role="alert">${message}</p>
${searchForm(base, form, choices, m)}`,
      400,
    );
  }

  return [
    { method: 'GET', path: /^\/suche$/, handle },
    { method: 'GET', path: /^\/search$/, handle },
  ];
}
