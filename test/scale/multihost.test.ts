// The site on several "hosts" (network namespaces on this one machine, see hosts.ts): PostgreSQL, s3rver (a
// stand-in for S3), a stand-in push service, two `blattwerk serve --no-worker` and two `blattwerk worker`, each
// on a host of its own, all on one database and one bucket. What one web host imports the other serves; a worker
// killed with SIGKILL mid fan-out leaves the other to finish it, nobody missed and nobody notified twice; a web
// host killed under load fails only the requests it had in flight, the other answers all.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { browserKeys } from '../../src/follow/delivery/test-push-service.ts';
import { s3Files } from '../../src/store/files-s3.ts';
import { listJobs } from '../../src/store/jobs.ts';
import { startSite, type Site } from './site.ts';

const SUBSCRIBERS = 5000;
const DEMO_IMAGE = new URL('../../content/demo/bilder/strassenbahn-altstadt.jpg', import.meta.url);

/** An article as `blattwerk import` reads it, with a lead image; `topic` decides who follows it. */
function articleFile(dir: string, name: string, topic: string): string {
  copyFileSync(DEMO_IMAGE, join(dir, `${name}.jpg`));
  const file = join(dir, `${name}.md`);
  writeFileSync(
    file,
    `---\nheadline: Mehrhost ${name}\ndate: ${new Date().toISOString().slice(0, 19)}+00:00\ntopics: [${topic}]\nleadImage:\n  path: ${name}.jpg\n  alt: Eine Straßenbahn\n---\n\nDer Stadtrat hat heute über den neuen Fahrplan beraten. Die Linie fährt künftig alle zehn Minuten.\n`,
  );
  return file;
}

async function until(what: string, ok: () => Promise<boolean>, ms: number, log = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log()}`);
    await sleep(50);
  }
}

const bytes = async (url: string) => {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return Buffer.from(await res.arrayBuffer());
};

describe('the site on several hosts (network namespaces): PostgreSQL, S3 stand-in, 2 web, 2 workers', () => {
  let site: Site;
  let dir: string;
  let articlePath: string;
  const logs = () => [...site.webs, ...site.workers].map((p) => p.log()).join('\n');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blattwerk-multihost-'));
    // A short lease: a killed worker's jobs are taken over after about 12 s (pg-boss's heartbeat is at least
    // 10 s), not after about a minute and more.
    site = await startSite({ webs: 2, workers: 2, varnish: true, env: { BLATTWERK_JOB_LEASE_MS: '3000' } });
  });
  after(async () => {
    await site?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves from host B the images and audio of an article imported on host A', async () => {
    const [a, b] = site.webs as [Site['webs'][0], Site['webs'][0]];
    const out = await site.cli(a.host, ['import', articleFile(dir, 'bilder', 'Verkehr')]);
    articlePath = out.trim();
    assert.match(articlePath, /^\/artikel\//);
    // The audio is made by a worker after the import; host B learns the page changed and shows it.
    let page = '';
    await until(
      'the audio on host B',
      async () => /\/audio\/[^"]+\.mp3/.test((page = await (await fetch(`${b.url}${articlePath}`)).text())),
      120_000,
      logs,
    );
    const audio = /"(\/audio\/[^"]+\.mp3)"/.exec(page)![1]!;
    const image = /<img[^>]+src="(\/bilder\/[^"]+)"/.exec(page)?.[1];
    assert.ok(image, 'the article page on host B shows the lead image');
    for (const path of [audio, image]) {
      const fromB = await bytes(`${b.url}${path}`);
      const fromA = await bytes(`${a.url}${path}`);
      assert.ok(fromB.length > 1000, `${path} has content`);
      assert.ok(fromB.equals(fromA), `${path}: host B serves the bytes host A does`);
    }
    const keys = await s3Files(site.s3.at).keys();
    assert.ok(keys.some((k) => k.startsWith('audio/')) && keys.some((k) => k.startsWith('images/')));
  });

  it('shows a publication fresh through Varnish in front of both web hosts, purged by the web host that wrote it', async (t) => {
    const edge = site.edge!;
    const token = (
      await site.cli(site.webs[0]!.host, [
        'api',
        'token',
        'add',
        '--scope',
        'articles:write',
        '--scope',
        'articles:publish',
        'edge',
      ])
    ).trim();
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${edge}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { id: string };
      assert.ok(res.status < 300, `${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const headline = `Eilmeldung ${randomBytes(4).toString('hex')}`;
    const created = await post('/api/v1/admin/articles', {
      headline,
      lead: 'Der Vorspann.',
      body: [{ type: 'paragraph', text: 'Ein Absatz.', marks: [] }],
      authors: ['Anna Beispiel'],
      topics: ['Verkehr'],
      language: 'de',
      published: new Date().toISOString().slice(0, 10),
    });
    // The front page in Varnish and in both web processes' memory, the draft's own jobs done.
    await until(
      'the jobs of the draft',
      async () => (await listJobs(site.store.db, { state: 'running' })).length === 0,
      60_000,
      logs,
    );
    for (const web of site.webs) await fetch(`${web.url}/`);
    await fetch(`${edge}/`);
    assert.equal((await fetch(`${edge}/`)).headers.get('x-cache'), 'HIT', 'the front page is in Varnish');
    // Both workers stopped (SIGSTOP): no queued job runs, so only the web host's own purge after its commit can
    // make the page fresh, and Varnish's refetch (to either web host) must not get a copy from before.
    for (const worker of site.workers) process.kill(worker.child.pid!, 'SIGSTOP');
    let ms = 0;
    try {
      const t0 = performance.now();
      await post(`/api/v1/admin/articles/${created.id}/publish`, {});
      await until(
        'the front page through Varnish to show the publication',
        async () => {
          const fresh = (await (await fetch(`${edge}/`)).text()).includes(headline);
          ms = performance.now() - t0;
          return fresh;
        },
        30_000,
        logs,
      );
      const waiting = await listJobs(site.store.db, { name: 'edge.purge', state: 'queued' });
      assert.ok(waiting.length > 0, 'the queued purges are still waiting for a worker');
    } finally {
      for (const worker of site.workers) process.kill(worker.child.pid!, 'SIGCONT');
    }
    t.diagnostic(`publish → fresh front page through Varnish, no worker running: ${Math.round(ms)} ms`);
    await until(
      'the queued purges to run once the workers are back',
      async () => (await listJobs(site.store.db, { name: 'edge.purge' })).every((j) => j.state === 'done'),
      60_000,
      logs,
    );
    assert.ok((await (await fetch(`${edge}/`)).text()).includes(headline), 'still fresh after them');
  });

  it('finishes a fan-out on the other worker after one is killed (SIGKILL) in the middle of it', async (t) => {
    // Subscribers in bulk, as the delivery bench makes them: a follower, a follow, a device each.
    const keys = Array.from({ length: 8 }, () => browserKeys());
    const now = new Date().toISOString();
    for (let i = 0; i < SUBSCRIBERS; i += 1000) {
      const ids = Array.from({ length: 1000 }, () => randomBytes(16).toString('hex'));
      const values = (columns: number, row: (id: string, k: number) => unknown[]) => ({
        text: ids
          .map((_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')})`)
          .join(),
        params: ids.flatMap(row),
      });
      const followers = values(4, (id) => [id, randomBytes(32).toString('hex'), now, now]);
      await site.db.query(
        `insert into followers (id, token_hash, created_at, last_seen_at) values ${followers.text}`,
        followers.params,
      );
      const follows = values(3, (id) => [id, 'topic:ukraine', now]);
      await site.db.query(`insert into follows (follower_id, item, created_at) values ${follows.text}`, follows.params);
      const subs = values(8, (id, k) => {
        const key = keys[k % keys.length]!;
        return [randomUUID(), id, `${site.push.origin}/push/${id}`, key.p256dh, key.auth, now, 0, null];
      });
      await site.db.query(
        `insert into push_subscriptions (id, follower_id, endpoint, p256dh, auth, created_at, failures, last_error) values ${subs.text}`,
        subs.params,
      );
    }
    const [killed, survivor] = site.workers as [Site['workers'][0], Site['workers'][0]];
    await site.cli(site.webs[0]!.host, ['import', articleFile(dir, 'folgen', 'Ukraine')]);
    type Stats = { requests: number; distinct: number };
    let stats: Stats = { requests: 0, distinct: 0 };
    await until(
      'the fan-out to be under way',
      async () => (stats = await site.push.ask<Stats>('stats')).requests >= SUBSCRIBERS / 10,
      120_000,
      logs,
    );
    await killed.kill9();
    t.diagnostic(`killed ${killed.host.name} at ${stats.requests} of ${SUBSCRIBERS} notifications`);
    assert.ok(stats.requests < SUBSCRIBERS, 'the kill came before everyone was notified');

    await until(
      'every delivery to be recorded',
      async () => {
        const { rows } = await site.db.query<{ pending: string }>(
          "select count(*) as pending from deliveries where state <> 'sent'",
        );
        const fanout = await site.db.query('select 1 from fanouts where finished_at is null');
        return (
          rows[0]!.pending === '0' &&
          fanout.rowCount === 0 &&
          (await site.push.ask<Stats>('stats')).distinct >= SUBSCRIBERS
        );
      },
      180_000,
      survivor.log,
    );
    const report = await site.push.ask<Stats & { resent: number; shownTwice: string[] }>('report');
    t.diagnostic(
      `${report.requests} requests for ${report.distinct} subscribers; ${report.resent} re-sent after the kill with the same Topic (one notification on the device)`,
    );
    assert.equal(report.distinct, SUBSCRIBERS, 'every subscriber is notified');
    assert.deepEqual(report.shownTwice, [], 'no subscriber is shown two notifications');
    // A re-send is only a message in flight at the kill: two send jobs' lanes and unrecorded answers.
    assert.ok(report.resent <= 2 * (64 + 250), `re-sends stay within what was in flight (${report.resent})`);
    const { rows } = await site.db.query<{ n: string }>("select count(*) as n from deliveries where state = 'sent'");
    assert.equal(Number(rows[0]!.n), SUBSCRIBERS);
  });

  it('fails only the requests in flight at a web host killed (SIGKILL) under load; the other answers all', async (t) => {
    const [a, b] = site.webs as [Site['webs'][0], Site['webs'][0]];
    assert.ok(articlePath, 'the first test imported the article this one loads');
    const CONNECTIONS = 6;
    let killedAt = Infinity;
    type Outcome = { ok: boolean; startedAt: number; endedAt: number; error?: string };
    const load = async (url: string): Promise<Outcome> => {
      const startedAt = Date.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        return { ok: res.status === 200, startedAt, endedAt: Date.now(), error: String(res.status) };
      } catch (err) {
        return { ok: false, startedAt, endedAt: Date.now(), error: (err as Error).message };
      }
    };
    const end = Date.now() + 5000;
    // A client fails over after its first error, so each connection stops there (on host B that fails the test).
    const loop = async (url: string) => {
      const outcomes: Outcome[] = [];
      while (Date.now() < end) {
        const o = await load(url);
        outcomes.push(o);
        if (!o.ok) break;
      }
      return outcomes;
    };
    const onA = Array.from({ length: CONNECTIONS }, () => loop(`${a.url}${articlePath}`));
    const onB = Array.from({ length: CONNECTIONS }, () => loop(`${b.url}${articlePath}`));
    await sleep(1500);
    killedAt = Date.now();
    await a.kill9();
    const fromA = (await Promise.all(onA)).flat();
    const fromB = (await Promise.all(onB)).flat();
    const failedA = fromA.filter((o) => !o.ok);
    t.diagnostic(
      `host A: ${fromA.length - failedA.length} answered, ${failedA.length} failed at the kill; host B: ${fromB.length} answered`,
    );
    assert.deepEqual(
      fromB.filter((o) => !o.ok),
      [],
      'host B answers every request',
    );
    assert.ok(fromB.length > CONNECTIONS, 'host B was under load');
    assert.ok(fromA.length > failedA.length, 'host A answered before the kill');
    assert.equal(failedA.length, CONNECTIONS, 'each of host A’s connections fails once, at the kill');
    assert.ok(
      failedA.every((o) => o.endedAt >= killedAt),
      'host A failed nothing before it was killed',
    );
  });
});
