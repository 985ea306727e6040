// Following and unfollowing: the no-JavaScript form pages, the state the dialog asks for, and the one POST
// both use. Every route: validate → find the reader → call the store → answer (JSON for the script, else HTML).
import type { FollowApp } from './context.ts';
import { articleMessages, articlePath, getArticleBySlug } from '../article/index.ts';
import { html } from '../web/html.ts';
import { redirect, type Page } from '../web/http.ts';
import type { RequestContext, Route } from '../web/server.ts';
import { withRefusal, type Limit, type Refusal } from '../web/pipeline.ts';
import type { FollowMessages } from './messages.ts';
import { readerOf, secureCookies, type Reader } from './context.ts';
import { addFollow, checkFollowable, createFollower, listFollows, MAX_FOLLOWS, removeFollow } from './followers.ts';
import { jsonPage, localPath, wantsJson } from './http.ts';
import { parseItem } from './items.ts';
import { articleOptions, describeItems, followableItem, type FollowOption } from './options.ts';
import { fm, followPage, problemPage } from './page.ts';
import { seedSearchMatches } from './searches.ts';
import { followerCookie, newFollowerToken, tokenHash } from './reader.ts';
import { feedList, followForm } from './views.ts';

type Failure = { status: number; reason: string; message: string; retryAfterS?: number };

/**
 * New readers per client address (a script creating readers in bulk meets this first), and writes per reader.
 * A household or office behind one address still gets dozens of new readers an hour.
 */
export const NEW_READERS: Limit = { max: 30, windowMs: 10 * 60_000 };
export const READER_WRITES: Limit = { max: 120, windowMs: 10 * 60_000 };

/** What a refused request is told, in the reader's language. */
export function refusal(r: Refusal, m: FollowMessages): Failure {
  switch (r.reason) {
    case 'cross-site':
    case 'token':
      return { status: r.status, reason: 'csrf', message: m.errors.csrf };
    case 'too-large':
      return { status: r.status, reason: 'body', message: m.errors.tooLarge };
    case 'not-a-form':
    case 'not-json':
    case 'bad-json':
      return { status: r.status, reason: 'body', message: m.errors.notAForm };
    case 'rate-limited':
      return {
        status: r.status,
        reason: 'rate-limited',
        message: m.errors.tooMany(r.retryAfterS),
        retryAfterS: r.retryAfterS,
      };
  }
}

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
${followForm(options, following, keys.formToken(reader?.token), back, m, ctx.href)}
<p><a href="${ctx.href('/meine-news')}">${m.myNews}</a></p>
<h2>${m.allFeeds}</h2>
<p>${m.feedsIntro}</p>
${feedList(options, m)}
${backLabel ? html`<p><a href="${back.replace(/\/folgen$/, '')}">${backLabel}</a></p>` : ''}`;
    return followPage(app, ctx, `${m.follow}: ${title}`, main, { personal: true });
  }

  function fail(ctx: RequestContext, f: Failure, back: string): Page {
    const page = wantsJson(ctx.req)
      ? jsonPage(f.status, { ok: false, reason: f.reason, message: f.message })
      : problemPage(app, ctx, f.status, f.message, back);
    return withRefusal(page, f);
  }

  async function post(ctx: RequestContext): Promise<Page | 'handled'> {
    const m = fm(ctx);
    const csrfFailure: Failure = { status: 403, reason: 'csrf', message: m.errors.csrf };
    const body = await app.pipeline.form(ctx);
    if (!body.ok) return fail(ctx, refusal(body, m), ctx.href('/meine-news'));
    const form = body.body;
    const back = localPath(form.get('zurueck'), ctx.href('/meine-news'));
    let reader: Reader | undefined = await readerOf(app, ctx);
    // The token is checked here, not by the pipeline, so that an expired form still leads back where it came from.
    if (!keys.checkFormToken(form.get('csrf') ?? undefined, reader?.token)) return fail(ctx, csrfFailure, back);
    const limited = reader
      ? await app.pipeline.limit('reader', reader.follower.id, READER_WRITES)
      : form.get('follow') !== null
        ? await app.pipeline.limit('reader-new', `addr:${app.pipeline.clientKey(ctx.req)}`, NEW_READERS)
        : { ok: true as const };
    if (!limited.ok)
      return fail(
        ctx,
        refusal({ ok: false, status: 429, reason: 'rate-limited', retryAfterS: limited.retryAfterS }, m),
        back,
      );

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
      if (result === 'followed') await seedSearchMatches(app, check.item);
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
        return formPage(
          ctx,
          article.headline,
          options,
          ctx.href(`${articlePath(article)}/folgen`),
          articleMessages[ctx.locale].backToArticle,
        );
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
        const offered = await followableItem(app.db, check.item);
        const options = await describeItems(app.db, [offered], ctx.locale);
        if (options.length === 0) return undefined;
        return formPage(
          ctx,
          options[0]!.name,
          options,
          ctx.href(`/folgen?item=${encodeURIComponent(offered)}`),
          undefined,
        );
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
