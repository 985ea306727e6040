// Artikel teilen's costs: drawing a preview image (SVG → PNG with resvg), serving it again from the disk cache,
// and the weight of the share script and stylesheet. Replaces its section in docs/benchmarks.md.
// Run: npm run bench:share (on a quiet machine; pinning to one core: taskset -c 0 node bench/share.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { previewStore, renderPng } from '../src/share/preview-store.ts';
import { localFiles } from '../src/store/files.ts';
import type { PreviewInput } from '../src/share/preview.ts';
import { HOSTILE_TITLE } from '../src/share/testing.ts';
import { writeSection } from './report.ts';

const RUNS = 30;
const loadAtStart = loadavg()[0]!;

const seed: PreviewInput = {
  kicker: '',
  headline: 'In Paris trifft sich die "Koalition der Willigen"',
  siteName: 'Blattwerk',
  date: 'März 2025',
};
const hostile: PreviewInput = {
  kicker: 'Kicker <&"> 🚀',
  headline: HOSTILE_TITLE,
  siteName: 'Blattwerk',
  date: '27. März 2025',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const first = await time(() => renderPng(seed)); // includes parsing our font tables once
const rows: string[][] = [];
for (const [name, input] of [
  ['seed headline', seed],
  ['hostile 500-character headline', hostile],
] as const) {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await time(() => renderPng(input)));
  const png = await renderPng(input);
  rows.push([name, `${median(ms).toFixed(1)} ms`, `${p90(ms).toFixed(1)} ms`, `${(png.length / 1024).toFixed(0)} KiB`]);
}
const dir = mkdtempSync(join(tmpdir(), 'blattwerk-bench-share-'));
const cached: number[] = [];
try {
  const store = previewStore(localFiles(dir));
  await store.png('bench', seed);
  for (let i = 0; i < RUNS; i++) cached.push(await time(() => store.png('bench', seed)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const gz = (file: string) =>
  gzipSync(readFileSync(new URL(`../src/share/assets/${file}`, import.meta.url)), { level: 9 }).length;
const cpu =
  /Model name:\s*(.+)/.exec(spawnSync('lscpu', [], { encoding: 'utf8' }).stdout ?? '')?.[1]?.trim() ?? 'unknown CPU';
const date = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'short',
  timeStyle: 'short',
}).format(new Date());

const section = `## Artikel teilen: preview images and script weight (\`npm run bench:share\`)

Measured ${date} (Europe/Berlin) on ${cpu}, ${spawnSync('nproc', [], { encoding: 'utf8' }).stdout.trim()} CPU(s) available to the process, Node ${process.version}; ${RUNS} runs each; load average ${loadAtStart.toFixed(1)} at the start (the box is shared).
A preview is drawn once per article and drawing (1200×630 PNG, resvg off the main thread) and then read from disk.

| what | median | p90 | size |
| --- | ---: | ---: | ---: |
| first render in a process | ${first.toFixed(1)} ms |  |  |
${rows.map((r) => `| render: ${r[0]} | ${r[1]} | ${r[2]} | ${r[3]} |`).join('\n')}
| served again from the disk cache | ${median(cached).toFixed(2)} ms | ${p90(cached).toFixed(2)} ms |  |
| share.js (gzip) |  |  | ${gz('share.js')} B of 1,536 B |
| share.css (gzip) |  |  | ${gz('share.css')} B |
`;

process.stdout.write(`${section}\n`);
writeSection(
  new URL('../docs/benchmarks.md', import.meta.url).pathname,
  section,
  'bench/share.ts',
  'npm run bench:share',
);
