// What News folgen keeps per running app: the signing keys, made from a secret created on first start.
import { randomBytes } from 'node:crypto';
import type { App } from '../app.ts';
import type { RequestContext } from '../web/server.ts';
import { followerByTokenHash, touchFollower, type Follower } from './followers.ts';
import { onlyLegacyCookie } from '../web/cookies.ts';
import { COOKIE, followerCookie, followerTokenOf, ReaderKeys, tokenHash } from './reader.ts';

const SECRET_KEY = 'follow_secret';
const keysByApp = new WeakMap<App, ReaderKeys>();

/** Creates the site's follow secret once (the first process to start wins) and keeps the keys for this app. */
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
  const keys = new ReaderKeys(Buffer.from(row.value, 'hex'));
  keysByApp.set(app, keys);
  return keys;
}

export function keysOf(app: App): ReaderKeys {
  const keys = keysByApp.get(app);
  if (!keys) throw new Error('follow: keys used before init');
  return keys;
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
