// `npm run bench:search`: 100,000 generated German articles (bench/search-corpus.ts) on SQLite and on PostgreSQL;
// index build time with the engine's own reindex, index size, latency of a fixed query mix at 1 and 16
// concurrent clients, the very common words on their own, publish → findable through the article-event handler,
// and matchesQuery (what follow-a-search pays per followed search). Not a test: figures go to docs/benchmarks.md.
// Flags: --count N (default 100000), --no-docs, --only sqlite|postgres, --keep DIR (build the corpus into DIR and
// the PostgreSQL schema bench_search_keep, and reuse them when they are already built, for experiments on one
// corpus; a reused build's rows say "kept").
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openApp, startAppWorker, type OpenedApp } from '../src/app.ts';
import { parsePublicationDate, plain, saveArticle } from '../src/article/index.ts';
import { loadConfig } from '../src/config.ts';
import { buildVocabulary, suggest } from '../src/search/completions.ts';
import { matchesQuery, reindex, searchArticles, type SearchRequest } from '../src/search/index.ts';
import { DIALECTS, TEST_DATABASE_URL, type TestDatabase } from '../src/store/testing.ts';
import { describeMachine, othersBusy } from './machine.ts';
import { writeSection } from './report.ts';
import { corpus } from './search-corpus.ts';
import { loadCorpus } from './search-load.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    'no-docs': { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'string' },
  },
});
const COUNT = Number(flags.count);
const ROUNDS = 5;
/** Makes the published articles' word new in every run, also in a kept corpus that holds earlier runs' ones. */
const RUN = Date.now().toString(36);

/** The fixed mix: what readers type, from one rare compound to the commonest words, with and without filters. */
const MIX: { kind: string; req: SearchRequest }[] = [
  { kind: 'single word', req: { q: 'Koalition' } },
  { kind: 'single word', req: { q: 'Bürgermeisterin' } },
  { kind: 'inflected form', req: { q: 'Bodentruppen' } },
  { kind: 'inflected form', req: { q: 'Länder' } },
  { kind: 'inflected form', req: { q: 'Selenskyjs' } },
  { kind: 'umlaut spelt out', req: { q: 'Muenchen' } },
  { kind: 'two words', req: { q: 'Macron Selenskyj' } },
  { kind: 'phrase', req: { q: '"Koalition der Willigen"' } },
  { kind: 'phrase', req: { q: '"im kommenden Jahr"' } },
  { kind: 'exclusion', req: { q: 'Ukraine -Russland' } },
  { kind: 'OR', req: { q: 'Radweg OR Stadtbibliothek' } },
  { kind: 'rare word', req: { q: 'Haushaltsdebattenfenster' } },
  { kind: 'no match', req: { q: 'Quantenkryptografie' } },
  { kind: 'very common word', req: { q: 'Stadt' } },
  { kind: 'very common word', req: { q: 'Jahr' } },
  { kind: 'very common words', req: { q: 'Stadt Jahr' } },
  { kind: 'filter: topic', req: { q: 'Stadtrat', topic: 'bildung' } },
  { kind: 'filter: dates', req: { q: 'Ukraine', from: '2024-01-01', to: '2024-12-31' } },
  { kind: 'filter: language', req: { q: 'Paris', language: 'de' } },
  { kind: 'page 5', req: { q: 'Europa', page: 5 } },
];
const COMMON = MIX.filter((m) => m.kind.startsWith('very common'));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
  perSecond: number;
}

async function latencies(app: OpenedApp, mix: SearchRequest[], clients: number, rounds: number): Promise<Latency> {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let r = 0; r < rounds; r++)
        for (let i = 0; i < mix.length; i++) {
          // Each client starts at another place in the mix, so 16 clients do not ask the same thing at once.
          const req = mix[(i + c * 3) % mix.length]!;
          const t = performance.now();
          await searchArticles(app, req);
          times.push(performance.now() - t);
        }
    }),
  );
  const wall = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.at(-1)!,
    n: times.length,
    perSecond: (times.length / wall) * 1000,
  };
}

async function indexBytes(app: OpenedApp): Promise<number> {
  if (app.dialect === 'postgres') {
    const r = await sql<{
      n: string;
    }>`select pg_total_relation_size('search_documents') + pg_total_relation_size('search_words') as n`.execute(app.db);
    return Number(r.rows[0]!.n);
  }
  const r = await sql<{ n: number }>`select sum(pgsize) as n from dbstat
    where name like 'search_%' or name in (select name from sqlite_master where tbl_name like 'search_%')`.execute(
    app.db,
  );
  return Number(r.rows[0]!.n);
}

/** A new article with a word nobody used, saved as an editor would; the worker indexes it. Returns ms to found. */
async function publishToFindable(app: OpenedApp, i: number): Promise<number> {
  const word = `Zyklotronmessung${i}x${RUN}`;
  const published = parsePublicationDate(new Date().toISOString().slice(0, 10));
  if (typeof published === 'string') throw new Error(published);
  const started = performance.now();
  await saveArticle(
    app.db,
    {
      importKey: `bench-publish-${i}-${Date.now()}`,
      headline: `Neue Messung am Teilchenbeschleuniger ${i}`,
      lead: `Die ${word} beginnt heute.`,
      body: [{ type: 'paragraph', ...plain(`Forschende berichten über die ${word} in Auenstadt.`) }],
      authors: ['Bench'],
      topics: ['Wissenschaft'],
      language: 'de',
      published,
      status: 'published',
    },
    { by: 'bench', listeners: app.articleEvents },
  );
  for (;;) {
    if ((await searchArticles(app, { q: word })).total > 0) return performance.now() - started;
    if (performance.now() - started > 30_000) throw new Error('bench: a published article was not findable in 30 s');
    await new Promise((r) => setTimeout(r, 2));
  }
}

interface Row {
  dialect: string;
  loadS: number;
  indexS: number;
  bytes: number;
  one: Latency;
  sixteen: Latency;
  common: { q: string; total: number; ms: number }[];
  perKind: { kind: string; q: string; total: number; ms: number }[];
  publish: number[];
  matchMs: number;
  vocabulary: { ms: number; words: number; us: number };
  busy: number;
  /** The 1-minute load average before and after the queries were measured. */
  load: [number, number];
}

/** Builds the corpus and its index; with --keep, only when the kept database does not hold them yet. */
async function build(app: OpenedApp, builtMark: string | undefined): Promise<{ loadS: number; indexS: number }> {
  const log = (m: string) => process.stderr.write(`${app.dialect}: ${m}\n`);
  if (builtMark && existsSync(builtMark) && readFileSync(builtMark, 'utf8') === String(COUNT)) {
    log('reusing the kept corpus and index');
    return { loadS: NaN, indexS: NaN };
  }
  const loaded = await loadCorpus(app.db, corpus({ count: COUNT }), (n) => {
    if (n % 10_000 === 0) log(`${n} articles written`);
  });
  log(`corpus written in ${(loaded.ms / 1000).toFixed(0)} s; indexing`);
  if (app.dialect === 'postgres') await sql`analyze`.execute(app.db);
  const t = performance.now();
  await reindex(app, (done, total) => {
    if (done % 10_000 < 200) log(`indexed ${done}/${total}`);
  });
  const indexS = (performance.now() - t) / 1000;
  if (app.dialect === 'postgres') await sql`analyze`.execute(app.db);
  else await sql`pragma optimize`.execute(app.db);
  if (builtMark) writeFileSync(builtMark, String(COUNT));
  return { loadS: loaded.ms / 1000, indexS };
}

async function measure(dialectName: string, db: TestDatabase, builtMark: string | undefined): Promise<Row> {
  const env = { BLATTWERK_DATA: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
  const app = await openApp(loadConfig({}, env), db.pgSchema ? { pgSchema: db.pgSchema } : {});
  try {
    const { loadS, indexS } = await build(app, builtMark);
    const bytes = await indexBytes(app);
    const reqs = MIX.map((m) => m.req);
    const loadBefore = loadavg()[0]!;
    const busyBefore = await othersBusy(1000);
    await latencies(app, reqs, 1, 1); // warm-up: caches and JIT are not what a reader waits for
    const one = await latencies(app, reqs, 1, ROUNDS);
    const sixteen = await latencies(app, reqs, 16, 2);
    const busy = Math.max(busyBefore, await othersBusy(1000));
    const load: [number, number] = [loadBefore, loadavg()[0]!];
    const perKind = [];
    for (const m of MIX) {
      const times: number[] = [];
      let total = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const s = performance.now();
        const r = await searchArticles(app, m.req);
        total = r.more ? -r.total : r.total;
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      perKind.push({ kind: m.kind, q: describe(m.req), total, ms: times[Math.floor(times.length / 2)]! });
    }
    const common = perKind.filter((k) => COMMON.some((c) => describe(c.req) === k.q));
    const worker = startAppWorker(app);
    const publish: number[] = [];
    for (let i = 0; i < 5; i++) publish.push(await publishToFindable(app, i));
    await worker.stop();
    const ids = await app.db.selectFrom('articles').select('id').where('status', '=', 'published').limit(200).execute();
    const ms = performance.now();
    for (const { id } of ids) await matchesQuery(app, id, 'Koalition der Willigen');
    const matchMs = (performance.now() - ms) / ids.length;
    const vs = performance.now();
    const vocabulary = await buildVocabulary(app);
    const vocabularyMs = performance.now() - vs;
    const ss = performance.now();
    const prefixes = ['Se', 'Koal', 'Stadt', 'Ukraine Gip', 'Bür', 'Zy'];
    for (let i = 0; i < 200; i++) for (const p of prefixes) suggest(vocabulary, p);
    const suggestUs = ((performance.now() - ss) / (200 * prefixes.length)) * 1000;
    return {
      dialect: dialectName,
      loadS,
      indexS,
      bytes,
      one,
      sixteen,
      common,
      perKind,
      publish,
      matchMs,
      vocabulary: { ms: vocabularyMs, words: vocabulary.words.length, us: suggestUs },
      busy,
      load,
    };
  } finally {
    await app.close();
  }
}

function describe(req: SearchRequest): string {
  const filters = Object.entries(req)
    .filter(([k]) => k !== 'q')
    .map(([k, v]) => `${k}=${String(v)}`);
  return [req.q, ...filters].join(' · ');
}

/** The kept database of one dialect under --keep: never cleaned up. */
async function kept(dir: string, dialect: string): Promise<TestDatabase> {
  const dataDir = join(dir, dialect);
  mkdirSync(dataDir, { recursive: true });
  if (dialect !== 'postgres')
    return { dataDir, databaseUrl: undefined, pgSchema: undefined, cleanup: () => Promise.resolve() };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query('create schema if not exists bench_search_keep');
  await client.end();
  return { dataDir, databaseUrl: TEST_DATABASE_URL, pgSchema: 'bench_search_keep', cleanup: () => Promise.resolve() };
}

const rows: Row[] = [];
for (const dialect of DIALECTS) {
  if (flags.only && flags.only !== dialect.name) continue;
  const db = flags.keep ? await kept(flags.keep, dialect.name) : await dialect.create();
  try {
    rows.push(await measure(dialect.name, db, flags.keep ? join(flags.keep, `${dialect.name}.built`) : undefined));
  } finally {
    await db.cleanup();
  }
}

/** A count the search capped is stored negative and shown as "> n". */
const hits = (n: number) => (n < 0 ? `> ${(-n).toLocaleString('en-GB')}` : n.toLocaleString('en-GB'));
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const head = `|  | ${rows.map((r) => r.dialect).join(' | ')} |\n| --- |${rows.map(() => ' ---: |').join('')}`;
const line = (label: string, f: (r: Row) => string) => `| ${label} | ${rows.map(f).join(' | ')} |`;
const summary = [
  head,
  line('corpus written (bulk insert)', (r) => (Number.isNaN(r.loadS) ? 'kept' : `${r.loadS.toFixed(0)} s`)),
  line('index build (`reindex`)', (r) => (Number.isNaN(r.indexS) ? 'kept' : `${r.indexS.toFixed(0)} s`)),
  line('index size', (r) => mb(r.bytes)),
  line('1 client: p50 / p95 / p99 ms', (r) => `${ms(r.one.p50)} / ${ms(r.one.p95)} / ${ms(r.one.p99)}`),
  line('1 client: searches/s', (r) => r.one.perSecond.toFixed(0)),
  line('16 clients: p50 / p95 / p99 ms', (r) => `${ms(r.sixteen.p50)} / ${ms(r.sixteen.p95)} / ${ms(r.sixteen.p99)}`),
  line('16 clients: searches/s', (r) => r.sixteen.perSecond.toFixed(0)),
  line('publish → findable (5 runs) ms', (r) => r.publish.map((p) => p.toFixed(0)).join(', ')),
  line('matchesQuery per article', (r) => `${ms(r.matchMs)} ms`),
  line(
    'suggestions: vocabulary build',
    (r) => `${r.vocabulary.ms.toFixed(0)} ms, ${r.vocabulary.words.toLocaleString('en-GB')} words`,
  ),
  line('suggestions: one prefix', (r) => `${r.vocabulary.us.toFixed(0)} µs`),
  line('other load on the machine', (r) => `${(r.busy * 100).toFixed(0)} % of the CPUs`),
  line('load average (1 min) around the queries', (r) => `${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`),
].join('\n');
const kinds = [
  `| query | kind | ${rows.map((r) => `${r.dialect}: hits, median ms`).join(' | ')} |`,
  `| --- | --- |${rows.map(() => ' ---: |').join('')}`,
  ...MIX.map(
    (m, i) =>
      `| \`${describe(m.req)}\` | ${m.kind} | ${rows.map((r) => `${hits(r.perKind[i]!.total)}, ${ms(r.perKind[i]!.ms)}`).join(' | ')} |`,
  ),
].join('\n');
process.stdout.write(`${summary}\n\n${kinds}\n`);

const KEPT = flags.keep
  ? '; this run reused a corpus and index built earlier (`--keep`: the rows "kept"; how they were built is said below).'
  : '.';
const when = new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 16);
const section = `## Suche: ${COUNT.toLocaleString('en-GB')} articles${flags.only ? ` on ${flags.only}` : ''} (\`npm run bench:search\`)

Measured ${when} (Europe/Berlin) on ${describeMachine('true').split(';')[0]}, a machine shared with other
engineers' builds and tests (the row "other load" is what they took while queries were measured). The corpus is
generated (bench/search-corpus.ts: a Markov chain over the demo texts and the seed, every noun swapped for one of
a Zipf–Mandelbrot-drawn vocabulary: 40 everyday news nouns first, the texts' own nouns spread over ranks 50–20,000,
60,000 compounds, names and places; log-normal lengths around 350 words; 2 % drafts), written
straight into the article tables, then indexed by the engine's \`reindex\` (the code the article-event handler
runs per article)${KEPT} Latencies are \`searchArticles\` in-process (query, ranking, snippets; no HTTP), over a fixed
mix of ${MIX.length} queries, ${ROUNDS} rounds after a warm-up (16 clients: 2 rounds each, concurrently in the same process).
Publish → findable: \`saveArticle\` with the app's listeners, the worker running, polling until the search finds it.
The engine ranks the newest 1,000 matches and counts to 10,000 ("> 10,000" in the table). Aims: p95 ≤ 20 ms
with one client on both databases; publish → findable ≤ 1 s.

${summary}

${kinds}
`;
// One section per database when they were measured apart (--only), so two runs side by side keep both.
const script = flags.only ? `bench/search.ts --only ${flags.only}` : 'bench/search.ts';
const command = flags.only ? `npm run bench:search -- --only ${flags.only}` : 'npm run bench:search';
if (!flags['no-docs']) writeSection(join(ROOT, 'docs/benchmarks.md'), section, script, command);
