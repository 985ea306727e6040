// German law requires an Impressum: the staff area tells those who can change the site's pages when it is
// missing or still the demo's example text, and stops telling them once a real one is in.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { loadPages, savePage } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { activeStaff, StaffClient } from './testing.ts';

const DEMO_PAGES = fileURLToPath(new URL('../../content/pages/', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`the Impressum warning (${dialect.name})`, () => {
    let site: RunningApp;
    const dashboard = async (role: 'editor' | 'contributor') => {
      const person = await activeStaff(site.app, `${role}-${Math.random()}@example.org`, role);
      const c = new StaffClient(site.baseUrl);
      c.cookies.set('bw_staff', person.token);
      return (await c.get('/redaktion')).text();
    };
    before(async () => (site = await startTestApp(dialect)));
    after(() => site.stop());

    it('warns editors while it is missing or the example, and no longer once a real one is in', async () => {
      assert.match(await dashboard('editor'), /Die Website hat kein Impressum/);
      assert.doesNotMatch(await dashboard('contributor'), /Impressum/, 'a contributor cannot change it');
      await loadPages(site.app.db, DEMO_PAGES);
      assert.match(await dashboard('editor'), /Das Impressum ist noch der Beispieltext/);
      await savePage(site.app.db, {
        slug: 'impressum',
        title: 'Impressum',
        body: [{ type: 'paragraph', text: 'Auenstädter Anzeiger GmbH, Marktplatz 1, 12345 Auenstadt', marks: [] }],
      });
      assert.doesNotMatch(await dashboard('editor'), /Impressum/);
    });
  });
}
