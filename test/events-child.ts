// A process to be killed for the events kill test: it imports one article (the save commits its event and the
// handlers' jobs), then runs those jobs with recognition stuck, prints "handling" and waits for SIGKILL.
// Settings come as JSON in BW_TEST_CHILD.
import { openApp } from '../src/app.ts';
import { articleEventJob } from '../src/article/events.ts';
import { importPaths } from '../src/article/import/importer.ts';
import { loadConfig } from '../src/config.ts';
import { startWorker } from '../src/store/jobs.ts';

interface Settings {
  env: Record<string, string>;
  pgSchema?: string;
  file: string;
}

const s = JSON.parse(process.env.BW_TEST_CHILD ?? '{}') as Settings;
const app = await openApp(loadConfig({ port: '0' }, s.env), s.pgSchema ? { pgSchema: s.pgSchema } : {});
const [result] = await importPaths(app.db, [s.file], { listeners: app.articleEvents });
if (!result?.ok) throw new Error(`child: import failed: ${result && !result.ok ? result.error : ''}`);
process.stdout.write(`saved ${result.article.id}\n`);
const recognize = app.articleEvents['follow.recognize']!;
const handlers = {
  ...app.articleEvents,
  'follow.recognize': {
    on: recognize.on,
    handle: () => {
      process.stdout.write('handling\n');
      return new Promise<void>(() => {});
    },
  },
};
startWorker(app.db, { handlers: { 'article.event': articleEventJob(handlers, app) }, leaseMs: app.config.jobLeaseMs });
