// Routes of the publishing feature: article, front, topic and author pages, feeds, the sitemaps and robots.txt.
import type { App } from '../kernel/index.ts';
import { html } from '../web/html.ts';
import type { Page } from '../web/http.ts';
import { layout } from '../web/layout.ts';
import { formatDateTime, type Locale } from '../web/i18n.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { imageRoutes } from './images/index.ts';
import { FEED_EXT, FEED_TYPES, renderFeed, type FeedFormat } from './feeds.ts';
import type { Article, NamedRef } from './model.ts';
import {
  countPublished,
  getArticleBySlug,
  getAuthor,
  getTopic,
  listPublished,
  listSiteCorrections,
  similarSlugs,
} from './store.ts';
import {
  articleHead,
  articleMain,
  articlePath,
  authorPath,
  feedLinks,
  pagination,
  sitePageMain,
  socialDescription,
  socialTitle,
  teaserList,
  timeline,
  topicPath,
  type ViewContext,
} from './views.ts';
import { articleMessages } from './messages.ts';
import { frontMain, sectionMain } from './front.ts';
import { getPage, isPageSlug, PAGE_SLUGS, pageKey } from './pages.ts';
import { relatedArticles, relatedHtml } from './related.ts';
import { siteIconRoutes } from './site-icons.ts';
import { sitemapIndex, sitemapPart } from './sitemap.ts';
import { sectionTopics, siteLanguage } from './site.ts';

const PAGE_SIZE = 10;
/** Aufmacher, second tier and "Neueste" come from these. */
const FRONT_LATEST = 12;
const FEED_SIZE = 20;

export function articleRoutes(app: App): Route[] {
  const view = (ctx: RequestContext): ViewContext => ({
    locale: ctx.locale,
    t: ctx.t,
    baseUrl: app.config.baseUrl,
    siteName: app.site.name,
  });
  const htmlPage = (
    ctx: RequestContext,
    title: string,
    main: ReturnType<typeof html>,
    head = html``,
    status = 200,
    scripts: string[] = [],
    description?: string,
    home = false,
  ): Page => ({
    status,
    type: 'text/html; charset=utf-8',
    body: layout({
      baseUrl: app.config.baseUrl,
      locale: ctx.locale,
      t: ctx.t,
      title,
      site: app.site,
      home,
      ...(description !== undefined ? { description } : {}),
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
    const section = page === 1 && filter.topic !== undefined && app.site.sections.some((s) => s.href === base);
    const list = section
      ? sectionMain(articles, v, await app.teaserBadges(articles, ctx.locale))
      : articles.length && item
        ? timeline(articles, ctx.locale)
        : teaserList(articles, v);
    const main = html`<h1${section ? html` class="section-name"` : ''}>${heading}</h1>
${item ? html`<p class="follow-list"><a class="tool follow" href="${ctx.href(`/folgen?item=${encodeURIComponent(item)}`)}">${articleMessages[ctx.locale].follow}</a></p>` : ''}${list}
${pagination(page, pages, base, v)}
<p class="feeds">${ctx.t.feeds}: <a href="${ctx.href(`${feedBase}/feed.xml`)}">RSS</a> · <a href="${ctx.href(`${feedBase}/feed.atom`)}">Atom</a> · <a href="${ctx.href(`${feedBase}/feed.json`)}">JSON Feed</a></p>`;
    const head = html`<link rel="canonical" href="${app.config.baseUrl}${ctx.href(base)}${page > 1 ? `?seite=${page}` : ''}">
${feedLinks(ctx.href(feedBase), feedTitle)}`;
    const title = `${heading}${page > 1 ? ` – ${ctx.t.page(page, pages)}` : ''} – ${app.site.name}`;
    const shown = htmlPage(ctx, title, main, head);
    // Teasers show what features add (Vorlesen's audio marker): a change to an article drops the lists with it.
    return { ...shown, keys: [item ?? 'front', ...(section ? articles.map((a) => `article:${a.id}`) : [])] };
  }

  /** The front page: Aufmacher, second tier, "Neueste", a block per section. */
  async function front(ctx: RequestContext): Promise<Page> {
    const v = view(ctx);
    const [latest, topics, total] = await Promise.all([
      listPublished(app.db, { limit: FRONT_LATEST }),
      sectionTopics(app.db),
      countPublished(app.db),
    ]);
    const sections = await Promise.all(
      topics.map(async (topic) => ({ topic, articles: await listPublished(app.db, { topic: topic.slug, limit: 8 }) })),
    );
    const shown = [...latest, ...sections.flatMap((s) => s.articles)];
    const badges = await app.teaserBadges(shown, ctx.locale);
    const main = frontMain({ latest, sections, badges }, v, total > PAGE_SIZE ? ctx.href('/?seite=2') : undefined);
    const head = html`<link rel="canonical" href="${app.config.baseUrl}${ctx.href('/')}">
${feedLinks(ctx.href(''), app.site.name)}`;
    const title = `${app.site.name} – ${articleMessages[ctx.locale].frontTitle}`;
    const page = htmlPage(ctx, title, main, head, 200, [], undefined, true);
    const keys = ['front', ...topics.map((t) => `topic:${t.slug}`), ...new Set(shown.map((a) => `article:${a.id}`))];
    return { ...page, keys };
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
        homeUrl: app.config.baseUrl + ctx.href(base),
        feedUrl: `${app.config.baseUrl}${ctx.href(`${feedBase}/feed.${ctx.params.at(-1)}`)}`,
        language: await siteLanguage(app.db),
        baseUrl: app.config.baseUrl,
        locale: ctx.locale,
      },
      articles,
    );
    return { status: 200, type: FEED_TYPES[format], body, cacheControl: 'public, max-age=300', keys: ['feeds'] };
  }

  /** 410 Gone: the article was there and was taken back on purpose; search engines drop it, readers learn why. */
  function withdrawnPage(ctx: RequestContext, article: { id: string; stateNote: string | null }): Page {
    const t = articleMessages[ctx.locale];
    const main = html`<h1>${t.withdrawnTitle}</h1>
<p>${t.withdrawnText}</p>
${article.stateNote ? html`<p>${t.withdrawnReason} ${article.stateNote}</p>` : ''}
<p><a href="${ctx.href('/')}">${ctx.t.home}</a></p>`;
    const page = htmlPage(
      ctx,
      `${t.withdrawnTitle} – ${app.site.name}`,
      main,
      html`<meta name="robots" content="noindex">`,
      410,
    );
    return { ...page, keys: [`article:${article.id}`] };
  }

  /** The transparency page: every correction and update of the site, newest first. */
  async function correctionsPage(ctx: RequestContext): Promise<Page> {
    const t = articleMessages[ctx.locale];
    const list = await listSiteCorrections(app.db);
    const main = html`<h1>${t.corrections}</h1>
<p>${t.correctionsIntro}</p>
${
  list.length
    ? html`<ol class="corrections-list">${list.map(
        (
          c,
        ) => html`<li><p><strong>${c.kind === 'correction' ? t.corrected : t.updated}</strong>, <time datetime="${c.at.toISOString()}">${formatDateTime(c.at, ctx.locale)}</time>: <a href="${ctx.href(articlePath(c.article))}">${c.article.headline}</a></p>
<p>${c.wrong ? `${t.wrongWas(c.wrong)} ${t.rightIs} ` : ''}${c.note}</p></li>`,
      )}</ol>`
    : html`<p>${t.correctionsNone}</p>`
}`;
    const page = htmlPage(
      ctx,
      `${t.corrections} – ${app.site.name}`,
      main,
      html`<link rel="canonical" href="${app.config.baseUrl}${ctx.href('/korrekturen')}">`,
    );
    return { ...page, keys: ['corrections', ...new Set(list.map((c) => `article:${c.article.id}`))] };
  }

  const named = async (kind: 'topic' | 'author', slug: string): Promise<NamedRef | undefined> =>
    kind === 'topic' ? getTopic(app.db, slug) : getAuthor(app.db, slug);

  /**
   * A topic that is one thing with another page (News folgen's entity named alike) has that page only: its old
   * addresses answer 301 there, so a reader never meets two "Europa". A section stays its own front page.
   */
  async function movedTopic(
    ctx: RequestContext,
    kind: 'topic' | 'author',
    ref: NamedRef,
    rest: string,
  ): Promise<Page | undefined> {
    if (kind !== 'topic' || app.site.sections.some((s) => s.href === topicPath(ref))) return undefined;
    const home = await app.topicHome(ref);
    return home === undefined
      ? undefined
      : { status: 301, type: 'text/plain; charset=utf-8', body: '', headers: { location: ctx.href(home + rest) } };
  }

  return [
    {
      method: 'GET',
      path: /^\/$/,
      cache: true,
      handle: (ctx) =>
        ctx.url.searchParams.has('seite')
          ? listing(ctx, articleMessages[ctx.locale].latest, {}, '/', app.site.name)
          : front(ctx),
    },
    {
      method: 'GET',
      path: new RegExp(`^/(${PAGE_SLUGS.join('|')})$`),
      cache: true,
      async handle(ctx) {
        const slug = ctx.params[0]!;
        if (!isPageSlug(slug)) return undefined;
        const p = await getPage(app.db, slug);
        const main = sitePageMain(p, view(ctx));
        const shown = htmlPage(
          ctx,
          `${p.title} – ${app.site.name}`,
          main,
          html`<link rel="canonical" href="${app.config.baseUrl}${ctx.href(`/${slug}`)}">`,
        );
        return { ...shown, keys: [pageKey(slug)] };
      },
    },
    { method: 'GET', path: /^\/(?:korrekturen|corrections)$/, cache: true, handle: correctionsPage },
    {
      method: 'GET',
      path: /^\/feed\.(xml|atom|json)$/,
      cache: true,
      handle: (ctx) => feed(ctx, FEED_EXT[ctx.params[0]!]!, {}, '/', app.site.name),
    },
    {
      method: 'GET',
      path: /^\/artikel\/([^/]+)$/,
      cache: true,
      async handle(ctx) {
        const article = await getArticleBySlug(app.db, ctx.params[0]!);
        if (article?.state === 'withdrawn') return withdrawnPage(ctx, article);
        if (!article || article.status !== 'published') return undefined;
        return renderArticlePage(app, article, ctx);
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
            const moved = await movedTopic(ctx, kind, ref, ctx.url.search);
            if (moved) return moved;
            const base = kind === 'topic' ? topicPath(ref) : authorPath(ref);
            return listing(ctx, ref.name, { [kind]: ref.slug }, base, `${ref.name} – ${app.site.name}`);
          },
        },
        {
          method: 'GET',
          path: new RegExp(`^/${prefix}/([^/]+)/feed\\.(xml|atom|json)$`),
          cache: true,
          async handle(ctx) {
            const ref = await named(kind, ctx.params[0]!);
            if (!ref) return undefined;
            const moved = await movedTopic(ctx, kind, ref, `/feed.${ctx.params[1]!}`);
            if (moved) return moved;
            const base = kind === 'topic' ? topicPath(ref) : authorPath(ref);
            return feed(ctx, FEED_EXT[ctx.params[1]!]!, { [kind]: ref.slug }, base, `${ref.name} – ${app.site.name}`);
          },
        },
      ];
    }),
    {
      method: 'GET',
      path: /^\/sitemap\.xml$/,
      cache: true,
      async handle() {
        const body = await sitemapIndex(app.db, app.config.baseUrl);
        return { status: 200, type: 'application/xml; charset=utf-8', body, keys: ['sitemap'] };
      },
    },
    {
      // One part of the index: the same key, so a purge of "sitemap" reaches the index and every part.
      method: 'GET',
      path: /^\/sitemap-(de|en)-([1-9]\d{0,8})\.xml$/,
      cache: true,
      async handle(ctx) {
        const [locale, number] = ctx.params as [Locale, string];
        const body = await sitemapPart(app.db, app.config.baseUrl, locale, Number(number) - 1);
        if (body === undefined) return undefined;
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
          body: `User-agent: *\nAllow: /\nDisallow: /sprache/\nDisallow: /en/meine-news/\nDisallow: /teilen/\nDisallow: /meine-news/\n\nSitemap: ${app.config.baseUrl}/sitemap.xml\n`,
        }),
    },
    ...imageRoutes(app.files),
    ...siteIconRoutes(app),
  ];
}

/**
 * The article page of any article, published or not: the reader route, and the newsroom's preview of a draft
 * (which shows exactly what readers will get).
 */
export async function renderArticlePage(app: App, article: Article, ctx: RequestContext): Promise<Page> {
  const v: ViewContext = { locale: ctx.locale, t: ctx.t, baseUrl: app.config.baseUrl, siteName: app.site.name };
  const parts = await app.articleParts(article, ctx, v);
  const extraHead = html`${feedLinks(ctx.href(''), app.site.name)}
${article.topics.map((t) => html`<link rel="alternate" type="application/rss+xml" title="${t.name} (RSS)" href="${ctx.href(`${topicPath(t)}/feed.xml`)}">`)}
${parts.head}`;
  const title = `${socialTitle(article)} – ${app.site.name}`;
  const related = relatedHtml(await relatedArticles(app.db, article), v);
  const main = html`${articleMain(article, v, parts)}
${related}`;
  const page: Page = {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: layout({
      baseUrl: app.config.baseUrl,
      locale: ctx.locale,
      t: ctx.t,
      title,
      site: app.site,
      home: false,
      description: socialDescription(article),
      path: ctx.url.pathname + ctx.url.search,
      head: articleHead(article, v, extraHead),
      main,
      scripts: [...app.scripts, ...parts.scripts],
    }),
  };
  // "Mehr zum Thema" changes with its topics' articles.
  return { ...page, keys: [`article:${article.id}`, ...article.topics.map((t) => `topic:${t.slug}`)] };
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
${similar.length ? html`<h2>${t.didYouMean}</h2><ul>${similar.map((s) => html`<li><a href="${ctx.href(articlePath(s))}">${s.headline}</a></li>`)}</ul>` : ''}
<h2>${t.latest}</h2>
<ul>${latest.map((a) => html`<li><a href="${ctx.href(articlePath(a))}">${a.headline}</a></li>`)}</ul>
<p><a href="${ctx.href('/')}">${ctx.t.home}</a></p>`;
    return {
      status: 404,
      type: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
      body: layout({
        baseUrl: app.config.baseUrl,
        locale: ctx.locale,
        t: ctx.t,
        title: `${t.notFoundTitle} – ${app.site.name}`,
        site: app.site,
        path: '/',
        main,
      }),
    };
  };
}
