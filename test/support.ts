// Starts the whole application on a free port against a fresh database of one dialect.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAppServer, importDemoIfNew, openApp, type App, type OpenedApp } from '../src/app.ts';
import { articleEventJob } from '../src/article/events.ts';
import { importPaths } from '../src/article/import/importer.ts';
import type { Article } from '../src/article/model.ts';
import { loadConfig } from '../src/config.ts';
import { startWorker } from '../src/store/jobs.ts';
import type { TestDatabase, TestDialect } from '../src/store/testing.ts';

export interface RunningApp {
  app: OpenedApp;
  baseUrl: string;
  dataDir: string;
  testDb: TestDatabase;
  stop(): Promise<void>;
}

/**
 * `database`: serve a database another RunningApp already uses (a second process on it); it stays to its owner.
 * `env`: more configuration, as the environment would give it.
 */
export async function startTestApp(
  dialect: TestDialect,
  options: { demo?: boolean; database?: TestDatabase; env?: Record<string, string> } = {},
): Promise<RunningApp> {
  const testDb = options.database ?? (await dialect.create());
  const env = {
    BLATTWERK_DATA: testDb.dataDir,
    ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}),
    ...options.env,
  };
  const server0 = loadConfig({ port: '0' }, env);
  const app = await openApp(server0, testDb.pgSchema ? { pgSchema: testDb.pgSchema } : {});
  if (options.demo) {
    await importDemoIfNew(app);
    await runArticleEvents(app);
  }
  const server = createAppServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  // Canonical URLs must point at where the test server really is.
  app.config.baseUrl = baseUrl;
  return {
    app,
    baseUrl,
    dataDir: testDb.dataDir,
    testDb,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      if (!options.database) await testDb.cleanup();
    },
  };
}

export const SEED_FILE = new URL('../../shared/seed/article-2025-03-koalition-der-willigen.txt', import.meta.url);

/** Imports the seed article (from ../shared, never copied here); fails loudly when it is missing or refused. */
export async function importSeed(app: App): Promise<Article> {
  const seedPath = fileURLToPath(SEED_FILE);
  if (!existsSync(seedPath)) throw new Error(`test: the seed article is missing at ${seedPath}; these tests need it`);
  const [result] = await importPaths(app.db, [seedPath], { listeners: app.articleEvents });
  if (!result?.ok) throw new Error(`test: seed import failed: ${result && !result.ok ? result.error : 'no result'}`);
  await runArticleEvents(app);
  return result.article;
}

/**
 * Runs the article event handlers queued so far, as the server's worker would right after an import: entities
 * recognised, audio and fan-out queued. The jobs those queue (synthesis, sending) are left to the test.
 */
export async function runArticleEvents(app: App): Promise<void> {
  await startWorker(app.db, { handlers: { 'article.event': articleEventJob(app.articleEvents, app) } }, false).drain();
}

export const BIN = fileURLToPath(new URL('../bin/blattwerk.js', import.meta.url));
const run = promisify(execFile);

/** Runs the `blattwerk` command as an operator would; resolves with its exit code and output, never throws. */
export async function blattwerk(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
