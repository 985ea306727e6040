// `npm run bench:scale` (not a test): the site on several hosts (test/scale/site.ts: network namespaces on this
// machine) with Varnish in front. Measures article-page throughput direct (1 and 2 web processes) and through
// Varnish, publish → visible on every host, a push fan-out to many subscribers with 1 and 2 workers, and a soak
// at 200 connections with one publication a second; records them in docs/benchmarks.md.
// Flags: --subscribers N (1,000,000), --seconds N per throughput run (15), --soak-seconds N (300), --no-docs,
// --only publish (publish → visible alone, at rest and under load; recorded in its own block), --only soak (the
// subscribers, a second worker and the soak, printed only).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { browserKeys } from '../src/follow/delivery/test-push-service.ts';
import { startSite, type Site, type SiteProcess } from '../test/scale/site.ts';
import { describeMachine } from './machine.ts';
import { findWrk } from './servers.ts';
import { runWrk, type WrkResult } from './wrk.ts';

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    subscribers: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '15' },
    'soak-seconds': { type: 'string', default: '300' },
    docs: { type: 'boolean', default: true },
    only: { type: 'string' },
  },
});
if (flags.only !== undefined && flags.only !== 'publish' && flags.only !== 'soak')
  throw new Error(`bench:scale: --only takes "publish" or "soak", not "${flags.only}"`);
const SUBSCRIBERS = Number(flags.subscribers);
const SECONDS = Number(flags.seconds);
const SOAK_SECONDS = Number(flags['soak-seconds']);
const ARTICLE = fileURLToPath(new URL('../content/demo/2026-11-27-linie-7.md', import.meta.url));
const log = (line: string) => process.stderr.write(`bench:scale: ${new Date().toISOString().slice(11, 19)} ${line}\n`);
const wrk = findWrk();
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const f = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU seconds a process used so far (utime + stime from /proc; the pid is the command's, see hosts.ts). */
function cpuSeconds(p: SiteProcess): number {
  const stat = readFileSync(`/proc/${p.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(p: SiteProcess): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

/** An API client with a token of its own: each token may send 600 requests in 10 minutes. */
async function apiClient(site: Site, name: string) {
  const token = (
    await site.cli(site.webs[0]!.host, [
      'api',
      'token',
      'add',
      '--scope',
      'articles:write',
      '--scope',
      'articles:publish',
      name,
    ])
  ).trim();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${site.edge}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id: string };
    if (res.status >= 300) throw new Error(`bench: ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /** Creates and publishes an article; resolves when the publish answered, with the time it was sent. */
  return async (headline: string, topic: string) => {
    const { id } = await post('/api/v1/admin/articles', {
      headline,
      lead: 'Der Vorspann.',
      body: [{ type: 'paragraph', text: 'Ein Absatz.', marks: [] }],
      authors: ['Anna Beispiel'],
      topics: [topic],
      language: 'de',
      published: new Date().toISOString().slice(0, 10),
    });
    const sentAt = performance.now();
    await post(`/api/v1/admin/articles/${id}/publish`, {});
    return sentAt;
  };
}

/**
 * Varnish (its manager and cache process, every thread) at the lowest CPU priority: on two shared CPUs the edge
 * and the load generator would otherwise take both, where a deployment gives each its own machine.
 */
function deprioritiseEdge(site: Site): void {
  const pids = execFileSync('pgrep', ['-f', `varnishd .*-a ${new URL(site.edge!).host}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const threads = pids.flatMap((pid) => readdirSync(`/proc/${pid}/task`));
  execFileSync('renice', ['-n', '19', '-p', ...threads]);
}

/** What the database's sessions wait for, and its oldest transaction: where a slow publication stands. */
async function waits(site: Site): Promise<string> {
  const { rows } = await site.db.query<{ what: string; n: string }>(
    `select coalesce(wait_event_type || ':' || wait_event, state) as what, count(*) as n from pg_stat_activity
     where state <> 'idle' and pid <> pg_backend_pid() group by 1 order by 2 desc`,
  );
  const { rows: oldest } = await site.db.query<{ age: string; state: string; query: string }>(
    `select extract(epoch from now() - xact_start)::int as age, state, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 80) as query
     from pg_stat_activity where xact_start is not null and pid <> pg_backend_pid() order by xact_start limit 1`,
  );
  const o = oldest[0];
  return `${rows.map((r) => `${r.what} ${r.n}`).join(', ')}; oldest transaction ${o ? `${o.age} s, ${o.state}: ${o.query}` : 'none'}`;
}

/** Several wrk runs at once (one per URL), summed. */
async function throughput(
  urls: string[],
  connections: number,
): Promise<{ rps: number; p99: number; failures: number }> {
  const settings = {
    threads: 1,
    connections: Math.max(1, Math.round(connections / urls.length)),
    seconds: SECONDS,
    headers: { 'accept-encoding': 'gzip' },
  };
  const runs: WrkResult[] = await Promise.all(urls.map((u) => runWrk(wrk, settings, u)));
  return {
    rps: runs.reduce((s, r) => s + r.requestsPerSecond, 0),
    p99: Math.max(...runs.map((r) => r.p99)),
    failures: runs.reduce((s, r) => s + r.failures, 0),
  };
}

async function bulkSubscribers(site: Site, n: number): Promise<void> {
  const key = browserKeys();
  const now = new Date().toISOString();
  // Made by the database itself: a million rows in seconds, not a million parameters.
  for (let from = 1; from <= n; from += 100_000) {
    const to = Math.min(n, from + 99_999);
    await site.db.query(
      "insert into followers (id, token_hash, created_at, last_seen_at) select 'b' || i, md5('t' || i), $1, $1 from generate_series($2::int, $3::int) i",
      [now, from, to],
    );
    await site.db.query(
      "insert into follows (follower_id, item, created_at) select 'b' || i, 'topic:ukraine', $1 from generate_series($2::int, $3::int) i",
      [now, from, to],
    );
    await site.db.query(
      `insert into push_subscriptions (id, follower_id, endpoint, p256dh, auth, created_at, failures, last_error)
       select 's' || i, 'b' || i, $4 || '/push/b' || i, $5, $6, $1, 0, null from generate_series($2::int, $3::int) i`,
      [now, from, to, site.push.origin, key.p256dh, key.auth],
    );
  }
}

interface FanoutFigures {
  workers: number;
  seconds: number;
  perSecond: number;
  perWorkerCpuSecond: number;
  load: string;
}

async function fanout(site: Site, publish: (h: string, t: string) => Promise<number>): Promise<FanoutFigures> {
  type Stats = { requests: number; lastAt: number };
  const before = await site.push.ask<Stats>('stats');
  const cpu0 = site.workers.map(cpuSeconds);
  const wall0 = Date.now();
  await publish(`Fan-out ${site.workers.length}`, 'Ukraine');
  let s = before;
  for (let last = -1; s.requests - before.requests < SUBSCRIBERS;) {
    await sleep(1000);
    s = await site.push.ask<Stats>('stats');
    const done = s.requests - before.requests;
    if (Math.floor(done / 100_000) !== last) log(`fan-out: ${f(done)} notifications`);
    last = Math.floor(done / 100_000);
  }
  const seconds = (s.lastAt - wall0) / 1000;
  const cpu = site.workers.map((w, i) => cpuSeconds(w) - cpu0[i]!).reduce((a, b) => a + b, 0);
  // The send jobs still record their last outcomes: let them finish before the next run.
  for (;;) {
    const { rows } = await site.db.query<{ n: string }>("select count(*) as n from deliveries where state = 'pending'");
    if (rows[0]!.n === '0') break;
    await sleep(1000);
  }
  return {
    workers: site.workers.length,
    seconds,
    perSecond: SUBSCRIBERS / seconds,
    perWorkerCpuSecond: SUBSCRIBERS / cpu,
    load: load(),
  };
}

async function visibleEverywhere(site: Site, publish: (h: string, t: string) => Promise<number>, i: number) {
  const headline = `Sichtbar ${i} ${Date.now()}`;
  const sentAt = await publish(headline, 'Verkehr');
  const places = [...site.webs.map((w) => w.url), site.edge!];
  return Promise.all(
    places.map(async (url) => {
      while (!(await (await fetch(`${url}/`)).text()).includes(headline)) await sleep(20);
      return performance.now() - sentAt;
    }),
  );
}

/** Publications at rest, then while wrk keeps 100 connections on the front page through Varnish (each purges it). */
async function publishFigures(site: Site, publish: (h: string, t: string) => Promise<number>) {
  const atRest: number[][] = [];
  for (let i = 0; i < 5; i++) {
    atRest.push(await visibleEverywhere(site, publish, i));
    await sleep(1000);
  }
  const restLoad = load();
  const settings = { threads: 1, connections: 100, seconds: 20, headers: { 'accept-encoding': 'gzip' } };
  const loadRun = runWrk(wrk, settings, `${site.edge}/`);
  await sleep(2000);
  const underLoad: number[][] = [];
  for (let i = 0; i < 5; i++) {
    underLoad.push(await visibleEverywhere(site, publish, 10 + i));
    await sleep(1000);
  }
  const busyLoad = load();
  const traffic = await loadRun;
  const places = ['web host 1 (direct)', 'web host 2 (direct)', 'Varnish'];
  const ms = (n: number) => `${f(n)} ms`;
  const row = (runs: number[][]) =>
    places
      .map((_, i) => runs.map((v) => v[i]!).sort((a, b) => a - b))
      .map((v) => `${ms(v[2]!)} / ${ms(v[4]!)}`)
      .join(' | ');
  return `Publish → the front page shows it (Admin API publish sent → page contains the headline; the web host
that wrote purges Varnish right after its commit, the queued purge follows 2 s later), 5 publications each,
median / max:

| when | ${places.join(' | ')} | load |
| --- | ${places.map(() => '---:').join(' | ')} | --- |
| at rest | ${row(atRest)} | ${restLoad} |
| wrk: 100 connections on the front page through Varnish (${f(traffic.requestsPerSecond)}/s, ${traffic.failures} errors) | ${row(underLoad)} | ${busyLoad} |`;
}

/** Replaces a generated block of docs/benchmarks.md (or appends it). */
function record(name: string, section: string): void {
  const file = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  const BEGIN = `<!-- ${name}: begin (generated; rerun \`npm run bench:scale\` to replace) -->`;
  const END = `<!-- ${name}: end -->`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(BEGIN);
  const stop = current.indexOf(END);
  const block = `${BEGIN}\n${section}\n${END}`;
  writeFileSync(
    file,
    start >= 0 && stop > start
      ? current.slice(0, start) + block + current.slice(stop + END.length)
      : `${current.trimEnd()}\n\n${block}\n`,
  );
  log(`recorded in docs/benchmarks.md (${name})`);
}

const when = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(),
  );

async function soak(site: Site, publish: (h: string, t: string) => Promise<number>) {
  const processes = [...site.webs, ...site.workers];
  const samples: number[][] = [];
  let publishFailures = 0;
  const reasons = new Map<string, number>();
  const answers: number[] = [];
  const end = Date.now() + SOAK_SECONDS * 1000;
  const settings = {
    threads: 2,
    connections: 200,
    seconds: SOAK_SECONDS,
    headers: { 'accept-encoding': 'gzip' },
    niceness: 19,
  };
  deprioritiseEdge(site);
  const loadRun = runWrk(wrk, settings, `${site.edge}/`);
  // One publication starts each second whether or not the last has answered, as newsroom clients would send them.
  const publishing = (async () => {
    const sent: Promise<void>[] = [];
    for (let i = 0; Date.now() < end; i++) {
      const next = Date.now() + 1000;
      const started = performance.now();
      sent.push(
        publish(`Soak ${i}`, 'Verkehr').then(
          () => void answers.push(performance.now() - started),
          (err: Error) => {
            publishFailures++;
            reasons.set(err.message.slice(0, 160), (reasons.get(err.message.slice(0, 160)) ?? 0) + 1);
          },
        ),
      );
      if (i % 5 === 0) samples.push(processes.map(rssMb));
      if (i % 15 === 0)
        void waits(site).then(
          (w) => log(`soak: ${w}`),
          (err: Error) => log(`soak: cannot read the database's sessions: ${err.message}`),
        );
      await sleep(Math.max(0, next - Date.now()));
    }
    await Promise.all(sent);
  })();
  const [result] = await Promise.all([loadRun, publishing]);
  const minute = Math.max(1, Math.round(samples.length / 5));
  const mean = (rows: number[][], j: number) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
  const rss = processes.map((p, j) => ({
    name: p.host.name,
    first: mean(samples.slice(0, minute), j),
    last: mean(samples.slice(-minute), j),
    max: Math.max(...samples.map((r) => r[j]!)),
  }));
  answers.sort((a, b) => a - b);
  const answer = { p50: answers[Math.floor(answers.length / 2)] ?? 0, max: answers.at(-1) ?? 0 };
  for (const [reason, n] of reasons) log(`soak: ${n} publications failed: ${reason}`);
  return { result, published: answers.length, publishFailures, answer, rss, load: load() };
}

function soakText(soaked: Awaited<ReturnType<typeof soak>>): string {
  const ms = (n: number) => `${f(n)} ms`;
  const soakRss = soaked.rss.map((r) => `${r.name} ${f(r.first)} → ${f(r.last)} MB (max ${f(r.max)})`).join('; ');
  return `Soak, ${SOAK_SECONDS} s at 200 connections (wrk, front page through Varnish) with one publication started each
second through the Admin API (each purges the front page), wrk and Varnish at nice 19 (on two shared CPUs they
would otherwise take both and starve the site's processes, where a deployment gives each its own machine):
${f(soaked.result.requests)} requests, ${f(soaked.result.requestsPerSecond)}/s, p99 ${ms(soaked.result.p99)},
**${soaked.result.failures} errors**; ${soaked.published} publications, ${soaked.publishFailures} failed (create and
publish answered in ${ms(soaked.answer.p50)} at the median, ${ms(soaked.answer.max)} at most). RSS, mean of the
first → last fifth of the run: ${soakRss}. Load at the end ${soaked.load}.`;
}

log(`load average ${load()}; starting the site (PostgreSQL, S3 stand-in, push stand-in, Varnish, 2 web, 1 worker)`);
const site = await startSite({ webs: 2, workers: 1, varnish: true });
try {
  const publish = await apiClient(site, 'bench');
  if (flags.only === 'soak') {
    log(`inserting ${f(SUBSCRIBERS)} push subscribers; a second worker`);
    await bulkSubscribers(site, SUBSCRIBERS);
    site.workers.push(await site.addWorker());
    process.stdout.write(`\n${soakText(await soak(site, await apiClient(site, 'bench-soak')))}\n`);
  } else {
    log('publish → visible on every host (5 publications at rest, 5 under load)');
    const published = `## Publish → visible on every host (\`npm run bench:scale\`)

Measured ${when()} (Europe/Berlin) on ${describeMachine(wrk).replace(', , ', ', ')}, the machine shared with other
engineers' test runs (load average: 1, 5, 15 minutes). The hosts of the section below: 2 web, 1 worker, Varnish.

${await publishFigures(site, publish)}`;
    process.stdout.write(`\n${published}\n`);
    if (flags.docs) record('bench:scale publish', published);
    if (flags.only !== 'publish') {
      const path = (await site.cli(site.webs[0]!.host, ['import', ARTICLE])).trim().split(' ')[0]!;
      await sleep(5000); // the article's audio and recognition jobs
      const [web1, web2] = site.webs as [SiteProcess, SiteProcess];
      log('throughput: 1 web process, 2 web processes, Varnish');
      await throughput([`${web1.url}${path}`], 50); // warm-up
      const one = { ...(await throughput([`${web1.url}${path}`], 50)), load: load() };
      const two = { ...(await throughput([`${web1.url}${path}`, `${web2.url}${path}`], 50)), load: load() };
      await throughput([`${site.edge}${path}`], 50);
      const edge = { ...(await throughput([`${site.edge}${path}`], 50)), load: load() };

      log(`inserting ${f(SUBSCRIBERS)} push subscribers`);
      await bulkSubscribers(site, SUBSCRIBERS);
      log('fan-out with 1 worker');
      const fan1 = await fanout(site, publish);
      site.workers.push(await site.addWorker());
      log('fan-out with 2 workers');
      const fan2 = await fanout(site, publish);

      log(`soak: ${SOAK_SECONDS} s at 200 connections through Varnish, one publication a second`);
      const soaked = await soak(site, await apiClient(site, 'bench-soak'));

      const ms = (n: number) => `${f(n)} ms`;
      const section = `## Several hosts (\`npm run bench:scale\`)

Measured ${when()} (Europe/Berlin) on ${describeMachine(wrk).replace(', , ', ', ')}. **The machine was shared with other engineers' test runs
while measuring** (load average given per row: 1, 5, 15 minutes); every process of the site and the load generator
share its 2 CPUs, so these are floors, not capacities. Hosts are network namespaces (test/scale/site.ts):
PostgreSQL 15 of its own (fsync off), s3rver (stand-in for S3), a stand-in push service, Varnish 7.1 with
deploy/varnish.vcl (a round-robin director over the web hosts), \`blattwerk serve --no-worker\` and \`blattwerk worker\`.

| article page, wrk, 50 connections, ${SECONDS} s, gzip | requests/s | p99 | errors | load |
| --- | ---: | ---: | ---: | --- |
| direct, 1 web process | ${f(one.rps)} | ${ms(one.p99)} | ${one.failures} | ${one.load} |
| direct, 2 web processes (25 connections each) | ${f(two.rps)} | ${ms(two.p99)} | ${two.failures} | ${two.load} |
| through Varnish (2 web processes behind; hits do not reach them) | ${f(edge.rps)} | ${ms(edge.p99)} | ${edge.failures} | ${edge.load} |

Publish → visible: its own section above.

| push fan-out to ${f(SUBSCRIBERS)} subscribers (one endpoint each) | publish → last notification | notifications/s | per worker CPU-second | load |
| --- | ---: | ---: | ---: | --- |
${[fan1, fan2].map((r) => `| ${r.workers} worker${r.workers > 1 ? 's' : ''} | ${f(r.seconds, 1)} s | ${f(r.perSecond)} | ${f(r.perWorkerCpuSecond)} | ${r.load} |`).join('\n')}

Aim: ≥ 2,000 notifications/s per worker core. "Per worker CPU-second" divides by the CPU the worker processes
used (from /proc), which the other processes on the 2 CPUs (PostgreSQL, the stand-in, encryption in the worker
itself) do not inflate.

${soakText(soaked)}`;
      process.stdout.write(`\n${section}\n`);
      if (flags.docs) record('bench:scale', section);
    }
  }
} finally {
  await site.stop();
}
