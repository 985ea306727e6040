// Webhooks end to end on both databases: an administrator registers a receiver in the staff area and gets its
// secret once; publishing, correcting and withdrawing send signed POSTs through the job queue, a failure is
// retried, the log shows it; private addresses are refused at registration and at delivery. The receiver is a
// local server, reachable only because the test sets the test-only loopback allowance.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { getArticleById, parsePublicationDate, saveArticle, type PublicationDate } from '../../article/index.ts';
import { runArticleEvents, startTestApp, type RunningApp } from '../../../test/support.ts';
import { makeJobsDue, startWorker } from '../../store/jobs.ts';
import { DIALECTS } from '../../store/testing.ts';
import { startSilentServer } from '../../web/testing.ts';
import { activeStaff, StaffClient } from '../testing.ts';
import { createToken } from './tokens.ts';
import { checkWebhookUrl } from './webhooks.ts';

interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

for (const dialect of DIALECTS) {
  describe(`webhooks (${dialect.name})`, () => {
    let site: RunningApp;
    let receiver: Server;
    let receiverUrl: string;
    const received: Received[] = [];
    let answer = 204;
    let admin: StaffClient;

    before(async () => {
      site = await startTestApp(dialect, { env: { BLATTWERK_TEST_WEBHOOKS_TO_LOOPBACK: '1' } });
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(answer).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const staff = await activeStaff(site.app, 'admin@example.org', 'admin');
      admin = new StaffClient(site.baseUrl);
      admin.cookies.set('bw_staff', staff.token);
    });
    after(async () => {
      receiver.close();
      await site.stop();
    });

    /** Runs what the server's worker would: the article events, then the deliveries they queued. */
    async function work() {
      await runArticleEvents(site.app);
      const jobs = site.app.jobs();
      await startWorker(site.app.db, { handlers: { 'webhook.deliver': jobs['webhook.deliver']! } }, false).drain();
    }

    it('refuses private addresses at registration; the loopback allowance covers loopback only', async () => {
      for (const url of [
        'https://10.0.0.1/hook',
        'https://192.168.1.1/',
        'https://[fd00::1]/',
        'https://169.254.169.254/',
      ])
        await assert.rejects(checkWebhookUrl(site.app, url), /private address/, url);
      await assert.rejects(checkWebhookUrl(site.app, 'ftp://example.org/'), /https/);
      const strict = { ...site.app, config: { ...site.app.config, testWebhooksToLoopback: false } };
      await assert.rejects(checkWebhookUrl(strict, receiverUrl), /https/);
      await assert.rejects(checkWebhookUrl(strict, 'https://127.0.0.1/hook'), /private address/);
      const csrf = await admin.csrf('/redaktion/api', '/redaktion/api/webhook/neu');
      const refused = await admin.post('/redaktion/api/webhook/neu', {
        csrf,
        url: 'https://10.1.2.3/',
        event: 'article.published',
      });
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /private address/);
    });

    it('delivers signed events through the queue, retries a failure and logs every delivery', async () => {
      const csrf = await admin.csrf('/redaktion/api', '/redaktion/api/webhook/neu');
      const made = await admin.post('/redaktion/api/webhook/neu', {
        csrf,
        url: receiverUrl,
        event: 'article.published',
      });
      assert.equal(made.status, 201);
      const secret = /([0-9a-f]{64})<\/code>/.exec(await made.text())?.[1];
      assert.ok(secret, 'the secret is shown once');
      assert.doesNotMatch(await (await admin.get('/redaktion/api')).text(), new RegExp(secret), 'and only once');

      answer = 500;
      const { article } = await saveArticle(
        site.app.db,
        {
          importKey: 'hook',
          headline: 'Neue Brücke eröffnet',
          lead: 'Heute.',
          body: [{ type: 'paragraph', text: 'Am Fluss.', marks: [] }],
          authors: [],
          topics: [],
          language: 'de',
          published: parsePublicationDate('2026-11-27') as PublicationDate,
          status: 'published',
        },
        { by: 'test', listeners: site.app.articleEvents },
      );
      await work();
      assert.equal(received.length, 1);
      let log = await site.app.db.selectFrom('webhook_deliveries').selectAll().execute();
      assert.deepEqual(
        log.map((d) => [d.event, d.state, d.last_status]),
        [['article.published', 'retrying', 500]],
      );

      // The queue's backoff put the retry seconds ahead; bring it forward instead of waiting.
      answer = 204;
      await makeJobsDue(site.app.db, { name: 'webhook.deliver' });
      await work();
      assert.equal(received.length, 2);
      log = await site.app.db.selectFrom('webhook_deliveries').selectAll().execute();
      assert.deepEqual(
        log.map((d) => [d.state, d.attempts]),
        [['delivered', 2]],
      );

      const last = received[1]!;
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(last.headers['blattwerk-signature'])) ?? [];
      assert.ok(t && v1, 'signature header');
      assert.equal(v1, createHmac('sha256', Buffer.from(secret, 'hex')).update(`${t}.${last.body}`).digest('hex'));
      const body = JSON.parse(last.body) as { event: string; article: { id: string; headline: string } };
      assert.equal(body.event, 'article.published');
      assert.equal(body.article.id, article.id);
      assert.equal(body.article.headline, 'Neue Brücke eröffnet');

      const page = await (await admin.get('/redaktion/api')).text();
      assert.match(page, /article\.published/);
      assert.match(page, /delivered/);
    });

    it('delivers article.updated, article.corrected and article.withdrawn, each signed, with its payload', async () => {
      // One receiver path and secret per event, so each delivery is checked against its own hook.
      const secrets: Record<string, string> = {};
      for (const event of ['article.updated', 'article.corrected', 'article.withdrawn']) {
        const csrf = await admin.csrf('/redaktion/api', '/redaktion/api/webhook/neu');
        const made = await admin.post('/redaktion/api/webhook/neu', { csrf, url: `${receiverUrl}/${event}`, event });
        assert.equal(made.status, 201);
        secrets[event] = /([0-9a-f]{64})<\/code>/.exec(await made.text())![1]!;
      }
      const input = {
        importKey: 'hook-events',
        headline: 'Stadtrat tagt',
        lead: 'Am Abend.',
        body: [{ type: 'paragraph' as const, text: 'Im Rathaus.', marks: [] }],
        authors: [],
        topics: [],
        language: 'de',
        published: parsePublicationDate('2026-11-27') as PublicationDate,
        status: 'published' as const,
      };
      const first = await saveArticle(site.app.db, input, { by: 'test', listeners: site.app.articleEvents });
      await work();
      /** The deliveries to one event's hook since `from`, each checked for its signature; their bodies. */
      const deliveries = (event: string, from: number) =>
        received
          .slice(from)
          .filter((r) => r.url.endsWith(`/${event}`))
          .map((r) => {
            const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['blattwerk-signature'])) ?? [];
            const expected = createHmac('sha256', Buffer.from(secrets[event]!, 'hex')).update(`${t}.${r.body}`);
            assert.equal(v1, expected.digest('hex'), `${event}: signed with its hook's secret`);
            assert.equal(r.headers['blattwerk-event'], event);
            return JSON.parse(r.body) as {
              id: string;
              event: string;
              at: string;
              article: { id: string; state?: string; headline?: string; corrections?: { note: string }[] };
            };
          });
      const published = received.length;
      assert.deepEqual(deliveries('article.updated', 0), [], 'a first publication is no update');

      await saveArticle(
        site.app.db,
        { ...input, headline: 'Stadtrat tagt länger' },
        { by: 'test', listeners: site.app.articleEvents, id: first.article.id, expectedVersion: first.article.version },
      );
      await work();
      const [updated, ...moreUpdates] = deliveries('article.updated', published);
      assert.equal(moreUpdates.length, 0);
      assert.equal(updated?.event, 'article.updated');
      assert.equal(updated.article.id, first.article.id);
      assert.equal(updated.article.headline, 'Stadtrat tagt länger', 'the article as it is now');
      assert.ok(!Number.isNaN(Date.parse(updated.at)) && updated.id.length > 0);
      assert.deepEqual(deliveries('article.corrected', published), [], 'an update is no correction');

      const beforeCorrection = received.length;
      const current = (await getArticleById(site.app.db, first.article.id))!;
      await saveArticle(
        site.app.db,
        { ...input, headline: 'Stadtrat tagt länger', lead: 'Am späten Abend.' },
        {
          by: 'test',
          listeners: site.app.articleEvents,
          id: current.id,
          expectedVersion: current.version,
          correction: { kind: 'correction', wrong: 'Am Abend.', note: 'Es war am späten Abend.', substantive: true },
        },
      );
      await work();
      const [corrected, ...moreCorrections] = deliveries('article.corrected', beforeCorrection);
      assert.equal(moreCorrections.length, 0);
      assert.equal(corrected?.event, 'article.corrected');
      assert.equal(corrected.article.id, first.article.id);
      assert.deepEqual(
        corrected.article.corrections?.map((c) => c.note),
        ['Es war am späten Abend.'],
        'the payload carries the correction',
      );

      const beforeWithdrawal = received.length;
      const token = (await createToken(site.app.db, { name: 'withdraw', scopes: ['articles:publish'], by: 'test' }))
        .token;
      const withdrawn = await fetch(`${site.baseUrl}/api/v1/admin/articles/${first.article.id}/withdraw`, {
        method: 'POST',
        body: JSON.stringify({ note: 'Auf Wunsch der Betroffenen.' }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      assert.equal(withdrawn.status, 200, await withdrawn.text());
      await work();
      const [gone, ...moreGone] = deliveries('article.withdrawn', beforeWithdrawal);
      assert.equal(moreGone.length, 0);
      assert.equal(gone?.event, 'article.withdrawn');
      assert.deepEqual(gone.article, { id: first.article.id, state: 'withdrawn' }, 'named, not shown');
      assert.deepEqual(deliveries('article.updated', beforeWithdrawal), [], 'a withdrawal is no update');
    });

    it('refuses a private address at delivery time too (a row changed behind the check)', async () => {
      await site.app.db.updateTable('webhooks').set({ url: 'http://10.0.0.1/hook' }).execute();
      const before = received.length;
      await saveArticle(
        site.app.db,
        {
          importKey: 'hook-2',
          headline: 'Zweiter Artikel',
          lead: 'Auch heute.',
          body: [{ type: 'paragraph', text: 'Text.', marks: [] }],
          authors: [],
          topics: [],
          language: 'de',
          published: parsePublicationDate('2026-11-27') as PublicationDate,
          status: 'published',
        },
        { by: 'test', listeners: site.app.articleEvents },
      );
      await work();
      assert.equal(received.length, before);
      const row = await site.app.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('state', '=', 'retrying')
        .executeTakeFirstOrThrow();
      assert.match(row.last_error ?? '', /private address/);
    });

    it('ends its request when the job is cancelled or runs past its time, and logs why', async () => {
      // A receiver that takes the request and never answers; the job's signal is all that can end the wait.
      const silent = await startSilentServer();
      try {
        await site.app.db
          .updateTable('webhooks')
          .set({ url: `${silent.origin}/hook` })
          .execute();
        const { id } = await site.app.db.selectFrom('webhook_deliveries').select('id').executeTakeFirstOrThrow();
        const cancel = new AbortController();
        const job = {
          id: 'j',
          name: 'webhook.deliver' as const,
          payload: { deliveryId: id },
          attempts: 1,
          maxAttempts: 8,
        };
        const running = site.app.jobs()['webhook.deliver']!(job, cancel.signal);
        await silent.asked;
        cancel.abort();
        await assert.rejects(running, /abort/i);
        await silent.ended;
        const row = await site.app.db
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(row.state, 'retrying');
        assert.match(row.last_error ?? '', /abort/i);
      } finally {
        await silent.close();
      }
    });
  });
}
