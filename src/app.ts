// Composition root: opens the store with the one migration list, starts each feature, wires their routes and
// jobs into one web server and worker. It imports the features; nothing but cli.ts and tests imports it.
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  articleEventJob,
  articleRoutes,
  importPaths,
  loadSiteFrame,
  notFoundPage,
  setSiteSettings,
  siteCommand,
  type ArticleEventHandler,
  type ArticleParts,
  type TeaserBadges,
} from './article/index.ts';
import type { Config } from './config.ts';
import { followFeature } from './follow/index.ts';
import { searchPagesFeature } from './search/ui.ts';
import type { App, Feature, Route } from './kernel/index.ts';
import { MIGRATIONS } from './migrations.ts';
import { newsroomFeature } from './newsroom/index.ts';
import { searchFeature } from './search/index.ts';
import { shareFeature } from './share/index.ts';
import { speechFeature } from './speech/index.ts';
import type { SiteData } from './store/backup/index.ts';
import { dialectOf, openStore, type Store } from './store/db.ts';
import { localFiles } from './store/files.ts';
import { s3Files } from './store/files-s3.ts';
import { EVERY_PAGE, purgeEdgeCaches, queueEdgePurge, watchPageChanges } from './store/page-changes.ts';
import { startWorker, type JobHandlers, type Worker } from './store/jobs.ts';
import { addSiteStyles } from './web/fonts.ts';
import { html } from './web/html.ts';
import { createPipeline } from './web/pipeline.ts';
import { edgePurgeJob, edgePurgeNow } from './web/edge.ts';
import { createWebServer } from './web/server.ts';

export type { App } from './kernel/index.ts';

export const FEATURES: Feature[] = [
  speechFeature,
  followFeature,
  shareFeature,
  searchFeature,
  searchPagesFeature,
  newsroomFeature,
];

export const DEMO_CONTENT = fileURLToPath(new URL('../content/demo/', import.meta.url));
/** The demo's sections, in menu order. */
const DEMO_SECTIONS = 'Auenstadt,Kreis Auental,Politik,Wirtschaft,Kultur,Sport,Umwelt,Verkehr';

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
  const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrations: MIGRATIONS,
    queue: config.jobQueue,
    jobLeaseMs: config.jobLeaseMs,
    log,
    ...options,
  });
  const started: Started[] = [];
  const app: OpenedApp = {
    config,
    store,
    db: store.db,
    dialect: store.dialect,
    files: siteFiles(config),
    site: await loadSiteFrame(store.db, config.siteName),
    scripts: [],
    pipeline: createPipeline({ db: store.db, config }),
    log,
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
    async teaserBadges(articles, locale) {
      const badges: TeaserBadges = new Map();
      for (const s of started) {
        const b = await s.feature.teaserBadges?.(s.app, articles, locale);
        for (const [id, badge] of b ?? []) badges.set(id, html`${badges.get(id) ?? ''}${badge}`);
      }
      return badges;
    },
    async articlePodcast(feed, articles) {
      for (const s of started) {
        const xml = await s.feature.articlePodcast?.(s.app, feed, articles);
        if (xml !== undefined) return xml;
      }
      return undefined;
    },
    async topicHome(topic) {
      for (const s of started) {
        const home = await s.feature.topicHome?.(s.app, topic);
        if (home !== undefined) return home;
      }
      return undefined;
    },
    async speakPreview(text, language) {
      for (const s of started) if (s.feature.speakPreview) return s.feature.speakPreview(s.app, text, language);
      return undefined;
    },
    features: {},
    commands: { site: (args) => siteCommand.run(app, args) },
    routes: () => [...articleRoutes(app), ...started.flatMap((s) => s.feature.routes?.(s.app) ?? [])],
    jobs: () =>
      Object.assign(
        {},
        ...started.map((s) => s.feature.jobs?.(s.app) ?? {}),
        { 'article.event': articleEventJob(app.articleEvents, app) },
        purgesEdge(config) ? { 'edge.purge': edgePurgeJob(config.edge, config.testWebhooksToLoopback) } : {},
      ) as JobHandlers,
    async close() {
      for (const s of started) s.feature.close?.(s.app);
      await store.close();
    },
  };
  purgeEdgeCaches(
    purgesEdge(config) ? edgePurgeNow(config.edge, config.testWebhooksToLoopback, (m) => app.log(m)) : undefined,
  );
  try {
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
  } catch (err) {
    // A feature that refuses to start (a secret key that opens nothing) leaves no database connection open.
    await app.close();
    throw err;
  }
  addSiteStyles(started.flatMap((s) => s.feature.styles ?? []));
  // Site-wide scripts: every feature's app shares this one array, and pages read it when they render.
  app.scripts.push(...started.flatMap((s) => s.feature.scripts?.(s.app) ?? []));
  return app;
}

const purgesEdge = (config: Config) => config.edge.varnish.length > 0 || config.edge.webhook !== undefined;

/** The app's one FileStore: every stored file (audio, images, preview images), in S3 or the data directory. */
const siteFiles = (config: Config) => (config.s3 ? s3Files(config.s3) : localFiles(join(config.dataDir, 'files')));

/** Where the site's data is, for backup and restore (which must not open, and so migrate, the app). */
export function siteData(config: Config, options: { pgSchema?: string } = {}): SiteData {
  return {
    dialect: dialectOf(config.databaseUrl),
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgSchema: options.pgSchema,
    files: siteFiles(config),
  };
}

/** The background worker with every feature's job handlers (in the serving process by default). */
export function startAppWorker(app: OpenedApp, run = true, concurrency?: number): Worker {
  return startWorker(
    app.db,
    {
      handlers: app.jobs(),
      express: ['article.event', 'edge.purge'],
      leaseMs: app.config.jobLeaseMs,
      log: (m) => app.log(m),
      ...(concurrency ? { concurrency } : {}),
    },
    run,
  );
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
  await setSiteSettings(app.db, [`sections=${DEMO_SECTIONS}`]);
  await refreshSite(app);
}

/** Reloads the frame (the default sections follow the topics' use); returns whether it changed. */
async function refreshSite(app: OpenedApp): Promise<boolean> {
  const frame = await loadSiteFrame(app.db, app.config.siteName);
  if (JSON.stringify(frame) === JSON.stringify(app.site)) return false;
  app.site = frame;
  // Each feature's app is a copy made by its init: it must show the new frame too.
  for (const featureApp of Object.values(app.features)) featureApp.site = frame;
  return true;
}

/** A feature's handler, run with that feature's app (its state) whatever app the job runner holds. */
function bound<A extends App>(handler: ArticleEventHandler<A>, featureApp: A): ArticleEventHandler<App> {
  return { on: handler.on, handle: (_app, event, signal) => handler.handle(featureApp, event, signal) };
}

/**
 * A frame that changed by itself (the default sections follow the topics' use) is in every page at the edge too.
 * Every web process sees the change: the key (the frame and the minute) lets one purge through.
 */
function purgeNewFrame(app: OpenedApp): void {
  const frame = createHash('sha256').update(JSON.stringify(app.site)).digest('base64url');
  const minute = new Date().toISOString().slice(0, 16);
  queueEdgePurge(app.db, [EVERY_PAGE], `edge.frame:${frame}:${minute}`).catch((err: Error) =>
    app.log(`edge: cannot queue the purge of the new site frame: ${err.message}`),
  );
}

export function createAppServer(app: OpenedApp): Server {
  return createWebServer({
    routes: app.routes(),
    notFound: notFoundPage(app),
    // A content write may change the default sections, a `site set` the whole frame: reload it, and when it
    // changed, drop every page (renders meanwhile are not kept: the page cache's rule for renders during a drop).
    watchChanges: (apply) =>
      watchPageChanges(
        app.store,
        (keys) => {
          apply(keys);
          if (!keys.some((k) => k === 'front' || k === EVERY_PAGE)) return;
          void refreshSite(app).then(
            (changed) => changed && (apply([EVERY_PAGE]), purgeNewFrame(app)),
            (err: Error) => app.log(`site: cannot reload the site settings: ${err.message}`),
          );
        },
        (m) => app.log(m),
      ),
    cacheBytes: app.config.pageCacheBytes,
    log: (message) => app.log(message),
    secureCookies: app.config.baseUrl.startsWith('https:'),
    edgeCache: purgesEdge(app.config),
    authorise: (ctx, need) => app.pipeline.authorise(ctx, need),
  });
}
