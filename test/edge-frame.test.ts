// A frame that changes by itself (default sections follow the topics' use) is in every page: with an edge
// configured, the web process that sees it queues the purge of every page there. No worker runs here: the test
// runs the purge jobs itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../src/article/import/importer.ts';
import { startWorker, type Job } from '../src/store/jobs.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

const WITH_TOPICS = fileURLToPath(
  new URL('../content/demo/2025-03-27-paris-koalition-der-willigen.md', import.meta.url),
);

for (const dialect of DIALECTS) {
  describe(`edge purge of a new frame (${dialect.name})`, () => {
    let site: RunningApp;
    before(async () => {
      site = await startTestApp(dialect, { env: { BLATTWERK_VARNISH_URL: 'http://127.0.0.1:9' } });
    });
    after(() => site.stop());

    it('queues one purge of every page when the first article makes its topics the sections', async () => {
      assert.deepEqual(site.app.site.sections, [], 'no sections before any article');
      const [imported] = await importPaths(site.app.db, [WITH_TOPICS], { files: site.app.files });
      assert.ok(imported?.ok, 'the article with three topics is imported');
      // The purge of every page is the one with the key "*": the import's own name the article and its lists.
      const everyPage: unknown[] = [];
      const handlers = {
        'edge.purge': (job: Job<'edge.purge'>) => {
          if (job.payload.keys.includes('*')) everyPage.push(job.payload);
          return Promise.resolve('done' as const);
        },
      };
      const deadline = Date.now() + 20_000;
      while (everyPage.length === 0) {
        assert.ok(Date.now() < deadline, 'a purge of the new frame was queued');
        await startWorker(site.app.db, { handlers }, false).drain();
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(site.app.site.sections.length > 0, 'its topics are the sections now');
      // Once (or twice, when this loop came after the second, two seconds later, was due too).
      for (const purge of everyPage) assert.deepEqual(purge, { keys: ['*'] });
    });
  });
}
