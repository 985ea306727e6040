// `npm run bench:follow` (not a test): one article published to an item with 100,000 push subscribers, each
// with its own endpoint on a stand-in push service (HTTPS on loopback, in its own process). Prints the time
// until all are delivered and recorded and the CPU time per notification, and records them in
// docs/benchmarks.md with the machine and date. `--db sqlite|postgres|both` (default sqlite), `--readers N`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { measureQuietly } from '../../../bench/machine.ts';
import { parsePublicationDate, saveArticle } from '../../article/index.ts';
import { loadConfig } from '../../config.ts';
import { listJobs, startWorker } from '../../store/jobs.ts';
import { DIALECTS, type TestDialect } from '../../store/testing.ts';
import { queueFanout } from './fanout.ts';
import { deliveryJobs } from './index.ts';
import { closeDelivery } from './runtime.ts';
import { browserKeys } from './test-push-service.ts';
import { openDeliveryApp } from './testing.ts';

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    readers: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'sqlite' },
    docs: { type: 'boolean', default: true },
  },
});
const READERS = Number(flags.readers);
const wanted = flags.db === 'both' ? ['sqlite', 'postgres'] : [flags.db];
const AIM_PER_S = 2000;
const log = (line: string) => process.stderr.write(`bench:follow: ${line}\n`);

interface Figures {
  dialect: string;
  readers: number;
  deliveredS: number;
  recordedS: number;
  perSecond: number;
  cpuUsPerNotification: number;
  endpointCpuUsPerNotification: number;
  duplicates: number;
  maxRssMb: number;
  othersShare: number;
  settings: string;
}

interface EndpointStats {
  requests: number;
  distinct: number;
  firstAt: number;
  lastAt: number;
  cpuMs: number;
}

async function measure(dialect: TestDialect): Promise<Figures> {
  const endpoint = spawn(process.execPath, [fileURLToPath(new URL('./bench-push-service.ts', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: endpoint.stdout })[Symbol.asyncIterator]();
  const next = async <T>() => JSON.parse(((await lines.next()).value as string | undefined) ?? 'null') as T;
  const stats = () => (endpoint.stdin.write('stats\n'), next<EndpointStats>());
  const { origin, ca } = await next<{ origin: string; ca: string }>();
  const testDb = await dialect.create();
  const app = await openDeliveryApp(
    loadConfig(
      { port: '0' },
      { BLATTWERK_DATA: testDb.dataDir, ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}) },
    ),
    testDb.pgSchema,
    { push: { ca, allowPrivateNetworks: true } },
  );
  try {
    const runtime = app.delivery;
    log(`${dialect.name}: ${READERS.toLocaleString('en')} readers, each with a push subscription of its own`);
    const keys = Array.from({ length: 16 }, () => browserKeys());
    const now = new Date().toISOString();
    for (let i = 0; i < READERS; i += 1000) {
      const ids = Array.from({ length: Math.min(1000, READERS - i) }, () => randomBytes(16).toString('hex'));
      await app.db.transaction().execute(async (tx) => {
        for (let j = 0; j < ids.length; j += 500) {
          const chunk = ids.slice(j, j + 500);
          await tx
            .insertInto('followers')
            .values(
              chunk.map((id) => ({
                id,
                token_hash: randomBytes(32).toString('hex'),
                created_at: now,
                last_seen_at: now,
              })),
            )
            .execute();
          await tx
            .insertInto('follows')
            .values(chunk.map((id) => ({ follower_id: id, item: 'topic:ukraine', created_at: now })))
            .execute();
          await tx
            .insertInto('push_subscriptions')
            .values(
              chunk.map((id, k) => ({
                id: randomUUID(),
                follower_id: id,
                endpoint: `${origin}/push/${id}`,
                p256dh: keys[k % 16]!.p256dh,
                auth: keys[k % 16]!.auth,
                created_at: now,
                failures: 0,
                last_error: null,
              })),
            )
            .execute();
        }
      });
    }
    const published = parsePublicationDate(now.slice(0, 10));
    if (typeof published === 'string') throw new Error(published);
    const { article } = await saveArticle(
      app.db,
      {
        headline: 'Koalition der Willigen trifft sich in Paris',
        lead: 'Europas Unterstützer der Ukraine beraten über Sicherheitsgarantien.',
        body: [],
        authors: [],
        topics: ['Ukraine'],
        language: 'de',
        published,
        status: 'published',
      },
      { by: 'test' },
    );

    // As the app runs it: one worker, default concurrency, running before the article is published.
    const worker = startWorker(app.db, { handlers: deliveryJobs(app), log });
    log(`${dialect.name}: publishing`);
    const cpu0 = process.cpuUsage();
    const endpoint0 = await stats();
    const t0 = Date.now();
    await queueFanout(app, article);
    let s = await stats();
    while (s.requests - endpoint0.requests < READERS) {
      await sleep(100);
      s = await stats();
    }
    for (;;) {
      const open = await listJobs(app.db, { state: ['queued', 'running'] });
      if (open.length === 0) break;
      await sleep(50);
    }
    const recordedMs = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await worker.stop();
    const sent = await app.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('state', '=', 'sent')
      .executeTakeFirstOrThrow();
    if (Number(sent.n) !== READERS)
      throw new Error(`bench: ${String(sent.n)} of ${READERS} deliveries recorded as sent`);
    const deliveredS = (s.lastAt - t0) / 1000;
    return {
      dialect: dialect.name,
      readers: READERS,
      deliveredS,
      recordedS: recordedMs / 1000,
      perSecond: READERS / deliveredS,
      cpuUsPerNotification: (cpu.user + cpu.system) / READERS,
      endpointCpuUsPerNotification: ((s.cpuMs - endpoint0.cpuMs) * 1000) / READERS,
      duplicates: s.requests - endpoint0.requests - READERS,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      othersShare: 0,
      settings: `fan-out batches of ${runtime.fanoutBatch} readers, ${runtime.pushConcurrency} readers in flight per send job, 2 jobs at once`,
    };
  } finally {
    closeDelivery(app.delivery);
    await app.store.close();
    await testDb.cleanup();
    endpoint.stdin.end();
  }
}

function machine(): string {
  const out = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const model = /Model name:\s*(.+)/.exec(out('lscpu', []))?.[1]?.trim() ?? 'unknown CPU';
  return `${model}, ${out('nproc', [])} CPUs, ${out('uname', ['-srm'])}; Node ${process.version}`;
}

const results: Figures[] = [];
for (const name of wanted) {
  const dialect = DIALECTS.find((d) => d.name === name);
  if (!dialect) throw new Error(`bench: --db ${name}: use sqlite, postgres or both`);
  const { result, othersShare } = await measureQuietly(`${name} fan-out`, () => measure(dialect), log);
  results.push({ ...result, othersShare });
}

const when = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'short',
  timeStyle: 'short',
}).format(new Date());
const f = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows = (label: string, value: (r: Figures) => string) => `| ${label} | ${results.map(value).join(' | ')} |`;
const table = [
  `|  | ${results.map((r) => (r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL')).join(' | ')} |`,
  `| --- | ${results.map(() => '---:').join(' | ')} |`,
  rows('push subscribers (one endpoint each)', (r) => f(r.readers)),
  rows('publish → last notification at the push service', (r) => `${f(r.deliveredS, 1)} s`),
  rows('publish → every delivery recorded, all jobs done', (r) => `${f(r.recordedS, 1)} s`),
  rows(
    `notifications/s (aim ≥ ${f(AIM_PER_S)})`,
    (r) => `${f(r.perSecond)} (${r.perSecond >= AIM_PER_S ? 'met' : 'not met'})`,
  ),
  rows('CPU per notification, Blattwerk process (user+sys)', (r) => `${f(r.cpuUsPerNotification)} µs`),
  rows('CPU per notification, stand-in push service', (r) => `${f(r.endpointCpuUsPerNotification)} µs`),
  rows('requests beyond one per subscriber', (r) => f(r.duplicates)),
  rows('peak RSS, Blattwerk process', (r) => `${f(r.maxRssMb)} MB`),
  rows(
    'CPU share of other processes meanwhile (PostgreSQL: includes its server)',
    (r) => `${f(r.othersShare * 100)} %`,
  ),
].join('\n');
const section = `## News folgen: push fan-out (\`npm run bench:follow\`)

Measured ${when} (Europe/Berlin) on ${machine()}.

One article published to a topic with ${f(READERS)} followers, each with a Web Push subscription of its own (own endpoint path, RFC 8291 encryption with a fresh key per message, VAPID). The push service is a stand-in on loopback (HTTPS, answers 201 at once) in its own process; both processes share the 2 CPUs. The worker runs as in the app: ${results[0]?.settings ?? ''}. Timing starts when the article's save is announced to delivery and includes the fan-out job, every send job and the bookkeeping.

${table}`;
process.stdout.write(`\n${table}\n`);

if (flags.docs) {
  const file = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  const BEGIN = '<!-- bench:follow: begin (generated; rerun `npm run bench:follow` to replace) -->';
  const END = '<!-- bench:follow: end -->';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const block = `${BEGIN}\n${section}\n${END}`;
  writeFileSync(
    file,
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${block}\n`,
  );
  process.stdout.write('recorded in docs/benchmarks.md\n');
}
