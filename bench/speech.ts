// `npm run bench:speech`: the seed article from import to ready audio, against the raw engine on the same text,
// on one core (re-runs itself under `taskset -c 0`). Not a test: figures go to docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, startAppWorker } from '../src/app.ts';
import { importPaths } from '../src/article/import/importer.ts';
import { loadConfig } from '../src/config.ts';
import { rawSynthesisMs } from '../src/speech/engine/espeak.ts';
import { speechPlan } from '../src/speech/generate.ts';
import type { SpeechApp } from '../src/speech/runtime.ts';
import { getAudio } from '../src/speech/store.ts';
import { describeMachine } from './machine.ts';
import { writeSection } from './report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, '../shared/seed/article-2025-03-koalition-der-willigen.txt');

if (!process.env.BENCH_PINNED && spawnSync('taskset', ['-V']).status === 0) {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}

interface Row {
  setup: string;
  readyMs: number;
  audioMs: number;
  rawMs: number;
}

async function measure(setup: string, env: Record<string, string>): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'blattwerk-bench-speech-'));
  try {
    const app = await openApp(loadConfig({ data: dir }, { ...process.env, ...env }));
    const worker = startAppWorker(app);
    const started = performance.now();
    const [result] = await importPaths(app.db, [SEED], { onSaved: (a, o) => app.articleSaved(a, o) });
    if (!result?.ok) throw new Error('bench: the seed did not import');
    let audio = await getAudio(app.db, result.article.id);
    while (audio?.state !== 'ready') {
      if (audio?.state === 'failed') throw new Error(`bench: audio failed: ${audio.error}`);
      await new Promise((r) => setTimeout(r, 2));
      audio = await getAudio(app.db, result.article.id);
    }
    const readyMs = performance.now() - started;
    await worker.stop();
    // The raw engine: the same spoken text in one espeak-ng run to WAV, no splitting, no MP3.
    const plan = await speechPlan(app, (app.features.speech as SpeechApp).speech.engine, result.article);
    const text = plan.sentences.map((s) => s.spoken).join('\n');
    const raws: number[] = [];
    for (let i = 0; i < 3; i++)
      raws.push(await rawSynthesisMs(text, plan.language, env.BLATTWERK_ESPEAK as 'system' | 'wasm'));
    await app.close();
    return { setup, readyMs, audioMs: audio.durationMs ?? 0, rawMs: Math.min(...raws) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const setups: [string, Record<string, string>][] = [
  ['Debian espeak-ng + lame (default when installed)', { BLATTWERK_ESPEAK: 'system' }],
  ['npm espeak-ng (wasm) + wasm LAME (fresh machine)', { BLATTWERK_ESPEAK: 'wasm', BLATTWERK_MP3_ENCODER: 'wasm' }],
];
const rows: Row[] = [];
for (const [name, env] of setups) {
  await measure(name, env); // warm-up: module loading and JIT are not what readers wait for
  const runs = [await measure(name, env), await measure(name, env), await measure(name, env)];
  rows.push(runs.sort((a, b) => a.readyMs - b.readyMs)[1]!);
}

const f = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 0 });
const lines = [
  '| setup | import → audio ready | audio length | real-time factor | raw engine | pipeline ÷ raw |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.setup} | ${f(r.readyMs)} ms | ${(r.audioMs / 1000).toFixed(1)} s | ${f(r.audioMs / r.readyMs)}× | ${f(r.rawMs)} ms | ${(r.readyMs / r.rawMs).toFixed(1)}× |`,
  ),
];
const when = new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }).slice(0, 16);
const section = `## Vorlesen: the seed article (\`npm run bench:speech\`)

Measured ${when} (Europe/Berlin) on ${describeMachine('true').split(';')[0]}, pinned to one core (taskset -c 0); median of three runs after a warm-up.
"Import → audio ready" runs in one process: import, the background job (speech text, synthesis, MP3, timings, file,
record). "Raw engine" is espeak-ng alone on the same spoken text, one run to WAV. Aim: ready within 2 s on one core;
pipeline ≤ 1.25 × raw engine.

${lines.join('\n')}
`;
process.stdout.write(`${lines.join('\n')}\n`);
if (!process.argv.includes('--no-docs'))
  writeSection(join(ROOT, 'docs/benchmarks.md'), section, 'bench/speech.ts', 'npm run bench:speech');
