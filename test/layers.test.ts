// The import graph keeps the layers docs/architecture.md draws: store, web and kernel import no feature and no
// composition root; a feature imports another feature only through its index.ts; nothing but cli.ts and test
// code imports the composition root (app.ts, migrations.ts). Read from the import lines of every source file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const FEATURES = ['article', 'speech', 'follow', 'share', 'search'];
const LOWER = ['store', 'web', 'kernel'];
const COMPOSITION_ROOT = ['src/app.ts', 'src/migrations.ts'];
/** Test code may open the whole app; it is not part of any layer's runtime graph. */
const isTestCode = (file: string) => /(\.test\.ts|\/testing\.ts|\/test-[\w-]+\.ts|\/bench[\w-]*\.ts)$/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'assets' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, re-exports, type-only and dynamic), as paths from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(ROOT, resolve(dirname(file), s)));
}

/** 'store', 'web', 'kernel', a feature's name, 'root' for app.ts/migrations.ts/cli.ts, or 'shared' (config …). */
function layerOf(path: string): string {
  const [top, second] = path.split('/');
  if (top !== 'src') return 'outside';
  if (COMPOSITION_ROOT.includes(path) || path === 'src/cli.ts') return 'root';
  if (second && (LOWER.includes(second) || FEATURES.includes(second)) && path.split('/').length > 2) return second;
  return 'shared';
}

const edges = sourceFiles(SRC).flatMap((file) => {
  const from = relative(ROOT, file);
  return importsOf(file).map((to) => ({ from, to }));
});

describe('the import graph', () => {
  it('sees the imports it checks (the scan is not empty)', () => {
    assert.ok(edges.some((e) => e.from === 'src/app.ts' && e.to === 'src/speech/index.ts'));
    assert.ok(edges.some((e) => e.to === 'src/kernel/index.ts'));
  });

  it('store, web and kernel never import a feature or the composition root', () => {
    const bad = edges.filter(
      (e) =>
        LOWER.includes(layerOf(e.from)) &&
        !isTestCode(e.from) &&
        (FEATURES.includes(layerOf(e.to)) || layerOf(e.to) === 'root'),
    );
    assert.deepEqual(bad, []);
  });

  it('shared modules (config, progress) import no feature and no composition root', () => {
    const bad = edges.filter(
      (e) =>
        layerOf(e.from) === 'shared' &&
        !isTestCode(e.from) &&
        (FEATURES.includes(layerOf(e.to)) || layerOf(e.to) === 'root'),
    );
    assert.deepEqual(bad, []);
  });

  it('a feature imports another feature only through its index.ts', () => {
    const bad = edges.filter((e) => {
      const [from, to] = [layerOf(e.from), layerOf(e.to)];
      return FEATURES.includes(from) && FEATURES.includes(to) && from !== to && e.to !== `src/${to}/index.ts`;
    });
    assert.deepEqual(bad, []);
  });

  it('only cli.ts and test code import the composition root', () => {
    const bad = edges.filter(
      (e) =>
        COMPOSITION_ROOT.includes(e.to) && e.from !== 'src/cli.ts' && e.from !== 'src/app.ts' && !isTestCode(e.from),
    );
    assert.deepEqual(bad, []);
  });
});

describe('one-way composition at run time', () => {
  // Each feature's index first, in a fresh process: a cycle through app.ts showed as "Cannot access
  // 'speechFeature' before initialization" when speech/index.ts was loaded before app.ts.
  for (const entry of [...FEATURES.map((f) => `src/${f}/index.ts`), 'src/kernel/index.ts', 'src/app.ts']) {
    it(`loads ${entry} first without crashing`, () => {
      const run = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `await import(${JSON.stringify(join(ROOT, entry))});`],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(run.status, 0, run.stderr);
    });
  }
});
