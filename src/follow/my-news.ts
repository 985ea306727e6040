// "Meine News": what a reader follows, their stream, their private feed, carrying the list to another device,
// and deleting everything.
import type { FollowApp } from './context.ts';
import {
  FEED_EXT,
  FEED_TYPES,
  pagination,
  renderFeed,
  siteLanguage,
  timeline,
  type ViewContext,
} from '../article/index.ts';
import { html } from '../web/html.ts';
import { redirect, type Page } from '../web/http.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { readerOf, secureCookies } from './context.ts';
import { mailControls, pushControls } from './delivery/index.ts';
import { addFollow, createFollower, deleteFollower, followerByTokenHash, listFollows } from './followers.ts';
import { withRefusal } from '../web/pipeline.ts';
import { NEW_READERS, refusal } from './follow-routes.ts';
import { describeItems } from './options.ts';
import { fm, followPage, problemPage } from './page.ts';
import { qrSvg } from '../web/qr.ts';
import { clearedFollowerCookie, followerCookie, newFollowerToken, tokenHash, TRANSFER_MS } from './reader.ts';
import { countStreamArticles, streamArticles } from './stream.ts';
import { followForm } from './views.ts';

const STREAM_PAGE = 20;
const FEED_SIZE = 30;
// Articles looked at for the podcast: those with audio among them are its episodes.
const PODCAST_SIZE = 50;
const PRIVATE = {
  cacheControl: 'private, max-age=300',
  headers: { 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' },
};

export function myNewsRoutes(app: FollowApp): Route[] {
  const keys = app.readerKeys;
  const followerExists = async (id: string) =>
    (await app.db.selectFrom('followers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  const view = (ctx: RequestContext): ViewContext => ({
    locale: ctx.locale,
    t: ctx.t,
    baseUrl: app.config.baseUrl,
    siteName: app.site.name,
  });

  async function myNews(ctx: RequestContext): Promise<Page | undefined> {
    const m = fm(ctx);
    const pageParam = ctx.url.searchParams.get('seite') ?? '1';
    if (!/^[1-9]\d{0,4}$/.test(pageParam)) return undefined;
    const page = Number(pageParam);
    const reader = await readerOf(app, ctx);
    const items = reader ? await listFollows(app.db, reader.follower.id) : [];
    const options = await describeItems(app.db, items, ctx.locale);
    const deleted = ctx.url.searchParams.has('geloescht') ? html`<p class="notice" role="status">${m.deleted}</p>` : '';
    if (!reader || options.length === 0) {
      const main = html`<h1>${m.myNews}</h1>${deleted}<p>${m.myNewsIntro}</p><p>${m.nothingFollowed}</p>
${reader ? deleteForm(ctx, reader.token) : ''}`;
      return followPage(app, ctx, m.myNews, main, { personal: true });
    }
    const total = await countStreamArticles(app.db, items);
    const pages = Math.max(1, Math.ceil(total / STREAM_PAGE));
    if (page > pages) return undefined;
    const articles = await streamArticles(app.db, items, STREAM_PAGE, (page - 1) * STREAM_PAGE);
    const feed = ctx.href(`/meine-news/${keys.feedKey(reader.follower.id)}`);
    const main = html`<h1>${m.myNews}</h1>
<p>${m.myNewsIntro}</p>
<section aria-labelledby="folge-liste"><h2 id="folge-liste">${m.youFollow}</h2>
${followForm(options, new Set(items), keys.formToken(reader.token), ctx.href('/meine-news'), m, ctx.href, 3)}
</section>
<section aria-labelledby="strom"><h2 id="strom">${m.yourStream}</h2>
${articles.length ? timeline(articles, ctx.locale, 3) : html`<p>${m.noStream}</p>`}
${pagination(page, pages, '/meine-news', view(ctx))}
</section>
<section aria-labelledby="privat"><h2 id="privat">${m.privateFeed}</h2>
<p>${m.privateFeedIntro}</p>
<p class="feeds"><a href="${feed}/feed.xml">RSS</a> · <a href="${feed}/feed.atom">Atom</a> · <a href="${feed}/feed.json">JSON Feed</a></p>
<h3>${m.privatePodcast}</h3>
<p>${m.privatePodcastIntro}</p>
<p class="feeds"><a href="${feed}/podcast.xml">${m.privatePodcast} (RSS)</a></p>
</section>
${pushControls(app, ctx)}
${await mailControls(app, ctx, reader)}
<section aria-labelledby="uebertragen"><h2 id="uebertragen">${m.transfer}</h2>
<p>${m.transferIntro}</p>
<p><a class="tool" href="${ctx.href('/meine-news/uebertragen')}">${m.transferMake}</a></p>
</section>
${deleteForm(ctx, reader.token)}`;
    const head = html`<link rel="alternate" type="application/rss+xml" title="${m.myNews} (RSS)" href="${feed}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${m.myNews} (Atom)" href="${feed}/feed.atom">
<link rel="alternate" type="application/feed+json" title="${m.myNews} (JSON Feed)" href="${feed}/feed.json">`;
    return followPage(app, ctx, m.myNews, main, { personal: true, head });
  }

  function deleteForm(ctx: RequestContext, token: string) {
    const m = fm(ctx);
    return html`<section aria-labelledby="loeschen"><h2 id="loeschen">${m.deleteAll}</h2>
<p>${m.deleteIntro}</p>
<form method="post" action="${ctx.href('/meine-news/loeschen')}"><input type="hidden" name="csrf" value="${keys.formToken(token)}"><button class="tool danger">${m.deleteAll}</button></form>
</section>`;
  }

  /** Validates a state-changing form from our own pages; returns the form or the page that says why not. */
  async function checkedForm(ctx: RequestContext, token: string | undefined): Promise<URLSearchParams | Page> {
    const body = await app.pipeline.form(ctx, { token: (csrf) => keys.checkFormToken(csrf, token) });
    if (body.ok) return body.body;
    const f = refusal(body, fm(ctx));
    const page = problemPage(app, ctx, f.status, f.message, ctx.href('/meine-news'));
    return withRefusal(page, f);
  }

  /** The follower a transfer code names and the items of their list; undefined when the code is no good. */
  async function carriedList(code: string): Promise<{ followerId: string; items: string[] } | undefined> {
    const token = keys.openTransferCode(code);
    const follower = token ? await followerByTokenHash(app.db, tokenHash(token)) : undefined;
    return follower && { followerId: follower.id, items: await listFollows(app.db, follower.id) };
  }

  return [
    { method: 'GET', path: /^\/meine-news$/, handle: myNews },
    {
      method: 'GET',
      path: /^\/meine-news\/uebertragen$/,
      async handle(ctx) {
        const m = fm(ctx);
        const reader = await readerOf(app, ctx);
        if (!reader) return problemPage(app, ctx, 404, m.errors.noReader, ctx.href('/meine-news'));
        const link = `${app.config.baseUrl}${ctx.href('/meine-news/uebernehmen')}?code=${keys.transferCode(reader.token)}`;
        const main = html`<h1>${m.transfer}</h1>
<p>${m.transferIntro} ${m.transferValid(TRANSFER_MS / 60_000)}</p>
<p><label for="transfer-link">${m.transfer}</label><br><input id="transfer-link" type="url" readonly value="${link}" size="60"></p>
<figure class="qr-figure">${qrSvg(link, m.transferQr)}</figure>
<p><a href="${ctx.href('/meine-news')}">${m.myNews}</a></p>`;
        return followPage(app, ctx, m.transfer, main, { personal: true });
      },
    },
    {
      // Shows what the link carries before anything happens; only the POST below changes something.
      method: 'GET',
      path: /^\/meine-news\/uebernehmen$/,
      async handle(ctx) {
        const m = fm(ctx);
        const code = ctx.url.searchParams.get('code') ?? '';
        const carried = await carriedList(code);
        if (!carried) return problemPage(app, ctx, 410, m.transferInvalid, ctx.href('/meine-news'));
        const reader = await readerOf(app, ctx);
        const own = reader ? await listFollows(app.db, reader.follower.id) : [];
        const added = carried.items.filter((item) => !own.includes(item));
        const names = await describeItems(app.db, carried.items, ctx.locale);
        const main =
          reader?.follower.id === carried.followerId
            ? html`<h1>${m.transferTake}</h1><p>${m.transferSame}</p><p><a href="${ctx.href('/meine-news')}">${m.myNews}</a></p>`
            : html`<h1>${m.transferTake}</h1>
<p>${m.transferTakeIntro}</p>
<p><strong>${m.transferOnlyYours}</strong></p>
<h2>${m.transferCarries(names.length)}</h2>
<ul>${names.map((o) => html`<li>${o.name}</li>`)}</ul>
<p>${m.transferMerges(added.length, own.length)}</p>
<form method="post" action="${ctx.href('/meine-news/uebernehmen')}"><input type="hidden" name="csrf" value="${keys.formToken(reader?.token)}"><input type="hidden" name="code" value="${code}"><button class="tool">${m.transferAdd}</button></form>
<p><a href="${ctx.href('/meine-news')}">${m.transferCancel}</a></p>`;
        return followPage(app, ctx, m.transferTake, main, {
          personal: true,
          headers: { 'referrer-policy': 'no-referrer' },
        });
      },
    },
    {
      method: 'POST',
      path: /^\/meine-news\/uebernehmen$/,
      async handle(ctx) {
        const m = fm(ctx);
        let reader = await readerOf(app, ctx);
        const form = await checkedForm(ctx, reader?.token);
        if (!(form instanceof URLSearchParams)) return form;
        const carried = await carriedList(form.get('code') ?? '');
        if (!carried) return problemPage(app, ctx, 410, m.transferInvalid, ctx.href('/meine-news'));
        // The carried items are copied into this browser's own list; its identity is never swapped for the one in
        // the link. So a link sent by someone else can at most add follows the reader saw and can remove, never
        // fix the reader to a list the sender watches, and nothing this browser had is replaced or deleted.
        if (reader?.follower.id !== carried.followerId) {
          if (!reader) {
            // Taking a list creates a reader, as a first follow does: the same limit per address.
            const limited = await app.pipeline.limit(
              'reader-new',
              `addr:${app.pipeline.clientKey(ctx.req)}`,
              NEW_READERS,
            );
            if (!limited.ok) {
              const f = refusal(
                { ok: false, status: 429, reason: 'rate-limited', retryAfterS: limited.retryAfterS },
                m,
              );
              return withRefusal(problemPage(app, ctx, f.status, f.message, ctx.href('/meine-news')), f);
            }
            const token = newFollowerToken();
            reader = { token, follower: await createFollower(app.db, tokenHash(token)) };
          }
          for (const item of carried.items)
            if ((await addFollow(app.db, app.dialect, reader.follower.id, item)) === 'limit') break;
          ctx.res.setHeader('set-cookie', followerCookie(reader.token, secureCookies(app)));
        }
        redirect(ctx.res, ctx.href('/meine-news'));
        return 'handled';
      },
    },
    {
      method: 'POST',
      path: /^\/meine-news\/loeschen$/,
      async handle(ctx) {
        const reader = await readerOf(app, ctx);
        const form = await checkedForm(ctx, reader?.token);
        if (!(form instanceof URLSearchParams)) return form;
        if (reader) await deleteFollower(app.db, reader.follower.id);
        ctx.res.setHeader('set-cookie', clearedFollowerCookie(secureCookies(app)));
        redirect(ctx.res, ctx.href('/meine-news?geloescht'));
        return 'handled';
      },
    },
    {
      // The private podcast: Vorlesen renders the articles it has audio for, through the publishing core's hook.
      method: 'GET',
      path: /^\/meine-news\/([^/]+)\/podcast\.xml$/,
      async handle(ctx) {
        const followerId = keys.followerOfFeedKey(ctx.params[0]!);
        if (!followerId || !(await followerExists(followerId))) return undefined;
        const m = fm(ctx);
        const articles = await streamArticles(app.db, await listFollows(app.db, followerId), PODCAST_SIZE);
        const body = await app.articlePodcast(
          {
            title: `${m.myNews} – ${app.site.name}`,
            subject: m.myNews,
            description: m.privatePodcastIntro,
            homeUrl: `${app.config.baseUrl}${ctx.href('/meine-news')}`,
            feedUrl: `${app.config.baseUrl}${ctx.href(ctx.url.pathname)}`,
            language: await siteLanguage(app.db),
            locale: ctx.locale,
            private: true,
          },
          articles,
        );
        if (body === undefined) return undefined;
        return { status: 200, type: 'application/rss+xml; charset=utf-8', body, ...PRIVATE };
      },
    },
    {
      // The private feed: the address is the credential, so it needs no cookie and works in any feed reader.
      method: 'GET',
      path: /^\/meine-news\/([^/]+)\/feed\.(xml|atom|json)$/,
      async handle(ctx) {
        const followerId = keys.followerOfFeedKey(ctx.params[0]!);
        if (!followerId || !(await followerExists(followerId))) return undefined;
        const items = await listFollows(app.db, followerId);
        const articles = await streamArticles(app.db, items, FEED_SIZE);
        const format = FEED_EXT[ctx.params[1]!]!;
        const title = `${fm(ctx).myNews} – ${app.site.name}`;
        const body = renderFeed(
          format,
          {
            title,
            description: fm(ctx).myNewsIntro,
            homeUrl: `${app.config.baseUrl}${ctx.href('/meine-news')}`,
            feedUrl: `${app.config.baseUrl}${ctx.href(ctx.url.pathname)}`,
            language: await siteLanguage(app.db),
            baseUrl: app.config.baseUrl,
            locale: ctx.locale,
          },
          articles,
        );
        return {
          status: 200,
          type: FEED_TYPES[format],
          body,
          ...PRIVATE,
        };
      },
    },
  ];
}
