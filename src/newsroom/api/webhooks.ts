// Webhooks: administrators register a URL and get a secret; article events become signed POSTs, one job per
// delivery on the job queue (its retries and backoff), logged in `webhook_deliveries`. The article event that
// starts them is recorded in the article's own transaction (the outbox); its handler here fans out to the
// registered hooks. Addresses are checked against the SSRF guard at registration and again at connect time.
import { randomBytes, randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { getArticleById, type ArticleEvent, type ArticleEventHandler } from '../../article/index.ts';
import type { App, JobHandlers } from '../../kernel/index.ts';
import { enqueue, wakeWorkers, type JobHandler } from '../../store/jobs.ts';
import type { Database } from '../../store/schema.ts';
import { isLoopback, isPrivateAddress, postJson, signature } from '../../web/outbound.ts';
import type { NewsroomApp } from '../context.ts';
import { articleJson } from './json.ts';
import './tables.ts';

export const WEBHOOK_EVENTS = [
  'article.published',
  'article.updated',
  'article.corrected',
  'article.withdrawn',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;

declare module '../../store/jobs.ts' {
  interface JobPayloads {
    'webhook.deliver': { deliveryId: string };
  }
}

export class WebhookInputError extends Error {
  override name = 'WebhookInputError';
}

/** Whether an address may be connected to: public, or loopback when the test-only allowance is set. */
function allowed(app: App, address: string): boolean {
  return !isPrivateAddress(address) || (app.config.testWebhooksToLoopback && isLoopback(address));
}

/** Refuses what is not https (http only under the test allowance) or resolves to a private address. */
export async function checkWebhookUrl(app: App, raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookInputError(`"${raw.slice(0, 200)}" is not a URL`);
  }
  const testing = app.config.testWebhooksToLoopback;
  if (url.protocol !== 'https:' && !(testing && url.protocol === 'http:'))
    throw new WebhookInputError('a webhook URL must start with https://');
  if (url.username || url.password) throw new WebhookInputError('a webhook URL carries no user or password');
  if (url.href.length > 2000) throw new WebhookInputError('a webhook URL is at most 2000 characters');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (a) => a.map((x) => x.address),
        () => [],
      );
  if (addresses.length === 0) throw new WebhookInputError(`${host} does not resolve`);
  const blocked = addresses.find((a) => !allowed(app, a));
  if (blocked)
    throw new WebhookInputError(`${host} is a private address (${blocked}); webhooks go to public hosts only`);
  return url;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  createdBy: string;
}

export async function addWebhook(
  app: App,
  input: { url: string; events: string[]; by: string },
): Promise<{ webhook: Webhook; secret: string }> {
  const url = await checkWebhookUrl(app, input.url);
  const events = [...new Set(input.events)];
  if (events.length === 0) throw new WebhookInputError(`choose an event: ${WEBHOOK_EVENTS.join(', ')}`);
  for (const e of events)
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(e))
      throw new WebhookInputError(`unknown event "${e.slice(0, 50)}"`);
  const secret = randomBytes(32).toString('hex');
  const row = {
    id: randomUUID(),
    url: url.href,
    secret,
    events: JSON.stringify(events),
    created_at: new Date().toISOString(),
    created_by: input.by,
  };
  await app.db.insertInto('webhooks').values(row).execute();
  return { webhook: toWebhook(row), secret };
}

function toWebhook(r: { id: string; url: string; events: string; created_at: string; created_by: string }): Webhook {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as WebhookEvent[],
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function listWebhooks(db: Kysely<Database>): Promise<Webhook[]> {
  return (await db.selectFrom('webhooks').selectAll().orderBy('created_at').execute()).map(toWebhook);
}

export async function removeWebhook(db: Kysely<Database>, id: string): Promise<Webhook | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
  return toWebhook(row);
}

export async function listDeliveries(db: Kysely<Database>, limit = 50) {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select([
      'webhook_deliveries.id as id',
      'webhooks.url as url',
      'webhook_deliveries.event as event',
      'webhook_deliveries.article_id as articleId',
      'webhook_deliveries.state as state',
      'webhook_deliveries.attempts as attempts',
      'webhook_deliveries.last_status as lastStatus',
      'webhook_deliveries.last_error as lastError',
      'webhook_deliveries.created_at as createdAt',
    ])
    .orderBy('webhook_deliveries.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Which webhook event an article event is, judged by the article as it is now. */
function webhookEvent(type: ArticleEvent['type'], state: string | undefined): WebhookEvent | undefined {
  if (type === 'article.published') return 'article.published';
  if (type === 'article.corrected') return 'article.corrected';
  if (type === 'article.unpublished') return 'article.withdrawn';
  return type === 'article.changed' && state === 'published' ? 'article.updated' : undefined;
}

/** The article event handler: one delivery row and job per hook that wants the event (keyed, so a rerun adds none). */
export const webhookFanOut: ArticleEventHandler<NewsroomApp> = {
  on: ['article.published', 'article.changed', 'article.corrected', 'article.unpublished'],
  async handle(app, event) {
    const article = await getArticleById(app.db, event.articleId);
    const kind = webhookEvent(event.type, article?.state);
    if (!kind) return;
    const hooks = (await listWebhooks(app.db)).filter((h) => h.events.includes(kind));
    if (hooks.length === 0) return;
    await app.db.transaction().execute(async (tx) => {
      for (const h of hooks) {
        const deliveryId = `${event.id}:${h.id}`;
        const queued = await enqueue(
          tx,
          'webhook.deliver',
          { deliveryId },
          { idempotencyKey: `webhook:${deliveryId}`, maxAttempts: MAX_ATTEMPTS },
        );
        if (!queued) continue;
        await tx
          .insertInto('webhook_deliveries')
          .values({
            id: deliveryId,
            webhook_id: h.id,
            event: kind,
            article_id: event.articleId,
            state: 'pending',
            attempts: 0,
            last_status: null,
            last_error: null,
            created_at: new Date().toISOString(),
            finished_at: null,
          })
          .execute();
      }
    });
    wakeWorkers();
  },
};

export function deliverJob(app: NewsroomApp): JobHandler<'webhook.deliver'> {
  return async (job, signal) => {
    const d = await app.db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select(['webhook_deliveries.id', 'event', 'article_id', 'url', 'secret', 'webhook_deliveries.created_at'])
      .where('webhook_deliveries.id', '=', job.payload.deliveryId)
      .executeTakeFirst();
    if (!d) return 'done'; // the hook was removed meanwhile
    const article = await getArticleById(app.db, d.article_id);
    const payload = JSON.stringify({
      id: d.id,
      event: d.event,
      at: d.created_at,
      // The article as it is now (handlers read the present); a withdrawn one is named, not shown.
      article:
        article && d.event !== 'article.withdrawn'
          ? articleJson(article, app.config.baseUrl)
          : { id: d.article_id, state: article?.state ?? 'withdrawn' },
    });
    const t = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await postJson(
        new URL(d.url),
        payload,
        {
          'blattwerk-signature': signature(Buffer.from(d.secret, 'hex'), payload, t),
          'blattwerk-event': d.event,
          'blattwerk-delivery': d.id,
          'user-agent': 'Blattwerk-Webhook/1',
        },
        { timeoutMs: TIMEOUT_MS, loopback: app.config.testWebhooksToLoopback, signal },
      );
      if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
    }
    const last = job.attempts >= job.maxAttempts;
    await app.db
      .updateTable('webhook_deliveries')
      .set({
        state: error ? (last ? 'failed' : 'retrying') : 'delivered',
        attempts: job.attempts,
        last_status: status,
        last_error: error,
        finished_at: error && !last ? null : new Date().toISOString(),
      })
      .where('id', '=', d.id)
      .execute();
    // A failure goes back to the queue, which retries with its backoff (5 s, 20 s, 80 s … up to an hour).
    if (error) throw new Error(`webhook ${d.url}: ${error}`);
    return 'done';
  };
}

export const webhookJobs = (app: NewsroomApp): JobHandlers => ({ 'webhook.deliver': deliverJob(app) });
