// What News folgen adds to the running app: the reader keys, made from a secret created on first start, and
// delivery's senders. The feature's init makes them; every route, job and command gets them through FollowApp.
import { randomBytes } from 'node:crypto';
import type { App } from '../kernel/index.ts';
import type { RequestContext } from '../kernel/index.ts';
import type { DeliveryRuntime } from './delivery/runtime.ts';
import { followerByTokenHash, touchFollower, type Follower } from './followers.ts';
import { onlyLegacyCookie } from '../web/cookies.ts';
import { COOKIE, followerCookie, followerTokenOf, ReaderKeys, tokenHash } from './reader.ts';

const SECRET_KEY = 'follow_secret';

export interface FollowApp extends App {
  readerKeys: ReaderKeys;
  delivery: DeliveryRuntime;
}

/** Creates the site's follow secret once (the first process to start wins); the keys made from it. */
export async function initKeys(app: App): Promise<ReaderKeys> {
  await app.db
    .insertInto('site_meta')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await app.db
    .selectFrom('site_meta')
    .select('value')
    .where('key', '=', SECRET_KEY)
    .executeTakeFirstOrThrow();
  return new ReaderKeys(Buffer.from(row.value, 'hex'));
}

export interface Reader {
  token: string;
  follower: Follower;
}

/** The reader this request belongs to. A forged, foreign or deleted token is no token: nobody's data. */
export async function readerOf(app: App, ctx: RequestContext): Promise<Reader | undefined> {
  const token = followerTokenOf(ctx.req);
  if (!token) return undefined;
  const follower = await followerByTokenHash(app.db, tokenHash(token));
  if (!follower) return undefined;
  await touchFollower(app.db, follower.id);
  // A reader from before `__Host-` names moves to the new name on the next request that knows them.
  if (secureCookies(app) && onlyLegacyCookie(ctx.req.headers.cookie, COOKIE))
    ctx.res.setHeader('set-cookie', followerCookie(token, true));
  return { token, follower };
}

export function secureCookies(app: App): boolean {
  return app.config.baseUrl.startsWith('https:');
}
