// Following and unfollowing: the no-JavaScript form pages, the state the dialog asks for, and the one POST
// both use. Every route: validate → find the reader → call the store → answer (JSON for the script, else HTML).
import type { FollowApp } from './context.ts';
import { articlePath, getArticleBySlug } from '../article/index.ts';
import { html } from '../web/html.ts';
import { redirect, type Page } from '../web/http.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { readerOf, secureCookies, type Reader } from './context.ts';
import { addFollow, checkFollowable, createFollower, listFollows, MAX_FOLLOWS, removeFollow } from './followers.ts';
import { jsonPage, localPath, readForm, wantsJson } from './http.ts';
import { parseItem } from './items.ts';
import { articleOptions, describeItems, type FollowOption } from './options.ts';
import { fm, followPage, problemPage } from './page.ts';
import { followerCookie, newFollowerToken, sameOrigin, tokenHash } from './reader.ts';
import { feedList, followForm } from './views.ts';

type Failure = { status: number; reason: string; message: string };

export function followRoutes(app: FollowApp): Route[] {
  const keys = app.readerKeys;

  async function formPage(
    ctx: RequestContext,
    title: string,
    options: FollowOption[],
    back: string,
    backLabel: string | undefined,
  ): Promise<Page> {
    const reader = await readerOf(app, ctx);
    const following = new Set(reader ? await listFollows(app.db, reader.follower.id) : []);
    const m = fm(ctx);
    const main = html`<h1>${m.follow}</h1>
<p>${title}</p>
<p>${m.noScriptIntro}</p>
${followForm(options, following, keys.formToken(reader?.token), back, m)}
<p><a href="/meine-news">${m.myNews}</a></p>
<h2>${m.allFeeds}</h2>
<p>${m.feedsIntro}</p>
${feedList(options, m)}
${backLabel ? html`<p><a href="${back.replace(/\/folgen$/, '')}">${backLabel}</a></p>` : ''}`;
    return followPage(app, ctx, `${m.follow}: ${title}`, main, { personal: true });
  }

  function fail(ctx: RequestContext, f: Failure, back: string): Page {
    return wantsJson(ctx.req)
      ? jsonPage(f.status, { ok: false, reason: f.reason, message: f.message })
      : problemPage(app, ctx, f.status, f.message, back);
  }

  async function post(ctx: RequestContext): Promise<Page | 'handled'> {
    const m = fm(ctx);
    const csrfFailure: Failure = { status: 403, reason: 'csrf', message: m.errors.csrf };
    if (!sameOrigin(ctx.req, app.config.baseUrl)) return fail(ctx, csrfFailure, '/meine-news');
    const body = await readForm(ctx.req);
    if (!body.ok)
      return fail(
        ctx,
        { status: body.status, reason: 'body', message: body.status === 413 ? m.errors.tooLarge : m.errors.notAForm },
        '/meine-news',
      );
    const { form } = body;
    const back = localPath(form.get('zurueck'), '/meine-news');
    let reader: Reader | undefined = await readerOf(app, ctx);
    if (!keys.checkFormToken(form.get('csrf') ?? undefined, reader?.token)) return fail(ctx, csrfFailure, back);

    const toFollow = form.get('follow');
    const toUnfollow = form.get('unfollow');
    let item: string;
    let following: boolean;
    if (toFollow !== null) {
      const check = await checkFollowable(app.db, toFollow);
      if (!check.ok) {
        const message =
          check.reason === 'removed'
            ? m.errors.removed
            : check.reason === 'unknown'
              ? m.errors.unknown
              : m.errors.malformed;
        return fail(ctx, { status: check.status, reason: check.reason, message }, back);
      }
      if (!reader) {
        // The first follow creates the reader: a fresh token, never one the request brought.
        const token = newFollowerToken();
        reader = { token, follower: await createFollower(app.db, tokenHash(token)) };
      }
      ctx.res.setHeader('set-cookie', followerCookie(reader.token, secureCookies(app)));
      const result = await addFollow(app.db, app.dialect, reader.follower.id, check.item);
      if (result === 'limit')
        return fail(ctx, { status: 409, reason: 'limit', message: m.errors.limit(MAX_FOLLOWS) }, back);
      item = check.item;
      following = true;
    } else if (toUnfollow !== null && parseItem(toUnfollow)) {
      if (reader) await removeFollow(app.db, reader.follower.id, toUnfollow);
      item = toUnfollow;
      following = false;
    } else {
      return fail(ctx, { status: 422, reason: 'malformed', message: m.errors.malformed }, back);
    }
    if (wantsJson(ctx.req)) {
      const [named] = await describeItems(app.db, [item], ctx.locale);
      const name = named?.name ?? item;
      return jsonPage(200, {
        ok: true,
        item,
        following,
        csrf: keys.formToken(reader?.token),
        message: `${following ? m.following : m.notFollowing}: ${name}`,
      });
    }
    redirect(ctx.res, back);
    return 'handled';
  }

  return [
    {
      // Replaces the foundation's feeds-only page at the same address: now the form that works without JavaScript.
      method: 'GET',
      path: /^\/artikel\/([^/]+)\/folgen$/,
      async handle(ctx) {
        const article = await getArticleBySlug(app.db, ctx.params[0]!);
        if (!article || article.status !== 'published') return undefined;
        const options = await articleOptions(app.db, article, ctx.locale);
        return formPage(ctx, article.headline, options, `${articlePath(article)}/folgen`, ctx.t.backToArticle);
      },
    },
    {
      // One item, for the follow links on topic, person, place and organisation pages.
      method: 'GET',
      path: /^\/folgen$/,
      async handle(ctx) {
        const item = ctx.url.searchParams.get('item') ?? '';
        const check = await checkFollowable(app.db, item);
        if (!check.ok) return undefined;
        const options = await describeItems(app.db, [check.item], ctx.locale);
        if (options.length === 0) return undefined;
        return formPage(ctx, options[0]!.name, options, `/folgen?item=${encodeURIComponent(check.item)}`, undefined);
      },
    },
    {
      method: 'POST',
      path: /^\/folgen$/,
      handle: post,
    },
    {
      // The dialog's state for this reader: never in the cached article page.
      method: 'GET',
      path: /^\/folgen\/status$/,
      async handle(ctx) {
        const reader = await readerOf(app, ctx);
        const follows = reader ? await listFollows(app.db, reader.follower.id) : [];
        return jsonPage(200, { csrf: keys.formToken(reader?.token), following: follows });
      },
    },
  ];
}
