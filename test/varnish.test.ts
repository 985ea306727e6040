// The shipped deploy/varnish.vcl in front of a real `blattwerk serve`, in a real varnishd (Debian's varnish and
// varnish-modules' xkey), as an operator would run them: pages are shared, purged by key when content changes,
// and the staff area and a reader's own pages never come from the cache. SQLite: the edge does not see the dialect.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../src/migrations.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { listJobs } from '../src/store/jobs.ts';
import { BIN, blattwerk } from './support.ts';

const run = promisify(execFile);
const VCL = new URL('../deploy/varnish.vcl', import.meta.url);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts a process and resolves once its output matches `ready` (with the match), or fails when it exits. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const started = new Promise<RegExpExecArray>((resolve, reject) => {
    const look = (d: Buffer) => {
      log += d.toString();
      const m = ready.exec(log);
      if (m) resolve(m);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${log}`)));
  });
  return { child, started, log: () => log };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('deploy/varnish.vcl in front of blattwerk serve', () => {
  let dir: string;
  let app: ReturnType<typeof start> | undefined;
  let varnish: ReturnType<typeof start> | undefined;
  let edge: string;
  /** Varnish's purge socket (`-a purge=…`): what BLATTWERK_VARNISH_URL names. */
  let purge: string;
  let origin: string;
  let token: string;
  const ids: Record<string, string> = {};

  const get = (path: string, headers: Record<string, string> = {}) => fetch(edge + path, { headers });
  const cached = async (path: string, headers: Record<string, string> = {}) => {
    const res = await get(path, headers);
    return { status: res.status, cache: res.headers.get('x-cache'), res, body: await res.text() };
  };
  async function api(path: string, body?: unknown) {
    const res = await fetch(edge + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as { id: string; slug: string; version: number };
    assert.ok(res.status < 300, `${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  const article = (headline: string, topic: string, lead: string) => ({
    headline,
    lead,
    body: [{ type: 'paragraph', text: 'Ein Absatz.', marks: [] }],
    authors: ['Anna Beispiel'],
    topics: [topic],
    language: 'de',
    published: '2026-11-20',
  });
  /** Asks until `seen` holds; answers the milliseconds it took (reported, never asserted), or fails after 20 s. */
  async function until(path: string, seen: (body: string) => boolean): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < 20_000) {
      if (seen((await cached(path)).body)) return Math.round(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`${path} did not become fresh through Varnish`);
  }

  let store: Store | undefined;
  /** Waits until no job is left (audio, recognition, the purges): each may purge a page the test expects cached. */
  async function quiet(): Promise<void> {
    const waiting = async () => (await listJobs(store!.db, { state: ['queued', 'running'] })).length;
    while ((await waiting()) > 0) await new Promise((r) => setTimeout(r, 100));
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blattwerk-varnish-'));
    const data = join(dir, 'data');
    // A data directory made by a command first: serve then finds it not new and imports no demo.
    const made = await blattwerk(
      ['api', 'token', 'add', '--data', data, '--scope', 'articles:write', '--scope', 'articles:publish', 'edge'],
      { DATABASE_URL: '' },
    );
    assert.equal(made.code, 0, made.stderr);
    token = made.stdout.trim();
    const edgePort = await freePort();
    edge = `http://127.0.0.1:${edgePort}`;
    const purgePort = await freePort();
    purge = `http://127.0.0.1:${purgePort}`;
    const env = { ...process.env, DATABASE_URL: '', BLATTWERK_DATA: data, BLATTWERK_VARNISH_URL: purge };
    app = start(process.execPath, [BIN, 'serve', '--port', '0'], env, /serves http:\/\/127\.0\.0\.1:(\d+)\//);
    const appPort = (await app.started)[1]!;
    origin = `http://127.0.0.1:${appPort}`;
    // The shipped file with only the backend's port changed, as an operator edits it.
    const shipped = await readFile(VCL, 'utf8');
    const vcl = shipped.replace('.port = "3000";', `.port = "${appPort}";`);
    assert.notEqual(vcl, shipped, 'the VCL names the backend port 3000');
    await writeFile(join(dir, 'site.vcl'), vcl);
    // -F: in the foreground, ended with the test; -j none: no jail, so it runs as root or any user alike;
    // -T none: no management port is needed.
    const args = ['-F', '-j', 'none', '-T', 'none', '-n', join(dir, 'varnish'), '-a', `127.0.0.1:${edgePort}`];
    args.push('-a', `purge=127.0.0.1:${purgePort}`);
    varnish = start(
      '/usr/sbin/varnishd',
      [...args, '-f', join(dir, 'site.vcl'), '-s', 'malloc,64m'],
      process.env,
      /Child \(\d+\) Started/,
    );
    await varnish.started;
    for (;;) {
      try {
        if ((await fetch(`${edge}/robots.txt`)).status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const [name, topic] of [
      ['bruecke', 'Verkehr'],
      ['theater', 'Kultur'],
    ] as const) {
      const created = await api('/api/v1/admin/articles', article(`Artikel ${name}`, topic, `Vorspann ${name} eins.`));
      await api(`/api/v1/admin/articles/${created.id}/publish`, {});
      ids[name] = created.id;
    }
    // Sections set: the frame no longer follows the topics' use, which would purge every page (`all`) on a change.
    const sections = await blattwerk(['site', 'set', '--data', data, 'sections=Verkehr,Kultur'], {
      DATABASE_URL: '',
      BLATTWERK_VARNISH_URL: purge,
    });
    assert.equal(sections.code, 0, sections.stderr);
    store = await openStore({ dataDir: data, databaseUrl: undefined, migrations: MIGRATIONS });
    await quiet();
  });

  after(async () => {
    await store?.close();
    await stop(varnish?.child);
    await stop(app?.child);
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a public page from the cache the second time, with its keys kept inside Varnish', async () => {
    await until('/artikel/artikel-bruecke', (b) => b.includes('Vorspann bruecke eins.'));
    const second = await cached('/artikel/artikel-bruecke');
    assert.equal(second.status, 200);
    assert.equal(second.cache, 'HIT');
    assert.match(second.res.headers.get('cache-control') ?? '', /s-maxage=\d+.*stale-while-revalidate=\d+/);
    assert.equal(second.res.headers.get('xkey'), null, 'xkey stays inside Varnish');
    const direct = await fetch(`${origin}/artikel/artikel-bruecke`);
    assert.match(direct.headers.get('surrogate-key') ?? '', new RegExp(`article:${ids.bruecke} .*topic:verkehr`));
    const tracked = await cached('/artikel/artikel-bruecke?utm_source=newsletter&fbclid=x');
    assert.equal(tracked.cache, 'HIT', 'campaign parameters are dropped');
    // Varnish's log of what it stored: ttl from s-maxage, grace from stale-while-revalidate.
    const log = await run('/usr/bin/varnishlog', ['-n', join(dir, 'varnish'), '-d', '-g', 'raw', '-i', 'TTL']);
    assert.match(log.stdout, /TTL +b RFC 3600 600 /);
  });

  it('makes a changed, published or withdrawn article fresh at once and keeps unrelated pages cached (exact purge by key)', async (t) => {
    for (const path of ['/artikel/artikel-theater', '/thema/kultur', '/artikel/artikel-bruecke', '/thema/verkehr']) {
      await cached(path);
      assert.equal((await cached(path)).cache, 'HIT', path);
    }
    const current = await fetch(`${edge}/api/v1/articles/${ids.bruecke}`);
    const { version } = (await current.json()) as { version: number };
    await api(`/api/v1/admin/articles/${ids.bruecke}`, {
      ...article('Artikel bruecke', 'Verkehr', 'Vorspann bruecke berichtigt.'),
      expectedVersion: version,
    });
    const ms = await until('/artikel/artikel-bruecke', (b) => b.includes('Vorspann bruecke berichtigt.'));
    t.diagnostic(`the changed article was fresh through Varnish after ${ms} ms`);
    await quiet();
    assert.equal((await cached('/artikel/artikel-theater')).cache, 'HIT', 'another article stays cached');
    assert.equal((await cached('/thema/kultur')).cache, 'HIT', 'another topic stays cached');

    const created = await api('/api/v1/admin/articles', article('Artikel neu', 'Verkehr', 'Vorspann neu.'));
    await api(`/api/v1/admin/articles/${created.id}/publish`, {});
    const listed = await until('/thema/verkehr', (b) => b.includes('Artikel neu'));
    t.diagnostic(`the published article was on its topic page through Varnish after ${listed} ms`);
    assert.equal((await cached('/artikel/artikel-theater')).cache, 'HIT', 'still cached after a publication');

    await quiet(); // its audio and recognition purge its page once more when they are done
    await cached('/artikel/artikel-neu');
    assert.equal((await cached('/artikel/artikel-neu')).cache, 'HIT');
    await api(`/api/v1/admin/articles/${created.id}/withdraw`, { note: 'Zurückgezogen.' });
    const t0 = performance.now();
    for (;;) {
      const answer = await cached('/artikel/artikel-neu');
      if (answer.status === 410) break;
      // A hard purge: the old page is never served once more from grace, as a soft purge would.
      assert.notEqual(answer.cache, 'STALE', 'the withdrawn article is not served stale');
      assert.ok(performance.now() - t0 < 20_000, 'the withdrawn article left the cache');
      await new Promise((r) => setTimeout(r, 20));
    }
    t.diagnostic(`the withdrawn article answered 410 through Varnish after ${Math.round(performance.now() - t0)} ms`);
    assert.equal((await cached('/artikel/artikel-neu')).status, 410, 'and stays gone');
  });

  it('never caches the staff area, a reader’s own pages or POSTs', async () => {
    for (const path of ['/redaktion/anmelden', '/meine-news', '/folgen/status', '/artikel/artikel-theater/folgen']) {
      const first = await cached(path);
      const second = await cached(path);
      assert.notEqual(second.cache, 'HIT', `${path} is passed`);
      assert.match(first.res.headers.get('cache-control') ?? '', /no-store|private|no-cache/, path);
      assert.doesNotMatch(second.res.headers.get('cache-control') ?? '', /s-maxage/, path);
    }
    const post = await fetch(`${edge}/folgen`, { method: 'POST', body: 'x=1' });
    assert.notEqual(post.headers.get('x-cache'), 'HIT');
  });

  it('shares one copy of a public page with every reader: the language is in the URL, not a cookie', async () => {
    for (const [path, lang] of [
      ['/artikel/artikel-theater', 'de'],
      ['/en/artikel/artikel-theater', 'en'],
    ] as const)
      for (const cookie of ['lang=de', 'bw_follow=abc', 'bw_follow=xyz']) {
        const through = await cached(path, { cookie });
        assert.equal(/<html lang="(\w+)"/.exec(through.body)?.[1], lang, `${path} ${cookie}`);
        assert.doesNotMatch(through.res.headers.get('vary') ?? '', /cookie/i, `${path} ${cookie}`);
      }
  });

  it('takes PURGE only on its own socket from allowed addresses, soft unless asked to be hard', async () => {
    await quiet();
    await cached('/thema/kultur');
    assert.equal((await cached('/thema/kultur')).cache, 'HIT');
    const { request } = await import('node:http');
    const ask = (url: string, method: string, localAddress = '127.0.0.1') =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${url}/`, { method, localAddress, headers: { xkey: 'all' } });
        req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.on('error', reject);
        req.end();
      });
    // The readers' socket: a TLS proxy on this machine forwards from 127.0.0.1, a purger's address.
    assert.equal(await ask(edge, 'PURGE'), 403, 'no PURGE through the readers’ socket');
    // 127.0.0.2 is loopback too, but not in the VCL's purgers.
    assert.equal(await ask(purge, 'PURGE', '127.0.0.2'), 403, 'no PURGE from other addresses');
    assert.equal(await ask(purge, 'GET'), 403, 'the purge socket serves no pages');
    assert.equal((await cached('/thema/kultur')).cache, 'HIT', 'a refused purge purged nothing');
    const allowed = await fetch(`${purge}/`, { method: 'PURGE', headers: { xkey: 'topic:kultur' } });
    assert.equal(allowed.status, 200);
    assert.equal((await cached('/thema/kultur')).cache, 'STALE', 'a soft purge: once more the old page, refetched');
    // The refetch asks Blattwerk for a new render, not a copy from a web process's memory.
    while ((await cached('/thema/kultur')).cache !== 'HIT') await new Promise((r) => setTimeout(r, 20));
    const log = await run('/usr/bin/varnishlog', ['-n', join(dir, 'varnish'), '-d', '-g', 'raw', '-i', 'BereqHeader']);
    assert.match(log.stdout, /BereqHeader +b Blattwerk-Refetch: 1/);
    const hard = await fetch(`${purge}/`, { method: 'PURGE', headers: { xkey: 'topic:kultur', 'xkey-purge': 'hard' } });
    assert.equal(hard.status, 200);
    assert.equal((await cached('/thema/kultur')).cache, 'MISS', 'a hard purge: the old page is gone');
  });
});
