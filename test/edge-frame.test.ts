// A frame that changes by itself (default sections follow the topics' use) is in every page: with an edge
// configured, the web process that sees it queues the purge of every page there. No worker runs here: the test
// runs the purge jobs itself. And the sitemaps carry the key their purges name.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../src/article/import/importer.ts';
import { listJobs, makeJobsDue, startWorker, type Job } from '../src/store/jobs.ts';
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

    it('names the sitemap index and each part by the key a content write purges', async () => {
      for (const path of ['/sitemap.xml', '/sitemap-de-1.xml', '/sitemap-en-1.xml']) {
        const res = await fetch(site.baseUrl + path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('surrogate-key'), 'sitemap all', path);
      }
    });

    it('queues one purge of every page when the first article makes its topics the sections', async () => {
      assert.deepEqual(site.app.site.sections, [], 'no sections before any article');
      const [imported] = await importPaths(site.app.db, [WITH_TOPICS], { files: site.app.files });
      assert.ok(imported?.ok, 'the article with three topics is imported');
      // The purge of every page is the one with the key "*": the import's own name the article and its lists.
      const framePurges = async () =>
        (await listJobs(site.app.db, { name: 'edge.purge' })).filter((j) =>
          (j.payload as { keys: string[] }).keys.includes('*'),
        );
      // The web process notices the new frame after the import's commit, in the background.
      const deadline = Date.now() + 20_000;
      while ((await framePurges()).length === 0) {
        assert.ok(Date.now() < deadline, 'a purge of the new frame was queued');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(site.app.site.sections.length > 0, 'its topics are the sections now');
      const everyPage: unknown[] = [];
      const handlers = {
        'edge.purge': (job: Job<'edge.purge'>) => {
          if (job.payload.keys.includes('*')) everyPage.push(job.payload);
          return Promise.resolve('done' as const);
        },
      };
      // Queued for two seconds later; run now, as a worker then would.
      await makeJobsDue(site.app.db, { name: 'edge.purge' });
      await startWorker(site.app.db, { handlers }, false).drain();
      assert.deepEqual(everyPage, [{ keys: ['*'] }], 'exactly one purge of every page ran');
      assert.equal((await framePurges()).length, 1, 'and exactly one was queued');
    });
  });
}
