// Composition root: opens the store, registers assets, wires each feature's routes into one web server.
import type { Kysely } from 'kysely';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { importPaths } from './article/import/importer.ts';
import { articleRoutes, notFoundPage } from './article/routes.ts';
import type { Config } from './config.ts';
import { contentGeneration, openStore, type Dialect, type Store } from './store/db.ts';
import type { Database } from './store/schema.ts';
import { addAsset } from './web/assets.ts';
import { createWebServer } from './web/server.ts';

export interface App {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  /** Scripts every page loads (defer), by public URL. */
  scripts: string[];
  log(message: string): void;
}

export const DEMO_CONTENT = fileURLToPath(new URL('../content/demo/', import.meta.url));

export async function openApp(config: Config, options: { pgSchema?: string } = {}): Promise<App & { store: Store }> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...options });
  addAsset('site.css', new URL('./web/assets/site.css', import.meta.url));
  return {
    config,
    store,
    db: store.db,
    dialect: store.dialect,
    scripts: [],
    log: (message) => process.stderr.write(`${new Date().toISOString()} ${message}\n`),
  };
}

/** A database created just now gets the bundled demo articles. */
export async function importDemoIfNew(app: App & { store: Store }): Promise<void> {
  if (app.store.versionAtOpen !== 0) return;
  const results = await importPaths(app.db, [DEMO_CONTENT]);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`demo content: ${failed.map((f) => `${f.path}: ${'error' in f ? f.error : ''}`).join('; ')}`);
  app.log(`imported ${results.length} demo articles`);
}

export function createAppServer(app: App): Server & { invalidate(): void } {
  return createWebServer({
    routes: [...articleRoutes(app)],
    notFound: notFoundPage(app),
    contentGeneration: () => contentGeneration(app.db),
    log: (message) => app.log(message),
  });
}
