// Composition root: opens the store with the one migration list, starts each feature, wires their routes and
// jobs into one web server and worker. It imports the features; nothing but cli.ts and tests imports it.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  articleEventJob,
  articleRoutes,
  importPaths,
  notFoundPage,
  type ArticleEventHandler,
  type ArticleParts,
} from './article/index.ts';
import type { Config } from './config.ts';
import { followFeature } from './follow/index.ts';
import { searchPagesFeature } from './search/ui.ts';
import type { App, Feature, Route } from './kernel/index.ts';
import { MIGRATIONS } from './migrations.ts';
import { searchFeature } from './search/index.ts';
import { shareFeature } from './share/index.ts';
import { speechFeature } from './speech/index.ts';
import { openStore, type Store } from './store/db.ts';
import { localFiles } from './store/files.ts';
import { watchPageChanges } from './store/page-changes.ts';
import { startWorker, type JobHandlers, type Worker } from './store/jobs.ts';
import { addAsset } from './web/assets.ts';
import { createPipeline } from './web/pipeline.ts';
import { createWebServer } from './web/server.ts';

export type { App } from './kernel/index.ts';

export const FEATURES: Feature[] = [speechFeature, followFeature, shareFeature, searchFeature, searchPagesFeature];

export const DEMO_CONTENT = fileURLToPath(new URL('../content/demo/', import.meta.url));

/** A started feature: its definition and the app with its state, as its init returned it. */
interface Started {
  feature: Feature;
  app: App;
}

export interface OpenedApp extends App {
  store: Store;
  /** Each feature's app as its init returned it (the app plus the feature's state), by feature name. */
  features: Record<string, App>;
  /** Every feature's command, bound to the app that feature's init returned. */
  commands: Record<string, (args: string[]) => Promise<number>>;
  routes(): Route[];
  jobs(): JobHandlers;
  close(): Promise<void>;
}

export async function openApp(config: Config, options: { pgSchema?: string } = {}): Promise<OpenedApp> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrations: MIGRATIONS,
    ...options,
  });
  addAsset('site.css', new URL('./web/assets/site.css', import.meta.url));
  const started: Started[] = [];
  const app: OpenedApp = {
    config,
    store,
    db: store.db,
    dialect: store.dialect,
    files: localFiles(join(config.dataDir, 'files')),
    scripts: [],
    pipeline: createPipeline({ db: store.db, config }),
    log: (message) => process.stderr.write(`${new Date().toISOString()} ${message}\n`),
    articleEvents: {},
    async articleParts(article, ctx, view) {
      const parts: ArticleParts = { head: [], end: [], scripts: [] };
      for (const s of started) {
        const p = await s.feature.articleParts?.(s.app, article, ctx, view);
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
    async articlePodcast(feed, articles) {
      for (const s of started) {
        const xml = await s.feature.articlePodcast?.(s.app, feed, articles);
        if (xml !== undefined) return xml;
      }
      return undefined;
    },
    features: {},
    commands: {},
    routes: () => [...articleRoutes(app), ...started.flatMap((s) => s.feature.routes?.(s.app) ?? [])],
    jobs: () =>
      Object.assign({}, ...started.map((s) => s.feature.jobs?.(s.app) ?? {}), {
        'article.event': articleEventJob(app.articleEvents, app),
      }) as JobHandlers,
    async close() {
      for (const s of started) s.feature.close?.(s.app);
      await store.close();
    },
  };
  for (const feature of FEATURES) {
    const featureApp = await feature.init(app);
    started.push({ feature, app: featureApp });
    app.features[feature.name] = featureApp;
    for (const [name, handler] of Object.entries(feature.articleEvents ?? {})) {
      if (app.articleEvents[name]) throw new Error(`app: two article event handlers are named "${name}"`);
      app.articleEvents = { ...app.articleEvents, [name]: bound(handler, featureApp) };
    }
    for (const [name, command] of Object.entries(feature.commands ?? {}))
      app.commands[name] = (args) => command.run(featureApp, args);
  }
  // Site-wide scripts: every feature's app shares this one array, and pages read it when they render.
  app.scripts.push(...started.flatMap((s) => s.feature.scripts?.(s.app) ?? []));
  return app;
}

/** The background worker with every feature's job handlers (in the serving process by default). */
export function startAppWorker(app: OpenedApp, run = true): Worker {
  return startWorker(app.db, { handlers: app.jobs(), leaseMs: app.config.jobLeaseMs, log: (m) => app.log(m) }, run);
}

/** A database created just now gets the bundled demo articles. */
export async function importDemoIfNew(app: OpenedApp): Promise<void> {
  if (app.store.versionAtOpen !== 0) return;
  const results = await importPaths(app.db, [DEMO_CONTENT], {
    by: 'demo',
    files: app.files,
    listeners: app.articleEvents,
  });
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    throw new Error(`demo content: ${failed.map((f) => `${f.path}: ${'error' in f ? f.error : ''}`).join('; ')}`);
  app.log(`imported ${results.length} demo articles`);
}

/** A feature's handler, run with that feature's app (its state) whatever app the job runner holds. */
function bound<A extends App>(handler: ArticleEventHandler<A>, featureApp: A): ArticleEventHandler<App> {
  return { on: handler.on, handle: (_app, event, signal) => handler.handle(featureApp, event, signal) };
}

export function createAppServer(app: OpenedApp): Server {
  return createWebServer({
    routes: app.routes(),
    notFound: notFoundPage(app),
    watchChanges: (apply) => watchPageChanges(app.store, apply, (m) => app.log(m)),
    cacheBytes: app.config.pageCacheBytes,
    log: (message) => app.log(message),
    secureCookies: app.config.baseUrl.startsWith('https:'),
  });
}
