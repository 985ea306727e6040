// Keeps a script from inflating share counts: limits per article and target, per client address and for the
// whole site, counted in the database by the web pipeline's limiter, so they hold across processes. A refused
// click is still redirected; it is only not counted.
import type { App, RequestContext } from '../kernel/index.ts';
import type { Limit } from '../web/pipeline.ts';

/**
 * Per article and target 30 a minute (1,800 an hour, more than a busy article's readers share to one network),
 * per address 30 in ten minutes, all together 1,200 a minute. A script can add no more than that.
 */
export const SHARE_LIMITS: { perTarget: Limit; perAddress: Limit; all: Limit } = {
  perTarget: { max: 30, windowMs: 60_000 },
  perAddress: { max: 30, windowMs: 10 * 60_000 },
  all: { max: 1200, windowMs: 60_000 },
};

/** Whether this click may be counted; each limit takes one hit. */
export async function mayCount(app: App, ctx: RequestContext, articleId: string, target: string): Promise<boolean> {
  const p = app.pipeline;
  return (
    (await p.limit('share', `${articleId} ${target}`, SHARE_LIMITS.perTarget)).ok &&
    (await p.limit('share', `addr:${p.clientKey(ctx.req)}`, SHARE_LIMITS.perAddress)).ok &&
    (await p.limit('share', 'all', SHARE_LIMITS.all)).ok
  );
}
