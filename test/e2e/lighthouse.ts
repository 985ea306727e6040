// Lighthouse (mobile form factor) against the system Chromium, started with the browser tests' flags. Used by the
// quality gates (accessibility, best practices, SEO) and by `npm run bench:lighthouse` (all four, performance too:
// a timing, so it is measured there and never asserted in a test).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS, leavesMachine } from './browser.ts';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/** Chromium with a DevTools port of its own choosing (read back from the profile), for Lighthouse to drive. */
export async function startDebuggableChromium(): Promise<DebuggableChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'blattwerk-lighthouse-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.kill();
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    try {
      const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
      if (port > 0) return { port, close };
    } catch {
      // Not written yet.
    }
    await sleep(100);
  }
  await close();
  throw new Error(`lighthouse: ${CHROMIUM} did not open a DevTools port (exit code ${child.exitCode ?? 'none'})`);
}

export interface LighthouseResult {
  scores: Record<Category, number | null>;
  /** Audits that cost points in a category, one readable line each: id, title, value and the elements named. */
  failing: Record<Category, string[]>;
  /** Requests the page made to any host other than the test server's. */
  offMachine: string[];
}

interface Details {
  items?: {
    url?: string;
    node?: { selector?: string };
    source?: { url?: string };
    sourceLocation?: { url?: string };
    description?: string;
  }[];
}

/** A run that measured nothing (a trace lost on a busy machine: NO_NAVSTART, NO_FCP …) is run again this often. */
const ATTEMPTS = 3;

/** One Lighthouse run, mobile (Lighthouse's default form factor, throttling simulated), of `categories`. */
export async function runLighthouse(
  url: string,
  port: number,
  options: { categories?: readonly Category[]; headers?: Record<string, string> } = {},
): Promise<LighthouseResult> {
  const categories = options.categories ?? CATEGORIES;
  let lhr;
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, {
      port,
      hostname: '127.0.0.1',
      output: 'json',
      logLevel: 'error',
      formFactor: 'mobile',
      onlyCategories: [...categories],
      ...(options.headers ? { extraHeaders: options.headers } : {}),
    });
    if (!result) throw new Error(`lighthouse: no result for ${url}`);
    lhr = result.lhr;
    if (!lhr.runtimeError) break;
    if (attempt === ATTEMPTS)
      throw new Error(`lighthouse: ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message} (${ATTEMPTS} times)`);
  }
  const scores = {} as LighthouseResult['scores'];
  const failing = {} as LighthouseResult['failing'];
  for (const id of categories) {
    const category = lhr.categories[id];
    if (!category) throw new Error(`lighthouse: ${url}: no "${id}" category in the report`);
    scores[id] = category.score;
    failing[id] = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id]!)
      .filter((a) => a.score !== null && a.score < 1)
      .map((a) => {
        const items = (a.details as Details | undefined)?.items ?? [];
        const where = items
          .map((i) => i.node?.selector ?? i.sourceLocation?.url ?? i.source?.url ?? i.url ?? i.description)
          .filter((w): w is string => !!w)
          .slice(0, 5);
        return `${a.id} (${a.title})${a.displayValue ? `: ${a.displayValue}` : ''}${where.length ? ` at ${where.join(', ')}` : ''}`;
      });
  }
  const requests = (lhr.audits['network-requests']?.details as Details | undefined)?.items ?? [];
  return { scores, failing, offMachine: requests.map((r) => r.url ?? '').filter((u) => u && leavesMachine(u)) };
}
