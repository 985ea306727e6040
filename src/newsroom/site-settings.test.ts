// The site in the staff area: administrators set its name, description and sections; and since German law
// requires an Impressum, editors are told when it is missing or still the demo's example text.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { importPaths, loadPages, readSiteSettings, savePage } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { listAudit } from './audit.ts';
import { activeStaff, StaffClient } from './testing.ts';

const DEMO_PAGES = fileURLToPath(new URL('../../content/pages/', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`the site in the staff area (${dialect.name})`, () => {
    let site: RunningApp;
    const signedIn = async (role: 'admin' | 'editor' | 'contributor') => {
      const person = await activeStaff(site.app, `${role}-${Math.random()}@example.org`, role);
      const c = new StaffClient(site.baseUrl);
      c.cookies.set('bw_staff', person.token);
      return c;
    };
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

    it('lets an administrator set the name, description and sections; a wrong one changes nothing', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'blattwerk-sections-'));
      const file = join(dir, 'radwege.txt');
      await writeFile(
        file,
        'date 2026-11\ntitle: Neue Radwege\ntopics: Verkehr\n\nDer Stadtrat beschließt neue Radwege.\n',
      );
      assert.equal((await importPaths(site.app.db, [file], { listeners: {} }))[0]?.ok, true);
      await rm(dir, { recursive: true, force: true });
      const admin = await signedIn('admin');
      const save = async (form: Record<string, string>) =>
        admin.post('/redaktion/einstellungen/website', {
          csrf: await admin.csrf('/redaktion/einstellungen', '/redaktion/einstellungen/website'),
          ...form,
        });
      const ok = await save({
        name: 'Auenstädter <Anzeiger>',
        description: 'Nachrichten aus Auenstadt',
        sections: 'Verkehr',
      });
      assert.equal(ok.status, 303, await ok.text());
      const front = await waitForFrame(site.baseUrl, 'Auenstädter &lt;Anzeiger&gt;');
      assert.match(front, /<nav class="sections" aria-label="Ressorts">\s*<ul><li><a href="\/thema\/verkehr"/);
      const wrong = await save({ name: 'Anderer Name', description: '', sections: 'Gibt es nicht' });
      assert.equal(wrong.status, 400);
      assert.match(await wrong.text(), /Nicht gespeichert: no topic &quot;Gibt es nicht&quot;/);
      assert.equal((await readSiteSettings(site.app.db)).name, 'Auenstädter <Anzeiger>', 'nothing changed');
      const audit = await listAudit(site.app.db, { action: 'setting.change' });
      assert.equal(audit.filter((a) => a.subject === 'site').length, 1);
      const editor = await signedIn('editor');
      assert.equal((await editor.get('/redaktion/einstellungen')).status, 403);
    });
  });
}

/** The front page once the new frame reached it (settings reload the frame after the write). */
async function waitForFrame(base: string, text: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const page = await (await fetch(`${base}/`)).text();
    if (page.includes(text)) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  return assert.fail(`the front page never showed ${text}`);
}
