// For delivery's tests and benchmark: the app on a fresh database of one dialect, with delivery's routes on a
// local port and its jobs on a worker that the test drains, pointed at local stand-ins for push and SMTP.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Article, type ArticleInput, parsePublicationDate, saveArticle } from '../../article/index.ts';
import { loadConfig, type Config } from '../../config.ts';
import { MIGRATIONS } from '../../migrations.ts';
import { openStore, type Store } from '../../store/db.ts';
import { localFiles } from '../../store/files.ts';
import { startWorker, type Worker } from '../../store/jobs.ts';
import type { TestDialect } from '../../store/testing.ts';
import { createPipeline } from '../../web/pipeline.ts';
import { createWebServer } from '../../web/server.ts';
import { addSiteStyles } from '../../web/fonts.ts';
import type { App } from '../../kernel/index.ts';
import { initKeys, type FollowApp } from '../context.ts';
import { addFollow, createFollower } from '../followers.ts';
import { newFollowerToken, tokenHash } from '../reader.ts';
import { queueFanout } from './fanout.ts';
import { deliveryJobs } from './index.ts';
import { deliveryRoutes } from './routes.ts';
import { closeDelivery, initDelivery, type DeliveryOptions } from './runtime.ts';

/**
 * Just the parts of the app delivery needs (store, config, the follow keys and stylesheet), so these tests do
 * not depend on the other features. The child worker of the restart test and the benchmark use it too.
 */
export async function openDeliveryApp(
  config: Config,
  pgSchema?: string,
  options: DeliveryOptions = {},
): Promise<FollowApp & { store: Store }> {
  const store = await openStore({
    migrations: MIGRATIONS,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    queue: config.jobQueue,
    jobLeaseMs: config.jobLeaseMs,
    ...(pgSchema ? { pgSchema } : {}),
  });
  addSiteStyles();
  const base: App & { store: Store } = {
    config,
    store,
    db: store.db,
    dialect: store.dialect,
    files: localFiles(join(config.dataDir, 'files')),
    site: { name: config.siteName, sections: [] },
    scripts: [],
    pipeline: createPipeline({ db: store.db, config }),
    log: (message) => process.stderr.write(`${message}\n`),
    articleEvents: {},
    articleParts: () => Promise.resolve({ head: [], end: [], scripts: [] }),
    teaserBadges: () => Promise.resolve(new Map()),
    articlePodcast: () => Promise.resolve(undefined),
    topicHome: () => Promise.resolve(undefined),
    speakPreview: () => Promise.resolve(undefined),
  };
  return { ...base, readerKeys: await initKeys(base), delivery: await initDelivery(base, options) };
}

export interface DeliveryTestApp {
  app: FollowApp & { store: Store };
  baseUrl: string;
  worker: Worker;
  /** A reader with a follower token (as the cookie would carry it) following the given items. */
  reader(items: string[]): Promise<TestReader>;
  /** Saves a published article dated now and queues its fan-out, as the follow feature's event handler does. */
  publish(input?: Partial<ArticleInput>): Promise<Article>;
  stop(): Promise<void>;
}

export interface TestReader {
  id: string;
  token: string;
  cookie: string;
  csrf: string;
}

export async function startDeliveryApp(
  dialect: TestDialect,
  options: DeliveryOptions & { env?: Record<string, string> } = {},
): Promise<DeliveryTestApp> {
  const testDb = await dialect.create();
  const env = {
    BLATTWERK_DATA: testDb.dataDir,
    ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}),
    ...options.env,
  };
  const app = await openDeliveryApp(loadConfig({ port: '0' }, env), testDb.pgSchema, options);
  const server = createWebServer({
    routes: deliveryRoutes(app),
    notFound: () => Promise.resolve({ status: 404, type: 'text/plain', body: 'not found' }),
    log: (m) => app.log(m),
    secureCookies: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.config.baseUrl = baseUrl;
  const worker = startWorker(app.db, { handlers: deliveryJobs(app), log: () => {} }, false);
  let n = 0;
  return {
    app,
    baseUrl,
    worker,
    async reader(items) {
      const token = newFollowerToken();
      const follower = await createFollower(app.db, tokenHash(token));
      for (const item of items) await addFollow(app.db, app.dialect, follower.id, item);
      return { id: follower.id, token, cookie: `bw_follow=${token}`, csrf: app.readerKeys.formToken(token) };
    },
    async publish(input = {}) {
      const published = parsePublicationDate(new Date().toISOString().slice(0, 10));
      if (typeof published === 'string') throw new Error(published);
      const { article } = await saveArticle(
        app.db,
        {
          headline: `Nachricht ${++n}`,
          lead: 'Ein Vorspann.',
          body: [{ type: 'paragraph', text: 'Text.', marks: [] }],
          authors: ['Lena Hartmann'],
          topics: ['Ukraine'],
          language: 'de',
          published,
          status: 'published',
          ...input,
        },
        { by: 'test' },
      );
      await queueFanout(app, article);
      return article;
    },
    async stop() {
      await worker.stop(1000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeDelivery(app.delivery);
      await app.store.close();
      await testDb.cleanup();
    },
  };
}
