// `npm run bench`: the seed's article page from Blattwerk against the same bytes from nginx, on loopback.
// Peak rate and p99 with wrk (closed loop), then p99 at 70 % of Blattwerk's peak with an open-loop generator,
// then the same two while another process saves an article a second and finishes audio (bench/writer.ts),
// then the page weight against its budgets. The server's event-loop delay and GC pauses are recorded per
// open-loop phase (bench/loop-delay.ts). Prints a table and records it in docs/benchmarks.md.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { MIGRATIONS } from '../src/migrations.ts';
import { openStore } from '../src/store/db.ts';
import { listJobs } from '../src/store/jobs.ts';
import { SEED_FILE } from '../test/support.ts';
import type { LoopDelay } from './loop-delay.ts';
import { describeMachine, measureQuietly, QUIET } from './machine.ts';
import { summariseRuns, type OpenLoopOptions, type OpenLoopResult, type OpenLoopSamples } from './openloop.ts';
import { summariseProfile, type ProfileSummary } from './profile.ts';
import { formatReport, writeSection, type Figures } from './report.ts';
import { findWrk, pinned, rawGet, startBlattwerk, startNginx, type Running } from './servers.ts';
import { runWrk, type WrkSettings } from './wrk.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUDGET = { totalBytes: 30_000, jsBytes: 8_000 };
const AIMS = { ratio: 0.5, p99Ms: 10, loadShare: 0.7, underWrites: 0.8 };

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    threads: { type: 'string', default: '2' },
    generators: { type: 'string', default: '1' },
    /** Server on CPU 0, load on the others: one core against one core, and less scheduler noise. */
    pin: { type: 'boolean', default: true },
    'cpu-prof': { type: 'boolean', default: false },
    docs: { type: 'boolean', default: true },
    /** Seconds each phase waits for a quiet machine, and how often it is measured at most. */
    'quiet-wait': { type: 'string', default: '120' },
    attempts: { type: 'string', default: '3' },
  },
});
QUIET.waitMs = Number(flags['quiet-wait']) * 1000;
QUIET.attempts = Number(flags.attempts);

const GZIP = { 'Accept-Encoding': 'gzip' };
const settings: WrkSettings = {
  threads: Number(flags.threads),
  connections: Number(flags.connections),
  seconds: Number(flags.seconds),
  headers: GZIP,
};
const WARMUP: WrkSettings = { ...settings, seconds: 3 };
const cpuCount = availableParallelism();
const SERVER_CPU = flags.pin && cpuCount > 1 ? '0' : undefined;
const LOAD_CPUS = SERVER_CPU === undefined ? undefined : cpuCount === 2 ? '1' : `1-${cpuCount - 1}`;

const seedPath = fileURLToPath(SEED_FILE);
if (!existsSync(seedPath)) throw new Error(`bench: the seed article is missing at ${seedPath}`);
const wrk = findWrk();
const work = mkdtempSync(join(tmpdir(), 'blattwerk-bench-'));
// nginx workers run as an unprivileged user when started as root: let them pass through to their files.
chmodSync(work, 0o711);
const running: Running[] = [];
const cleanup = async () => {
  await Promise.all(running.map((r) => r.stop()));
  rmSync(work, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  const figures = await measure();
  const report = formatReport(figures);
  process.stdout.write(`\n${report.table}\n`);
  if (flags.docs) {
    writeSection(join(ROOT, 'docs/benchmarks.md'), report.markdown);
    process.stdout.write('recorded in docs/benchmarks.md\n');
  }
} finally {
  await cleanup();
}

async function measure(): Promise<Figures> {
  const dataDir = join(work, 'data');
  const blattwerkCli = (...args: string[]) =>
    promisify(execFile)(process.execPath, [join(ROOT, 'bin/blattwerk.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
    });
  step('importing the demo content and the seed');
  await blattwerkCli('import', '--data', dataDir, join(ROOT, 'content/demo'));
  const seedImport = await blattwerkCli('import', '--data', dataDir, seedPath);
  const articlePath = seedImport.stdout.trim().split('\n')[0]!.split(' ')[0]!;
  if (!articlePath.startsWith('/artikel/'))
    throw new Error(`bench: seed import printed no article path:\n${seedImport.stdout}`);

  const profileDir = join(work, 'profile');
  const loopFile = join(work, 'loop-delay.json');
  const blattwerk = await startBlattwerk(
    ROOT,
    dataDir,
    [
      '--import',
      join(ROOT, 'bench/loop-delay.ts'),
      ...(flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    SERVER_CPU,
    { BLATTWERK_BENCH_LOOP_FILE: loopFile },
  );
  /** The server's event-loop delay and GC since the last call. */
  const loopDelay = async (): Promise<LoopDelay> => {
    rmSync(loopFile, { force: true });
    blattwerk.process.kill('SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(loopFile); i++) await new Promise((r) => setTimeout(r, 50));
    return JSON.parse(readFileSync(loopFile, 'utf8')) as LoopDelay;
  };
  running.push(blattwerk);
  const articleUrl = blattwerk.url + articlePath;
  // The first answer is a miss, compressed fast; the cached page is compressed better in the background.
  await rawGet(articleUrl, GZIP);
  await new Promise((r) => setTimeout(r, 500));
  const page = await rawGet(articleUrl, GZIP);
  if (page.status !== 200 || page.headers['content-encoding'] !== 'gzip')
    throw new Error(
      `bench: ${articleUrl} answered ${page.status} (${page.headers['content-encoding'] ?? 'uncompressed'})`,
    );
  const plain = await rawGet(articleUrl);
  const weight = await pageWeight(blattwerk.url, page.body);

  const nginx = await startNginx(join(work, 'nginx'), page.body, plain.body, page.headers, SERVER_CPU);
  running.push(nginx);
  const fromNginx = await rawGet(nginx.url, GZIP);
  if (fromNginx.headers['content-encoding'] !== 'gzip' || !fromNginx.body.equals(page.body))
    throw new Error(
      `bench: nginx does not serve the same compressed bytes as Blattwerk (${fromNginx.status}, ${fromNginx.headers['content-encoding'] ?? 'uncompressed'}, ${fromNginx.body.length} B against ${page.body.length} B):\n${nginx.log()}`,
    );
  const headerBytes = (r: typeof page) =>
    Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);

  step('waiting for the jobs the import queued (audio, recognition) to finish: the server runs them in-process');
  await jobsDone(dataDir);
  step(`wrk ${WARMUP.seconds} s warm-up of each server`);
  await runWrk(wrk, WARMUP, articleUrl, LOAD_CPUS);
  await runWrk(wrk, WARMUP, nginx.url, LOAD_CPUS);
  const quietly = <T>(name: string, run: () => Promise<T>) => {
    step(name);
    return measureQuietly(name, run, step);
  };
  const wrkBlattwerk = await quietly(`wrk ${settings.seconds} s: Blattwerk`, () =>
    runWrk(wrk, settings, articleUrl, LOAD_CPUS),
  );
  const wrkNginx = await quietly(`wrk ${settings.seconds} s: nginx`, () => runWrk(wrk, settings, nginx.url, LOAD_CPUS));
  for (const [name, r] of [
    ['Blattwerk', wrkBlattwerk.result],
    ['nginx', wrkNginx.result],
  ] as const)
    if (r.failures) throw new Error(`bench: wrk saw ${r.failures} failed requests against ${name}:\n${r.raw}`);

  const rate = Math.round(wrkBlattwerk.result.requestsPerSecond * AIMS.loadShare);
  const open = { rate, connections: settings.connections, warmupSeconds: 2, seconds: settings.seconds, headers: GZIP };
  const atLoad = await quietly(
    `open loop at ${rate} req/s (${AIMS.loadShare * 100} % of Blattwerk's peak): Blattwerk`,
    async () => {
      await loopDelay();
      const result = await openLoop({ ...open, url: articleUrl });
      return { ...result, loop: await loopDelay() };
    },
  );
  const atLoadNginx = await quietly(`open loop at ${rate} req/s: nginx, the control`, () =>
    openLoop({ ...open, url: nginx.url }),
  );

  step('a writer saves an article a second and finishes audio from now on');
  const writer = startWriter(dataDir);
  const wrkWrites = await quietly(`wrk ${settings.seconds} s under writes: Blattwerk`, () =>
    runWrk(wrk, settings, articleUrl, LOAD_CPUS),
  );
  const atLoadWrites = await quietly(`open loop at ${rate} req/s under writes: Blattwerk`, async () => {
    await loopDelay();
    const result = await openLoop({ ...open, url: articleUrl });
    return { ...result, loop: await loopDelay() };
  });
  const written = await writer.stop();
  if (wrkWrites.result.failures)
    throw new Error(
      `bench: wrk saw ${wrkWrites.result.failures} failed requests under writes:\n${wrkWrites.result.raw}`,
    );

  let profile: ProfileSummary | undefined;
  if (flags['cpu-prof']) {
    await blattwerk.stop();
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('bench: Blattwerk wrote no CPU profile');
    profile = summariseProfile(join(profileDir, file));
  }

  return {
    date: new Date(),
    machine: describeMachine(wrk),
    pinning: SERVER_CPU === undefined ? undefined : { server: SERVER_CPU, load: LOAD_CPUS! },
    othersShare: {
      wrkBlattwerk: wrkBlattwerk.othersShare,
      wrkNginx: wrkNginx.othersShare,
      openBlattwerk: atLoad.othersShare,
      openNginx: atLoadNginx.othersShare,
      wrkWrites: wrkWrites.othersShare,
      openWrites: atLoadWrites.othersShare,
    },
    settings,
    articlePath,
    headerBytes: { blattwerk: headerBytes(page), nginx: headerBytes(fromNginx) },
    wrk: { blattwerk: wrkBlattwerk.result, nginx: wrkNginx.result },
    openLoop: { blattwerk: atLoad.result, nginx: atLoadNginx.result },
    underWrites: { wrk: wrkWrites.result, openLoop: atLoadWrites.result, ...written },
    loop: { readOnly: atLoad.result.loop, underWrites: atLoadWrites.result.loop },
    weight,
    budget: BUDGET,
    aims: AIMS,
    profile,
  };
}

/**
 * Waits until no job is queued or running. Measured while the server still made the demo's audio, the read-only
 * phase saw two seconds of GC in twelve: the audio backlog of a fresh import, not the page path.
 */
async function jobsDone(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, databaseUrl: undefined, migrations: MIGRATIONS });
  try {
    for (const deadline = Date.now() + 15 * 60_000; Date.now() < deadline;) {
      const running = await listJobs(store.db, { state: 'running' });
      const due = (await listJobs(store.db, { state: 'queued' })).filter((j) => j.runAt.getTime() <= Date.now());
      if (running.length + due.length === 0) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error('bench: the jobs of the import did not finish within 15 minutes');
  } finally {
    await store.close();
  }
}

/** bench/writer.ts on the load CPUs (it is not the server); `stop` resolves with what it wrote. */
function startWriter(dataDir: string): { stop(): Promise<{ saves: number; audio: number }> } {
  const script = fileURLToPath(new URL('./writer.ts', import.meta.url));
  const [cmd, args] = pinned(LOAD_CPUS, process.execPath, [script, dataDir]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`bench: the writer exited with ${code}`);
      return JSON.parse(out) as { saves: number; audio: number };
    },
  };
}

/** The open-loop generator in its own processes (the rate split between them), so no timer waits on anything else. */
async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const n = Number(flags.generators);
  const share = { ...options, rate: options.rate / n, connections: Math.ceil(options.connections / n) };
  const runs = await Promise.all(Array.from({ length: n }, () => generator(share)));
  return summariseRuns(options.rate, runs);
}

function generator(options: OpenLoopOptions): Promise<OpenLoopSamples> {
  const script = fileURLToPath(new URL('./openloop.ts', import.meta.url));
  const [cmd, args] = pinned(LOAD_CPUS, process.execPath, [script]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  return new Promise((resolve, reject) => {
    child.once('message', (samples) => resolve(samples as OpenLoopSamples));
    child.once('exit', (code) => reject(new Error(`bench: the open-loop generator exited (${code}) without a result`)));
    child.send(options);
  });
}

/** Compressed bytes of the page and of each stylesheet and script it loads, as a browser would fetch them. */
async function pageWeight(base: string, gzippedHtml: Buffer): Promise<Figures['weight']> {
  const htmlText = gunzipSync(gzippedHtml).toString('utf8');
  const hrefs = (re: RegExp) => [...htmlText.matchAll(re)].map((m) => m[1]!);
  const css = hrefs(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g);
  const js = hrefs(/<script\b[^>]*\bsrc="([^"]+)"/g);
  const sizeOf = async (href: string) => {
    const r = await rawGet(new URL(href, base).href, GZIP);
    if (r.status !== 200) throw new Error(`bench: ${href} answered ${r.status}`);
    return r.body.length;
  };
  const sum = async (list: string[]) => (await Promise.all(list.map(sizeOf))).reduce((a, b) => a + b, 0);
  return { html: gzippedHtml.length, css: await sum(css), js: await sum(js), files: { css, js } };
}

function step(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}
