// Webhooks end to end on both databases: an administrator registers a receiver in the staff area and gets its
// secret once; publishing, correcting and withdrawing send signed POSTs through the job queue, a failure is
// retried, the log shows it; private addresses are refused at registration and at delivery. The receiver is a
// local server, reachable only because the test sets the test-only loopback allowance.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parsePublicationDate, saveArticle, type PublicationDate } from '../../article/index.ts';
import { runArticleEvents, startTestApp, type RunningApp } from '../../../test/support.ts';
import { startWorker } from '../../store/jobs.ts';
import { DIALECTS } from '../../store/testing.ts';
import { activeStaff, StaffClient } from '../testing.ts';
import { checkWebhookUrl } from './webhooks.ts';

interface Received {
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
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
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
      await site.app.db
        .updateTable('jobs')
        .set({ run_at: new Date().toISOString() })
        .where('name', '=', 'webhook.deliver')
        .execute();
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
  });
}
