// The side effects of delivery for one running app: keys, the push sender, the mailer. Made by initDelivery at
// start (the follow feature keeps them in FollowApp); tests make them pointed at local stand-ins (a push
// service, an SMTP server).
import { readFileSync } from 'node:fs';
import type { App } from '../../kernel/index.ts';
import { mailSender } from '../../article/index.ts';
import { addAsset } from '../../web/assets.ts';
import type { Page } from '../../web/http.ts';
import { scheduleDigest } from './digest-time.ts';
import { loadDeliveryKeys, type DeliveryKeys } from './keys.ts';
import { createMailer, type Mailer } from '../../mail.ts';
import { createPushSender, type PushSender, type PushSenderOptions } from './push-sender.ts';
import { publicPushHost } from './validate.ts';

export interface DeliveryRuntime {
  keys: DeliveryKeys;
  push: PushSender;
  /** Readers whose devices are being sent to at once, per send job. */
  pushConcurrency: number;
  /** Whether a subscription's endpoint host may be stored at all. */
  pushHostAllowed(url: URL): boolean;
  /** undefined: no SMTP configured, no mail channel. */
  mailer: Mailer | undefined;
  mailConcurrency: number;
  /** Readers per fan-out batch, and so per send job. */
  fanoutBatch: number;
  serviceWorker: Page;
  pushScript: string;
}

export interface DeliveryOptions {
  push?: Partial<Pick<PushSenderOptions, 'timeoutMs' | 'ttlSeconds' | 'maxSockets' | 'ca' | 'allowPrivateNetworks'>>;
  pushConcurrency?: number;
  mailConcurrency?: number;
  fanoutBatch?: number;
}

/** Keys (made on first start), the sender, the mailer, and the digest's schedule where the queue has a cron. */
export async function initDelivery(app: App, options: DeliveryOptions = {}): Promise<DeliveryRuntime> {
  const keys = await loadDeliveryKeys(app.db);
  await scheduleDigest(app.db);
  const allowPrivate = options.push?.allowPrivateNetworks ?? false;
  return {
    keys,
    push: createPushSender({
      vapidPublicKey: keys.vapidPublicKey,
      vapidPrivateKey: keys.vapidPrivateKey,
      subject: vapidSubject(app),
      ...options.push,
    }),
    pushConcurrency: options.pushConcurrency ?? 64,
    pushHostAllowed: allowPrivate ? () => true : publicPushHost,
    mailer:
      app.config.smtpUrl && app.config.mailFrom
        ? createMailer(
            app.config.smtpUrl,
            async () => (await mailSender(app.db, app.config.mailFrom)) ?? app.config.mailFrom!,
            options.mailConcurrency ?? 4,
          )
        : undefined,
    mailConcurrency: options.mailConcurrency ?? 4,
    fanoutBatch: options.fanoutBatch ?? 1000,
    serviceWorker: {
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: readFileSync(new URL('./assets/sw.js', import.meta.url)),
      // Browsers check for a new service worker on navigation; it must never be cached for long.
      cacheControl: 'no-cache',
    },
    pushScript: addAsset('push.js', new URL('./assets/push.js', import.meta.url)),
  };
}

/** Closes the push connections and the mail pool (at shutdown, and between tests). */
export function closeDelivery(runtime: DeliveryRuntime): void {
  runtime.push.close();
  runtime.mailer?.close();
}

/** Push services want a contact (RFC 8292): the mail sender if there is one, else the site if it is https. */
function vapidSubject(app: App): string {
  const from = app.config.mailFrom && /<([^<>]+)>|^(\S+@\S+)$/.exec(app.config.mailFrom);
  if (from) return `mailto:${from[1] ?? from[2]}`;
  const base = new URL(app.config.baseUrl);
  return base.protocol === 'https:'
    ? base.origin
    : `mailto:webmaster@${base.hostname.includes('.') ? base.hostname : 'example.org'}`;
}
