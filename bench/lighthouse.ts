// `npm run bench:lighthouse`: Lighthouse (mobile, simulated throttling) on the reader pages issue 10 names, all
// four categories, the median of --runs runs per page. Performance is a timing, so it is measured here and never
// asserted in a test. As root with `unshare` it runs in a network namespace of its own (loopback only): proof
// that neither Lighthouse nor the pages reach another host. Prints a table and records it in docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SQLITE } from '../src/store/testing.ts';
import { CATEGORIES, runLighthouse, startDebuggableChromium } from '../test/e2e/lighthouse.ts';
import { readerPages } from '../test/e2e/reader-pages.ts';
import { importSeed, startTestApp } from '../test/support.ts';
import { writeSection } from './report.ts';

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    runs: { type: 'string', default: '3' },
    docs: { type: 'boolean', default: true },
    isolate: { type: 'boolean', default: true },
  },
});

const ISOLATED = 'BLATTWERK_BENCH_ISOLATED';
const self = fileURLToPath(import.meta.url);
if (
  flags.isolate &&
  !process.env[ISOLATED] &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['-n', 'true']).status === 0
) {
  // Again, inside a network namespace with only loopback up.
  const args = [self, ...process.argv.slice(2)].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const child = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec '${process.execPath}' ${args}`], {
    stdio: 'inherit',
    env: { ...process.env, [ISOLATED]: '1' },
  });
  process.exit(child.status ?? 1);
}

const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`bench: --runs must be a whole number ≥ 1, not "${flags.runs}"`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const loadAtStart = loadavg()[0]!;

const running = await startTestApp(SQLITE, { demo: true });
const chromium = await startDebuggableChromium();
const rows: string[][] = [];
const findings: string[] = [];
try {
  const seed = await importSeed(running.app);
  for (const page of (await readerPages(running, seed)).filter((p) => p.lighthouse)) {
    const scores: Record<string, number[]> = {};
    // The machine is shared: each run's figure is only read beside the load it ran under.
    const loads: number[] = [];
    for (let i = 0; i < runs; i++) {
      loads.push(loadavg()[0]!);
      const r = await runLighthouse(running.baseUrl + page.path, chromium.port, {
        ...(page.cookie ? { headers: { cookie: page.cookie } } : {}),
      });
      if (r.offMachine.length) throw new Error(`bench: ${page.name} requested other hosts: ${r.offMachine.join(' ')}`);
      for (const c of CATEGORIES) (scores[c] ??= []).push(Math.round((r.scores[c] ?? 0) * 100));
      if (i === 0)
        for (const c of CATEGORIES)
          findings.push(...r.failing[c].map((f) => `${page.name} [${c}] ${f.replaceAll(running.baseUrl, '')}`));
    }
    rows.push([
      page.name,
      ...CATEGORIES.map((c) => `${median(scores[c]!)} (${Math.min(...scores[c]!)}–${Math.max(...scores[c]!)})`),
      `${scores.performance!.join(', ')} at ${loads.map((l) => l.toFixed(1)).join(', ')}`,
    ]);
    console.log(rows.at(-1)!.join('  '));
  }
} finally {
  await chromium.close();
  await running.stop();
}

const chromiumVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
const lighthouseVersion = (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version;
const cpu =
  /Model name:\s*(.+)/.exec(spawnSync('lscpu', [], { encoding: 'utf8' }).stdout)?.[1]?.trim() ?? 'unknown CPU';
const when = new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 16);
const markdown = `## Lighthouse on the reader pages (\`npm run bench:lighthouse\`)

Measured ${when} (Europe/Berlin) on ${cpu}, ${spawnSync('nproc', [], { encoding: 'utf8' }).stdout.trim()} CPUs, load ${loadAtStart.toFixed(1)} at the start${loadAtStart > availableParallelism() ? ' (a shared, busy machine: performance, a timing, comes out lower than on a quiet one)' : ''}; Node ${process.version}, Lighthouse ${lighthouseVersion}, ${chromiumVersion}. Mobile form factor, simulated throttling (Lighthouse's defaults), demo content with the seed article, Meine News as a reader who follows two things. Median of ${runs} runs per page (lowest–highest in brackets). ${process.env[ISOLATED] ? 'Run in a network namespace with only loopback: nothing could reach another host.' : 'The network was not isolated (needs root and `unshare`); no page requested another host.'}

| page | performance | accessibility | best practices | SEO | performance per run at load (1 min) |
| --- | ---: | ---: | ---: | ---: | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

${findings.length ? `Audits that cost points (first run):\n\n${findings.map((f) => `- ${f}`).join('\n')}` : 'No audit cost a point.'}
`;
console.log(`\n${markdown}`);
if (flags.docs)
  writeSection(
    fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)),
    markdown,
    'bench/lighthouse.ts',
    'npm run bench:lighthouse',
  );
