// A frame that changes by itself (default sections follow the topics' use) is in every page: with an edge
// configured, the web process that sees it queues the purge of every page there. No worker runs here, so the
// job stays queued where the test reads it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../src/article/import/importer.ts';
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
      const frame = () =>
        site.app.db
          .selectFrom('jobs')
          .select(['payload', 'idempotency_key'])
          .where('name', '=', 'edge.purge')
          .where('idempotency_key', 'like', 'edge.frame:%')
          .execute();
      const deadline = Date.now() + 20_000;
      while ((await frame()).length === 0) {
        assert.ok(Date.now() < deadline, 'a purge of the new frame was queued');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(site.app.site.sections.length > 0, 'its topics are the sections now');
      assert.deepEqual(
        (await frame()).map((j) => JSON.parse(j.payload) as unknown),
        [{ keys: ['*'] }],
      );
    });
  });
}
