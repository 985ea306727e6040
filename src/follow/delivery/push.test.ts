import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../store/testing.ts';
import { enqueue, listJobs, makeJobsDue } from '../../store/jobs.ts';
import { queueFanout } from './fanout.ts';
import { createPushSender, pushTopic } from './push-sender.ts';
import { savePushSubscription } from './store.ts';
import { browserKeys, checkVapid, startPushService, type BrowserKeys, type PushService } from './test-push-service.ts';
import { startDeliveryApp, type DeliveryTestApp, type TestReader } from './testing.ts';

for (const dialect of DIALECTS) {
  describe(`Web Push delivery (${dialect.name})`, () => {
    let service: PushService;
    let t: DeliveryTestApp;
    const keys = new Map<string, BrowserKeys>();

    before(async () => {
      service = await startPushService();
      t = await startDeliveryApp(dialect, { push: { ca: service.ca, allowPrivateNetworks: true, timeoutMs: 1500 } });
    });
    after(async () => {
      await t.stop();
      await service.close();
    });

    /** A reader with one stand-in browser per device name, subscribed directly in the store. */
    async function subscribed(items: string[], ...devices: string[]): Promise<TestReader> {
      const reader = await t.reader(items);
      for (const name of devices) {
        const k = browserKeys();
        keys.set(name, k);
        await savePushSubscription(t.app.db, reader.id, {
          endpoint: service.endpoint(name),
          p256dh: k.p256dh,
          auth: k.auth,
        });
      }
      return reader;
    }

    const arrived = (name: string) => service.received.filter((r) => r.name === name);

    async function runAll(): Promise<void> {
      await t.worker.drain();
    }

    it('sends one notification per reader and device, decrypted by a stand-in push service with the browser keys', async () => {
      // Alice follows two of the article's items and must still get one notification.
      const alice = await t.reader(['topic:ukraine', 'author:lena-hartmann']);
      const aliceKeys = browserKeys();
      keys.set('alice', aliceKeys);
      const res = await fetch(`${t.baseUrl}/push/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: alice.cookie, 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({
          endpoint: service.endpoint('alice'),
          expirationTime: null,
          keys: { p256dh: aliceKeys.p256dh, auth: aliceKeys.auth },
        }),
      });
      assert.equal(res.status, 201, await res.text());
      await subscribed(['topic:ukraine'], 'bob');
      await subscribed(['author:lena-hartmann'], 'dave-phone', 'dave-laptop');
      await subscribed(['topic:sport'], 'carol');
      const erin = await t.reader(['topic:ukraine']); // follows, but has no device

      const input = {
        importKey: 'paris',
        headline: 'Macron & Selenskyj: „Wir bleiben“ <b>',
        kicker: 'Gipfel',
        topics: ['Ukraine'],
      };
      const article = await t.publish(input);
      await runAll();

      for (const name of ['alice', 'bob', 'dave-phone', 'dave-laptop']) {
        const got = arrived(name);
        assert.equal(got.length, 1, `${name} gets exactly one message`);
        const message = JSON.parse(keys.get(name)!.decrypt(got[0]!.body)) as {
          title: string;
          body: string;
          url: string;
          tag: string;
        };
        assert.equal(message.title, 'Macron & Selenskyj: „Wir bleiben“ <b>');
        assert.equal(message.body, 'Gipfel: Ein Vorspann.');
        assert.equal(message.url, `${t.baseUrl}/artikel/${article.slug}`);
        assert.equal(message.tag, `article-${article.id}`);
        const h = got[0]!.headers;
        assert.equal(h['content-encoding'], 'aes128gcm');
        assert.equal(h.topic, pushTopic(article.id));
        assert.equal(h.urgency, 'normal');
        assert.ok(Number(h.ttl) > 0);
        const vapid = checkVapid(h.authorization as string, service.origin);
        assert.equal(vapid.key, t.app.delivery.keys.vapidPublicKey);
        assert.match(vapid.sub, /^(mailto:|https:)/);
      }
      assert.equal(arrived('carol').length, 0, 'a reader of other items gets nothing');
      const rows = await t.app.db.selectFrom('deliveries').selectAll().where('article_id', '=', article.id).execute();
      assert.deepEqual(
        rows.map((r) => r.state),
        ['sent', 'sent', 'sent'],
      );
      assert.ok(!rows.some((r) => r.follower_id === erin.id), 'no outbox row for a reader without a device');

      // The same import again, a later edit, even a fan-out job forced in by hand: nothing more goes out.
      const count = service.received.length;
      const again = await t.publish(input);
      assert.equal(again.id, article.id);
      await queueFanout(t.app, { ...article, headline: 'Geändert' });
      await enqueue(t.app.db, 'follow.fanout', { articleId: article.id });
      await runAll();
      assert.equal(service.received.length, count);
    });

    it("links an English article's notification to its English page", async () => {
      const before = arrived('bob').length;
      const article = await t.publish({
        importKey: 'paris-en',
        headline: 'Macron and Zelensky meet',
        topics: ['Ukraine'],
        language: 'en',
      });
      await runAll();
      const got = arrived('bob');
      assert.equal(got.length, before + 1);
      const message = JSON.parse(keys.get('bob')!.decrypt(got.at(-1)!.body)) as { url: string };
      assert.equal(message.url, `${t.baseUrl}/en/artikel/${article.slug}`);
    });

    it('removes subscriptions the push service answers 404 or 410, and keeps the others', async () => {
      await subscribed(['topic:europa'], 'gone-404');
      await subscribed(['topic:europa'], 'gone-410');
      await subscribed(['topic:europa'], 'fine');
      service.behave('gone-404', '404');
      service.behave('gone-410', '410');
      await t.publish({ topics: ['Europa'], authors: [] });
      await runAll();
      const endpoints = (await t.app.db.selectFrom('push_subscriptions').select('endpoint').execute()).map(
        (r) => r.endpoint,
      );
      assert.ok(!endpoints.includes(service.endpoint('gone-404')));
      assert.ok(!endpoints.includes(service.endpoint('gone-410')));
      assert.ok(endpoints.includes(service.endpoint('fine')));
      assert.equal(arrived('fine').length, 1);
      const jobs = await listJobs(t.app.db, { name: 'follow.push' });
      assert.ok(jobs.length > 0 && jobs.every((j) => j.state === 'done'));
    });

    it('does not let a hanging or failing endpoint hold up the rest, and retries them later with backoff', async () => {
      const names = Array.from({ length: 30 }, (_, i) => `many-${i}`);
      for (const name of names) await subscribed(['topic:welt'], name);
      service.behave('many-3', 'hang');
      service.behave('many-7', '500');
      const article = await t.publish({ topics: ['Welt'], authors: [] });
      await runAll();
      const healthy = names.filter((n) => n !== 'many-3' && n !== 'many-7');
      for (const name of healthy) assert.equal(arrived(name).length, 1, name);
      const lastHealthy = Math.max(...healthy.map((n) => arrived(n)[0]!.at));
      // Ordering, not speed: had the sender waited on the hanging request, the rest would arrive after its timeout.
      const hangArrived = arrived('many-3')[0]!.at;
      assert.ok(
        lastHealthy < hangArrived + 1500,
        `the others arrived before the hanging one timed out (${lastHealthy - hangArrived} ms after it)`,
      );

      const [job, ...others] = await listJobs(t.app.db, { name: 'follow.push', state: 'queued' });
      assert.equal(others.length, 0);
      assert.match(job?.lastError ?? '', /2 of 30 readers will be tried again/);
      assert.ok((job?.runAt.getTime() ?? 0) > Date.now() + 2000, 'the retry waits (backoff)');
      const pending = await t.app.db
        .selectFrom('deliveries')
        .select(['retry', 'last_error'])
        .where('article_id', '=', article.id)
        .where('state', '=', 'pending')
        .execute();
      assert.equal(pending.length, 2);
      assert.match(pending.map((p) => p.last_error).join(' '), /no answer within 1500 ms/);
      assert.match(pending.map((p) => p.last_error).join(' '), /answered 500/);

      service.behave('many-3', 'ok');
      service.behave('many-7', 'ok');
      await makeJobsDue(t.app.db, { name: 'follow.push' });
      await runAll();
      // The two failed attempts reached the service too (one hung, one got a 500); nobody else heard twice.
      for (const name of names)
        assert.equal(
          arrived(name).filter((r) => r.headers.topic === pushTopic(article.id)).length,
          healthy.includes(name) ? 1 : 2,
          name,
        );
      const states = await t.app.db
        .selectFrom('deliveries')
        .select('state')
        .where('article_id', '=', article.id)
        .execute();
      assert.ok(states.every((s) => s.state === 'sent'));
      const failures = await t.app.db
        .selectFrom('push_subscriptions')
        .select('failures')
        .where('endpoint', '=', service.endpoint('many-7'))
        .executeTakeFirstOrThrow();
      assert.equal(failures.failures, 0, 'a success resets the failure count');
    });

    it('answers malformed, cross-site or anonymous subscriptions with a clear 4xx', async () => {
      const reader = await t.reader(['topic:ukraine']);
      const k = browserKeys();
      const good = {
        endpoint: service.endpoint('route'),
        expirationTime: null,
        keys: { p256dh: k.p256dh, auth: k.auth },
      };
      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${t.baseUrl}/push/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: reader.cookie, ...headers },
          body,
        });
      const cases: [string, Response, number, RegExp][] = [
        ['no token', await post(JSON.stringify(good), { cookie: '' }), 403, /follow something first/],
        ['cross-site', await post(JSON.stringify(good), { 'sec-fetch-site': 'cross-site' }), 403, /cross-site/],
        [
          'a form',
          await post('endpoint=x', { 'content-type': 'application/x-www-form-urlencoded' }),
          415,
          /application\/json/,
        ],
        ['not JSON', await post('{'), 400, /not JSON/],
        [
          'too large',
          await post(JSON.stringify({ ...good, endpoint: `https://push.example.org/${'x'.repeat(10_000)}` })),
          413,
          /larger than/,
        ],
        ['http', await post(JSON.stringify({ ...good, endpoint: 'http://push.example.org/x' })), 400, /https/],
        ['short key', await post(JSON.stringify({ ...good, keys: { ...good.keys, p256dh: 'AAAA' } })), 400, /p256dh/],
        ['extra field', await post(JSON.stringify({ ...good, evil: 1 })), 400, /unexpected field/],
      ];
      for (const [name, res, status, reason] of cases) {
        assert.equal(res.status, status, name);
        assert.match(((await res.json()) as { error: string }).error, reason, name);
      }
      assert.equal((await post(JSON.stringify(good))).status, 201);
      const off = await fetch(`${t.baseUrl}/push/unsubscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: reader.cookie },
        body: JSON.stringify({ endpoint: good.endpoint }),
      });
      assert.deepEqual(await off.json(), { ok: true, removed: true });
    });

    it('serves the service worker at the root with the site CSP', async () => {
      const res = await fetch(`${t.baseUrl}/sw.js`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /javascript/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(await res.text(), /showNotification[\s\S]*openWindow/);
    });
  });
}

describe('push sender', () => {
  it('refuses endpoints on ports other than 443 and those that resolve to private addresses', async () => {
    const service = await startPushService();
    const k = browserKeys();
    const vapid = (await import('web-push')).default.generateVAPIDKeys();
    const sender = createPushSender({
      vapidPublicKey: vapid.publicKey,
      vapidPrivateKey: vapid.privateKey,
      subject: 'mailto:test@example.org',
      ca: service.ca,
    });
    try {
      // Port 443 passes the port rule; the name's answer is what is refused, before any connection.
      const result = await sender.send(
        { endpoint: 'https://localhost/x', p256dh: k.p256dh, auth: k.auth },
        '{}',
        pushTopic('a'),
      );
      assert.equal(result.kind, 'retry');
      assert.match(result.kind === 'retry' ? result.reason : '', /private address/);
      // A stored endpoint on another port (SMTP, Redis, PostgreSQL, or this stand-in) is never contacted.
      for (const endpoint of [
        service.endpoint('x'),
        'https://push.example.org:25/x',
        'https://push.example.org:6379/x',
        'https://push.example.org:5432/x',
      ]) {
        const other = await sender.send({ endpoint, p256dh: k.p256dh, auth: k.auth }, '{}', pushTopic('a'));
        assert.deepEqual(other, { kind: 'rejected', reason: 'endpoint must be https on port 443' }, endpoint);
      }
      assert.equal(service.received.length, 0);
    } finally {
      sender.close();
      await service.close();
    }
  });
});
