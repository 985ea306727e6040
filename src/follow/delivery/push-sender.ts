// Sending one Web Push message: RFC 8291 encryption (the web-push library), a VAPID JWT signed once per push
// service and hour instead of once per message, keep-alive connections, and a hard deadline per request so a
// push service that hangs costs one slot for a bounded time.
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:https';
import webpush from 'web-push';
import { publicLookup } from '../../web/outbound.ts';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** delivered: 2xx. gone: 404/410, the subscription is dead. rejected: this message will never pass. retry: try later. */
export type PushResult =
  | { kind: 'delivered' }
  | { kind: 'gone'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'retry'; reason: string };

export interface PushSenderOptions {
  vapidPublicKey: string;
  vapidPrivateKey: string;
  /** mailto: or https: contact for push services (RFC 8292). */
  subject: string;
  timeoutMs?: number;
  /** Seconds a push service keeps an undelivered message. */
  ttlSeconds?: number;
  /** Open connections per push service. */
  maxSockets?: number;
  /** Extra trusted CAs (tests: a local stand-in push service with its own certificate). */
  ca?: string | Buffer;
  /** Allow endpoints that resolve to loopback or private addresses (tests only; never in production). */
  allowPrivateNetworks?: boolean;
}

export interface PushSender {
  send(target: PushTarget, payload: string, topic: string): Promise<PushResult>;
  close(): void;
}

const JWT_LIFETIME_S = 12 * 3600;
const JWT_RENEW_MS = 3600_000;

/** Topic header: collapses a re-sent message with the earlier one at the push service (32 base64url chars). */
export function pushTopic(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

export function createPushSender(options: PushSenderOptions): PushSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ttl = options.ttlSeconds ?? 24 * 3600;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    maxFreeSockets: options.maxSockets ?? 64,
    scheduling: 'lifo',
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.allowPrivateNetworks ? {} : { lookup: publicLookup }),
  });
  const jwts = new Map<string, { authorization: string; renewAt: number }>();

  function authorization(audience: string): string {
    const now = Date.now();
    const cached = jwts.get(audience);
    if (cached && cached.renewAt > now) return cached.authorization;
    const headers = webpush.getVapidHeaders(
      audience,
      options.subject,
      options.vapidPublicKey,
      options.vapidPrivateKey,
      'aes128gcm',
      Math.floor(now / 1000) + JWT_LIFETIME_S,
    );
    const fresh = { authorization: headers.Authorization, renewAt: now + JWT_RENEW_MS };
    jwts.set(audience, fresh);
    return fresh.authorization;
  }

  return {
    async send(target, payload, topic) {
      let details: webpush.RequestDetails;
      try {
        const audience = new URL(target.endpoint).origin;
        details = webpush.generateRequestDetails(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          payload,
          {
            TTL: ttl,
            topic,
            urgency: 'normal',
            contentEncoding: 'aes128gcm',
            headers: { Authorization: authorization(audience) },
          },
        );
      } catch (err) {
        return { kind: 'rejected', reason: `cannot encrypt: ${(err as Error).message}` };
      }
      // Checked again here, not only when stored: a subscription stored before the rule must not reach port 25.
      if (!options.allowPrivateNetworks && !onPort443(target.endpoint))
        return { kind: 'rejected', reason: 'endpoint must be https on port 443' };
      return post(target.endpoint, details, agent, timeoutMs);
    },
    close() {
      agent.destroy();
    },
  };
}

function onPort443(endpoint: string): boolean {
  const url = new URL(endpoint);
  return url.protocol === 'https:' && url.port === '';
}

function post(endpoint: string, details: webpush.RequestDetails, agent: Agent, timeoutMs: number): Promise<PushResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: PushResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const req = request(endpoint, { method: 'POST', headers: details.headers, agent }, (res) => {
      const status = res.statusCode ?? 0;
      res.on('error', (err) => settle({ kind: 'retry', reason: err.message }));
      // Drain the (small) answer so the connection can carry the next message.
      res.on('end', () => settle(classify(status)));
      res.resume();
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => settle({ kind: 'retry', reason: err.message }));
    req.end(details.body ?? undefined);
  });
}

function classify(status: number): PushResult {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 404 || status === 410) return { kind: 'gone', reason: `push service answered ${status}` };
  if (status === 429 || status >= 500) return { kind: 'retry', reason: `push service answered ${status}` };
  return { kind: 'rejected', reason: `push service answered ${status}` };
}
