// Pages for people, places and organisations: their articles newest first as a timeline by month, with feeds.
// They depend only on content, so the page cache keeps them; merged entities redirect to what they became, and
// an entity named like a section to that section's page.
import type { App } from '../kernel/index.ts';
import {
  articleMessages,
  FEED_EXT,
  FEED_TYPES,
  feedLinks,
  pagination,
  renderFeed,
  siteLanguage,
  timeline,
  type ViewContext,
} from '../article/index.ts';
import { html } from '../web/html.ts';
import type { Page } from '../web/http.ts';
import type { RequestContext, Route } from '../web/server.ts';
import type { EntityKind } from './entities/index.ts';
import { countEntityArticles, entityArticles, getEntity, type StoredEntity } from './entity-store.ts';
import { ENTITY_PREFIX, entityName, entityPath, sectionNamed } from './options.ts';
import { fm, followPage } from './page.ts';

const PAGE_SIZE = 30;
const FEED_SIZE = 20;
const KIND_OF_PREFIX = Object.fromEntries(
  Object.entries(ENTITY_PREFIX).map(([kind, prefix]) => [prefix, kind]),
) as Record<string, EntityKind>;
const PREFIXES = Object.values(ENTITY_PREFIX).join('|');

type Found = { entity: StoredEntity } | { moved: string } | undefined;

export function entityRoutes(app: App): Route[] {
  /** The public entity at this address, or where it lives now, or nothing (unknown, proposed, removed). */
  async function find(prefix: string, id: string, rest = ''): Promise<Found> {
    let entity = await getEntity(app.db, id);
    if (entity?.mergedInto) {
      entity = await getEntity(app.db, entity.mergedInto);
      return entity?.status === 'active' ? { moved: entityPath(entity) + rest } : undefined;
    }
    if (!entity || entity.status !== 'active') return undefined;
    // A section named alike is this entity's page: one "Europa", the front page the editors chose.
    const section = sectionNamed(app.site.sections, entity);
    if (section) return { moved: section.href + rest };
    if (KIND_OF_PREFIX[prefix] !== entity.kind) return { moved: entityPath(entity) + rest };
    return { entity };
  }

  const moved = (location: string): Page => ({
    status: 301,
    type: 'text/plain; charset=utf-8',
    body: '',
    headers: { location },
  });

  async function entityPage(ctx: RequestContext): Promise<Page | undefined> {
    const found = await find(ctx.params[0]!, ctx.params[1]!, ctx.url.search);
    if (!found) return undefined;
    if ('moved' in found) return moved(ctx.href(found.moved));
    const { entity } = found;
    const pageParam = ctx.url.searchParams.get('seite') ?? '1';
    if (!/^[1-9]\d{0,5}$/.test(pageParam)) return undefined;
    const page = Number(pageParam);
    const total = await countEntityArticles(app.db, entity.id);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (page > pages) return undefined;
    const articles = await entityArticles(app.db, entity.id, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const m = fm(ctx);
    const name = entityName(entity, ctx.locale);
    const base = entityPath(entity);
    const v: ViewContext = { locale: ctx.locale, t: ctx.t, baseUrl: app.config.baseUrl, siteName: app.site.name };
    const main = html`<h1>${name}</h1>
<p class="entity-meta">${m.kind[entity.kind]} · ${m.articleCount(total)} · <a href="${ctx.href(`/folgen?item=${encodeURIComponent(`entity:${entity.id}`)}`)}">${m.follow}</a></p>
${articles.length ? timeline(articles, ctx.locale) : html`<p>${articleMessages[ctx.locale].noArticles}</p>`}
${pagination(page, pages, base, v)}
<p class="feeds">${ctx.t.feeds}: <a href="${ctx.href(`${base}/feed.xml`)}">RSS</a> · <a href="${ctx.href(`${base}/feed.atom`)}">Atom</a> · <a href="${ctx.href(`${base}/feed.json`)}">JSON Feed</a></p>`;
    const head = html`<link rel="canonical" href="${app.config.baseUrl}${ctx.href(base)}${page > 1 ? `?seite=${page}` : ''}">
${feedLinks(ctx.href(base), `${name} – ${app.site.name}`)}`;
    const shown = followPage(app, ctx, page > 1 ? `${name} – ${ctx.t.page(page, pages)}` : name, main, { head });
    return { ...shown, keys: [`entity:${entity.id}`] };
  }

  async function entityFeed(ctx: RequestContext): Promise<Page | undefined> {
    const format = FEED_EXT[ctx.params[2]!]!;
    const found = await find(ctx.params[0]!, ctx.params[1]!, `/feed.${ctx.params[2]}`);
    if (!found) return undefined;
    if ('moved' in found) return moved(ctx.href(found.moved));
    const { entity } = found;
    const name = entityName(entity, ctx.locale);
    const base = entityPath(entity);
    const articles = await entityArticles(app.db, entity.id, FEED_SIZE);
    const body = renderFeed(
      format,
      {
        title: `${name} – ${app.site.name}`,
        description: articleMessages[ctx.locale].feedOf(name),
        homeUrl: app.config.baseUrl + ctx.href(base),
        feedUrl: `${app.config.baseUrl}${ctx.href(`${base}/feed.${ctx.params[2]}`)}`,
        language: await siteLanguage(app.db),
        baseUrl: app.config.baseUrl,
        locale: ctx.locale,
      },
      articles,
    );
    const keys = [`entity:${entity.id}`, 'feeds'];
    return { status: 200, type: FEED_TYPES[format], body, cacheControl: 'public, max-age=300', keys };
  }

  return [
    { method: 'GET', path: new RegExp(`^/(${PREFIXES})/([^/]+)$`), cache: true, handle: entityPage },
    {
      method: 'GET',
      path: new RegExp(`^/(${PREFIXES})/([^/]+)/feed\\.(xml|atom|json)$`),
      cache: true,
      handle: entityFeed,
    },
  ];
}
