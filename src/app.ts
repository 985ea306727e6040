// Composition root: opens the store, registers assets, wires each feature's routes into one web server.
import type { Kysely } from 'kysely';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { importPaths } from './article/import/importer.ts';
import type { Article } from './article/model.ts';
import { articleRoutes, notFoundPage } from './article/routes.ts';
import type { SaveOutcome } from './article/store.ts';
import type { ArticleParts, ViewContext } from './article/views.ts';
import type { Config } from './config.ts';
import { followFeature } from './follow/index.ts';
import { shareFeature } from './share/index.ts';
import { speechFeature } from './speech/index.ts';
import { openStore, type Dialect, type Store } from './store/db.ts';
import { watchPageChanges } from './store/page-changes.ts';
import { startWorker, type JobHandlers, type Worker } from './store/jobs.ts';
import type { Database } from './store/schema.ts';
import { addAsset } from './web/assets.ts';
import type { RequestContext, Route } from './web/server.ts';
import { createWebServer } from './web/server.ts';

export interface App {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  /** Scripts every page loads (defer), by public URL. */
  scripts: string[];
  log(message: string): void;
  /** Every feature hears of each created or changed article (to make audio, to notify followers). */
  articleSaved(article: Article, outcome: SaveOutcome): Promise<void>;
  /** What the features add to an article page. */
  articleParts(article: Article, ctx: RequestContext, view: ViewContext): Promise<ArticleParts>;
}

/** A subcommand of `blattwerk`; returns the exit code. */
export type Command = (args: string[]) => Promise<number>;

/** Vorlesen, News folgen and Artikel teilen plug in through this one shape. */
export interface Feature {
  name: string;
  /** Runs once at start: register assets, create keys. */
  init?(app: App): Promise<void>;
  /** Runs once at shutdown, after the worker stopped: close sockets and pools. */
  close?(app: App): void;
  routes?(app: App): Route[];
  jobs?(app: App): JobHandlers;
  articleSaved?(app: App, article: Article, outcome: SaveOutcome): Promise<void>;
  articleParts?(app: App, article: Article, ctx: RequestContext, view: ViewContext): Promise<Partial<ArticleParts>>;
  /** `blattwerk <name> …` commands; `help` is their lines in `blattwerk help`, indented by two spaces. */
  commands?: Record<string, { help: string; run: Command }>;
}

export const FEATURES: Feature[] = [speechFeature, followFeature, shareFeature];

export const DEMO_CONTENT = fileURLToPath(new URL('../content/demo/', import.meta.url));

export async function openApp(
  config: Config,
  options: { pgSchema?: string } = {},
): Promise<App & { store: Store; close(): Promise<void> }> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...options });
  addAsset('site.css', new URL('./web/assets/site.css', import.meta.url));
  const app: App & { store: Store; close(): Promise<void> } = {
    config,
    store,
    db: store.db,
    dialect: store.dialect,
    scripts: [],
    log: (message) => process.stderr.write(`${new Date().toISOString()} ${message}\n`),
    async articleSaved(article, outcome) {
      for (const f of FEATURES) await f.articleSaved?.(app, article, outcome);
    },
    async close() {
      for (const f of FEATURES) f.close?.(app);
      await store.close();
    },
    async articleParts(article, ctx, view) {
      const parts: ArticleParts = { head: [], end: [], scripts: [] };
      for (const f of FEATURES) {
        const p = await f.articleParts?.(app, article, ctx, view);
        if (!p) continue;
        parts.head.push(...(p.head ?? []));
        parts.end.push(...(p.end ?? []));
        parts.scripts.push(...(p.scripts ?? []));
        parts.listen = p.listen ?? parts.listen;
        parts.follow = p.follow ?? parts.follow;
        parts.share = p.share ?? parts.share;
        parts.sentences = p.sentences ?? parts.sentences;
      }
      return parts;
    },
  };
  for (const f of FEATURES) await f.init?.(app);
  return app;
}

/** The background worker with every feature's job handlers (in the serving process by default). */
export function startAppWorker(app: App, run = true): Worker {
  const handlers: JobHandlers = Object.assign({}, ...FEATURES.map((f) => f.jobs?.(app) ?? {})) as JobHandlers;
  return startWorker(app.db, { handlers, leaseMs: app.config.jobLeaseMs, log: (m) => app.log(m) }, run);
}

/** A database created just now gets the bundled demo articles. */
export async function importDemoIfNew(app: App & { store: Store }): Promise<void> {
  if (app.store.versionAtOpen !== 0) return;
  const results = await importPaths(app.db, [DEMO_CONTENT], { onSaved: (a, o) => app.articleSaved(a, o) });
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    throw new Error(`demo content: ${failed.map((f) => `${f.path}: ${'error' in f ? f.error : ''}`).join('; ')}`);
  app.log(`imported ${results.length} demo articles`);
}

export function createAppServer(app: App & { store: Store }): Server {
  return createWebServer({
    routes: [...articleRoutes(app), ...FEATURES.flatMap((f) => f.routes?.(app) ?? [])],
    notFound: notFoundPage(app),
    watchChanges: (apply) => watchPageChanges(app.store, apply, (m) => app.log(m)),
    cacheBytes: app.config.pageCacheBytes,
    log: (message) => app.log(message),
    secureCookies: app.config.baseUrl.startsWith('https:'),
  });
}
