// The edge's side in the app: which headers a shared page carries, the purges a content write makes (at once after
// its commit, and a job run through the queue, whatever its engine), and what a purge sends. Plain HTTP receivers
// stand in for Varnish and a CDN's relay here; the real Varnish with the shipped VCL is test/varnish.test.ts.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { startWorker, type Job } from '../store/jobs.ts';
import {
  announcePageChanges,
  EDGE_PURGE_AGAIN_MS,
  purgeEdgeCaches,
  queueEdgePurge,
  recordPageChanges,
} from '../store/page-changes.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { startSilentServer } from './testing.ts';
import { edgeKey, edgePurgeJob, edgePurgeNow, forEdge } from './edge.ts';
import type { Page } from './http.ts';

const page = (more: Partial<Page> = {}): Page => ({ status: 200, type: 'text/html', body: '', ...more });

describe('headers of a page shared at the edge', () => {
  it('adds s-maxage and the stale window to the browser max-age, and names the keys with "all"', () => {
    const shared = forEdge(page({ keys: ['article:a1', 'topic:wahl 2025', 'front'] }));
    assert.equal(shared.cacheControl, 'public, max-age=60, s-maxage=3600, stale-while-revalidate=600');
    assert.equal(shared.headers?.['surrogate-key'], 'article:a1 topic:wahl%202025 front all');
    const feed = forEdge(page({ cacheControl: 'public, max-age=300', keys: ['feeds'] }));
    assert.equal(feed.cacheControl, 'public, max-age=300, s-maxage=3600, stale-while-revalidate=600');
  });

  it('leaves private pages alone and immutable ones at their own lifetime', () => {
    const personal = page({ cacheControl: 'private, no-store', keys: ['article:a1'] });
    assert.deepEqual(forEdge(personal), personal);
    const icon = forEdge(page({ cacheControl: 'public, max-age=31536000, immutable' }));
    assert.equal(icon.cacheControl, 'public, max-age=31536000, immutable');
    assert.equal(icon.headers?.['surrogate-key'], 'all');
  });

  it('writes keys without the separators of key lists', () => {
    assert.equal(edgeKey('*'), 'all');
    assert.equal(edgeKey('entity:münchen,bayern'), 'entity:m%C3%BCnchen%2Cbayern');
  });
});

describe('edge configuration', () => {
  const edge = (env: Record<string, string>) => loadConfig({}, env).edge;
  it('reads several Varnish servers and the webhook with its secret', () => {
    const both = edge({
      BLATTWERK_VARNISH_URL: 'http://10.0.0.5:6081, http://10.0.0.6:6081',
      BLATTWERK_PURGE_WEBHOOK: 'https://purge.example.org/hook',
      BLATTWERK_PURGE_WEBHOOK_SECRET: 'sixteen-or-more-characters',
    });
    assert.deepEqual(
      both.varnish.map((u) => u.host),
      ['10.0.0.5:6081', '10.0.0.6:6081'],
    );
    assert.equal(both.webhook?.url.host, 'purge.example.org');
    assert.deepEqual(edge({}), { varnish: [], webhook: undefined });
  });

  it('refuses what it cannot use, naming the variable', () => {
    assert.throws(
      () => edge({ BLATTWERK_VARNISH_URL: 'varnish:6081' }),
      /BLATTWERK_VARNISH_URL "varnish:6081" must be/,
    );
    assert.throws(
      () => edge({ BLATTWERK_PURGE_WEBHOOK: 'https://purge.example.org/hook' }),
      /needs BLATTWERK_PURGE_WEBHOOK_SECRET/,
    );
    assert.throws(
      () =>
        edge({ BLATTWERK_PURGE_WEBHOOK: 'http://purge.example.org/', BLATTWERK_PURGE_WEBHOOK_SECRET: 'x'.repeat(16) }),
      /must be an https:\/\/ URL/,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`purge jobs of content writes (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(async () => {
      purgeEdgeCaches(undefined);
      await store.close();
    });
    /** Runs the purge jobs runnable now through the queue (any engine), answering their payloads. */
    async function purges(): Promise<unknown[]> {
      const seen: unknown[] = [];
      const handlers = {
        'edge.purge': (job: Job<'edge.purge'>) => (seen.push(job.payload), Promise.resolve('done' as const)),
      };
      await startWorker(store.db, { handlers }, false).drain();
      return seen;
    }

    it('purges after the commit at once and queues the purge again for later; nothing without an edge', async () => {
      const now: [string[], boolean][] = [];
      await store.db.transaction().execute((tx) => recordPageChanges(tx, ['article:x']));
      announcePageChanges(['article:x']);
      assert.equal((await purges()).length, 0);
      purgeEdgeCaches((keys, gone) => now.push([keys, gone]));
      await store.db
        .transaction()
        .execute(async (tx) => {
          await recordPageChanges(tx, ['article:gone']);
          throw new Error('rolled back');
        })
        .catch(() => {});
      assert.deepEqual(now, [], 'a rolled-back write purges nothing');
      await store.db.transaction().execute(async (tx) => {
        await recordPageChanges(tx, ['article:a1', 'topic:t', 'article:a1']);
        assert.deepEqual(now, [], 'nothing is purged before the commit');
      });
      announcePageChanges(['article:a1', 'topic:t']);
      assert.deepEqual(now, [[['article:a1', 'topic:t'], false]], 'the writer purges right after its commit');
      await store.db.transaction().execute((tx) => recordPageChanges(tx, ['article:w'], { gone: true }));
      announcePageChanges(['article:w'], { gone: true });
      assert.deepEqual(now[1], [['article:w'], true], 'a withdrawal is purged as gone');
      assert.deepEqual(await purges(), [], 'the queued purge waits');
      await new Promise((r) => setTimeout(r, EDGE_PURGE_AGAIN_MS));
      assert.deepEqual(
        await purges(),
        [{ keys: ['article:a1', 'topic:t'] }, { keys: ['article:w'], gone: true }],
        'then runs, once (and none for the rolled-back write)',
      );
    });

    it('purges outside a transaction at once, once per idempotency key (a new frame seen by every process)', async () => {
      const now: string[][] = [];
      purgeEdgeCaches((keys) => now.push(keys));
      await queueEdgePurge(store.db, ['*'], `edge.frame:f1:${dialect.name}`);
      await queueEdgePurge(store.db, ['*'], `edge.frame:f1:${dialect.name}`);
      assert.deepEqual(now, [['*']]);
      await new Promise((r) => setTimeout(r, EDGE_PURGE_AGAIN_MS));
      assert.deepEqual(await purges(), [{ keys: ['*'] }]);
    });
  });
}

describe('the purge job', () => {
  const heard: { method: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let status = 200;
  let receiver: Server;
  let base: string;
  const secret = 'sixteen-or-more-characters';
  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        heard.push({ method: req.method!, headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => receiver.close(() => r())));

  const job = (keys: string[], gone?: true): Job<'edge.purge'> => ({
    id: 'j',
    name: 'edge.purge',
    payload: gone ? { keys, gone } : { keys },
    attempts: 1,
    maxAttempts: 10,
  });
  const signal = new AbortController().signal;

  it('sends PURGE with the keys to every Varnish and signed JSON to the webhook', async () => {
    heard.length = 0;
    status = 200;
    const edge = {
      varnish: [new URL(`${base}/a`), new URL(`${base}/b`)],
      webhook: { url: new URL(`${base}/hook`), secret },
    };
    assert.equal(await edgePurgeJob(edge, true)(job(['article:a1', '*']), signal), 'done');
    assert.deepEqual(
      heard.map((h) => [h.method, h.headers.xkey]),
      [
        ['PURGE', 'article:a1 all'],
        ['PURGE', 'article:a1 all'],
        ['POST', undefined],
      ],
    );
    const hook = heard[2]!;
    assert.deepEqual(JSON.parse(hook.body), { keys: ['article:a1', 'all'] });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook.headers['blattwerk-signature'])) ?? [];
    assert.equal(v1, createHmac('sha256', secret).update(`${t}.${hook.body}`).digest('hex'));
    assert.equal(heard[0]!.headers['xkey-purge'], undefined, 'a soft purge by default');
  });

  it('asks for a hard purge when the change took something away (a withdrawal)', async () => {
    heard.length = 0;
    status = 200;
    const edge = { varnish: [new URL(`${base}/a`)], webhook: { url: new URL(`${base}/hook`), secret } };
    assert.equal(await edgePurgeJob(edge, true)(job(['article:a1'], true), signal), 'done');
    assert.equal(heard[0]!.headers['xkey-purge'], 'hard');
    assert.deepEqual(JSON.parse(heard[1]!.body), { keys: ['article:a1'], hard: true });
  });

  it('fails, for the queue to retry, when an edge refuses or the webhook is a private address', async () => {
    status = 503;
    const varnish = { varnish: [new URL(base)], webhook: undefined };
    await assert.rejects(edgePurgeJob(varnish, false)(job(['front']), signal), /answered 503/);
    status = 200;
    // The relay is reached through the SSRF guard: loopback only under the tests' allowance.
    const hook = { varnish: [], webhook: { url: new URL(`${base}/hook`), secret } };
    await assert.rejects(edgePurgeJob(hook, false)(job(['front']), signal), /private address/);
  });

  it('ends its request to the webhook when the job is cancelled or runs past its time', async () => {
    // A relay that takes the request and never answers; the job's signal is all that can end the wait.
    const silent = await startSilentServer();
    try {
      const url = new URL(`${silent.origin}/hook`);
      const cancel = new AbortController();
      const running = edgePurgeJob({ varnish: [], webhook: { url, secret } }, true)(job(['front']), cancel.signal);
      await silent.asked;
      cancel.abort();
      await assert.rejects(running, /purge webhook: .*abort/i);
      await silent.ended;
    } finally {
      await silent.close();
    }
  });

  it('purges at once from the writer, logging a failure instead of failing the write', async () => {
    heard.length = 0;
    status = 503;
    const logged: string[] = [];
    const failed = new Promise<void>((resolve) =>
      edgePurgeNow(
        { varnish: [new URL(base)], webhook: undefined },
        false,
        (m) => (logged.push(m), resolve()),
      )(['front'], false),
    );
    await failed;
    assert.deepEqual(
      heard.map((h) => [h.method, h.headers.xkey]),
      [['PURGE', 'front']],
    );
    assert.match(logged[0]!, /answered 503 \(the queued purge follows\)/);
    status = 200;
  });
});
