// Routes of the publishing feature: article, front, topic and author pages, feeds, sitemap and robots.txt.
import type { App } from '../kernel/index.ts';
import { html } from '../web/html.ts';
import type { Page } from '../web/http.ts';
import { layout } from '../web/layout.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { imageRoutes } from './images/index.ts';
import { FEED_EXT, FEED_TYPES, renderFeed, sitemap, type FeedFormat } from './feeds.ts';
import type { NamedRef } from './model.ts';
import {
  countPublished,
  getArticleBySlug,
  getAuthor,
  getTopic,
  listPublished,
  listSitemapEntries,
  similarSlugs,
} from './store.ts';
import {
  articleHead,
  articleMain,
  articlePath,
  authorPath,
  feedLinks,
  pagination,
  teaserList,
  timeline,
  topicPath,
  type ViewContext,
} from './views.ts';
import { articleMessages } from './messages.ts';

const PAGE_SIZE = 10;
const FEED_SIZE = 20;

export function articleRoutes(app: App): Route[] {
  const view = (ctx: RequestContext): ViewContext => ({
    locale: ctx.locale,
    t: ctx.t,
    baseUrl: app.config.baseUrl,
    siteName: app.config.siteName,
  });
  const htmlPage = (
    ctx: RequestContext,
    title: string,
    main: ReturnType<typeof html>,
    head = html``,
    status = 200,
    scripts: string[] = [],
  ): Page => ({
    status,
    type: 'text/html; charset=utf-8',
    body: layout({
      locale: ctx.locale,
      t: ctx.t,
      title,
      siteName: app.config.siteName,
      path: ctx.url.pathname + ctx.url.search,
      head,
      main,
      scripts: [...app.scripts, ...scripts],
    }),
  });

  /** A paginated list (404 past its last page): the front page newest first, a topic's or author's by month. */
  async function listing(
    ctx: RequestContext,
    heading: string,
    filter: { topic?: string; author?: string },
    base: string,
    feedTitle: string,
  ): Promise<Page | undefined> {
    const pageParam = ctx.url.searchParams.get('seite') ?? '1';
    if (!/^[1-9]\d{0,5}$/.test(pageParam)) return undefined;
    const page = Number(pageParam);
    const total = await countPublished(app.db, filter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (page > pages) return undefined;
    const articles = await listPublished(app.db, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const v = view(ctx);
    const feedBase = base === '/' ? '' : base;
    const item =
      filter.topic !== undefined
        ? `topic:${filter.topic}`
        : filter.author !== undefined
          ? `author:${filter.author}`
          : undefined;
    const main = html`<h1>${heading}</h1>
${item ? html`<p><a class="tool follow" href="/folgen?item=${encodeURIComponent(item)}">${articleMessages[ctx.locale].follow}</a></p>${articles.length ? timeline(articles, ctx.locale) : teaserList(articles, v)}` : teaserList(articles, v)}
${pagination(page, pages, base, v)}
<p class="feeds">${ctx.t.feeds}: <a href="${feedBase}/feed.xml">RSS</a> · <a href="${feedBase}/feed.atom">Atom</a> · <a href="${feedBase}/feed.json">JSON Feed</a></p>`;
    const head = html`<link rel="canonical" href="${app.config.baseUrl}${base}${page > 1 ? `?seite=${page}` : ''}">
${feedLinks(feedBase, feedTitle)}`;
    const shown = htmlPage(ctx, page > 1 ? `${heading} – ${ctx.t.page(page, pages)}` : heading, main, head);
    return { ...shown, keys: [item ?? 'front'] };
  }

  async function feed(
    ctx: RequestContext,
    format: FeedFormat,
    filter: { topic?: string; author?: string },
    base: string,
    name: string,
  ): Promise<Page> {
    const articles = await listPublished(app.db, { ...filter, limit: FEED_SIZE });
    const feedBase = base === '/' ? '' : base;
    const body = renderFeed(
      format,
      {
        title: name,
        description: articleMessages[ctx.locale].feedOf(name),
        homeUrl: app.config.baseUrl + base,
        feedUrl: `${app.config.baseUrl}${feedBase}/feed.${ctx.params.at(-1)}`,
        language: 'de',
        baseUrl: app.config.baseUrl,
      },
      articles,
    );
    return { status: 200, type: FEED_TYPES[format], body, cacheControl: 'public, max-age=300', keys: ['feeds'] };
  }

  const named = async (kind: 'topic' | 'author', slug: string): Promise<NamedRef | undefined> =>
    kind === 'topic' ? getTopic(app.db, slug) : getAuthor(app.db, slug);

  return [
    {
      method: 'GET',
      path: /^\/$/,
      cache: true,
      handle: (ctx) => listing(ctx, articleMessages[ctx.locale].latest, {}, '/', app.config.siteName),
    },
    {
      method: 'GET',
      path: /^\/feed\.(xml|atom|json)$/,
      cache: true,
      handle: (ctx) => feed(ctx, FEED_EXT[ctx.params[0]!]!, {}, '/', app.config.siteName),
    },
    {
      method: 'GET',
      path: /^\/artikel\/([^/]+)$/,
      cache: true,
      async handle(ctx) {
        const article = await getArticleBySlug(app.db, ctx.params[0]!);
        if (!article || article.status !== 'published') return undefined;
        const v = view(ctx);
        const parts = await app.articleParts(article, ctx, v);
        const extraHead = html`${feedLinks('', app.config.siteName)}
${article.topics.map((t) => html`<link rel="alternate" type="application/rss+xml" title="${t.name} (RSS)" href="${topicPath(t)}/feed.xml">`)}
${parts.head}`;
        const title = `${article.kicker ? `${article.kicker}: ` : ''}${article.headline} – ${app.config.siteName}`;
        const main = articleMain(article, v, parts);
        const page = htmlPage(ctx, title, main, articleHead(article, v, extraHead), 200, parts.scripts);
        return { ...page, keys: [`article:${article.id}`] };
      },
    },
    // The share page (/artikel/…/teilen) belongs to Artikel teilen, the form at …/folgen to News folgen.
    ...(['topic', 'author'] as const).flatMap((kind): Route[] => {
      const prefix = kind === 'topic' ? 'thema' : 'autor';
      return [
        {
          method: 'GET',
          path: new RegExp(`^/${prefix}/([^/]+)$`),
          cache: true,
          async handle(ctx) {
            const ref = await named(kind, ctx.params[0]!);
            if (!ref) return undefined;
            const base = kind === 'topic' ? topicPath(ref) : authorPath(ref);
            return listing(ctx, ref.name, { [kind]: ref.slug }, base, `${ref.name} – ${app.config.siteName}`);
          },
        },
        {
          method: 'GET',
          path: new RegExp(`^/${prefix}/([^/]+)/feed\\.(xml|atom|json)$`),
          cache: true,
          async handle(ctx) {
            const ref = await named(kind, ctx.params[0]!);
            if (!ref) return undefined;
            const base = kind === 'topic' ? topicPath(ref) : authorPath(ref);
            return feed(
              ctx,
              FEED_EXT[ctx.params[1]!]!,
              { [kind]: ref.slug },
              base,
              `${ref.name} – ${app.config.siteName}`,
            );
          },
        },
      ];
    }),
    {
      method: 'GET',
      path: /^\/sitemap\.xml$/,
      cache: true,
      async handle() {
        const entries = await listSitemapEntries(app.db);
        const body = sitemap(app.config.baseUrl, [
          { path: '/' },
          ...entries.map((e) => ({ path: articlePath(e), lastModified: e.lastModified })),
        ]);
        return { status: 200, type: 'application/xml; charset=utf-8', body, keys: ['sitemap'] };
      },
    },
    {
      method: 'GET',
      path: /^\/robots\.txt$/,
      cache: true,
      handle: () =>
        Promise.resolve({
          status: 200,
          type: 'text/plain; charset=utf-8',
          body: `User-agent: *\nAllow: /\nDisallow: /sprache/\nDisallow: /teilen/\nDisallow: /meine-news/\n\nSitemap: ${app.config.baseUrl}/sitemap.xml\n`,
        }),
    },
    ...imageRoutes(app.files),
  ];
}

/** A 404 that helps: what the reader may have meant, the latest articles, the way home. */
export function notFoundPage(app: App) {
  return async (ctx: RequestContext): Promise<Page> => {
    const slug = /^\/artikel\/([^/]+)/.exec(ctx.url.pathname)?.[1];
    const similar = slug ? await similarSlugs(app.db, slug.toLowerCase()) : [];
    const latest = await listPublished(app.db, { limit: 5 });
    const t = articleMessages[ctx.locale];
    const main = html`<h1>${t.notFoundTitle}</h1>
<p>${t.notFoundText}</p>
${similar.length ? html`<h2>${t.didYouMean}</h2><ul>${similar.map((s) => html`<li><a href="${articlePath(s)}">${s.headline}</a></li>`)}</ul>` : ''}
<h2>${t.latest}</h2>
<ul>${latest.map((a) => html`<li><a href="${articlePath(a)}">${a.headline}</a></li>`)}</ul>
<p><a href="/">${ctx.t.home}</a></p>`;
    return {
      status: 404,
      type: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
      body: layout({
        locale: ctx.locale,
        t: ctx.t,
        title: `${t.notFoundTitle} – ${app.config.siteName}`,
        siteName: app.config.siteName,
        path: '/',
        main,
      }),
    };
  };
}
