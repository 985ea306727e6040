// The site's frame over real HTTP: masthead with sections, search and language; footer; titles and
// descriptions on every page type; the section settings reaching pages already cached.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setSiteSettings } from '../src/article/site.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

const RICH = '/artikel/jugendrat-gewaehlt-die-gruenen-baenke-holen-die-meisten-sitze';

for (const dialect of DIALECTS) {
  describe(`site frame (${dialect.name})`, () => {
    let site: RunningApp;
    const page = async (path: string) => {
      const res = await fetch(site.baseUrl + path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    before(async () => {
      site = await startTestApp(dialect, { demo: true });
    });
    after(() => site.stop());

    it('shows the masthead: name, the section navigation with "Mehr" beyond three, search and language', async () => {
      const html = await page('/');
      const masthead = /<header class="masthead">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
      assert.match(masthead, /<a class="brand" href="\/" aria-current="page">Blattwerk<\/a>/);
      assert.match(
        masthead,
        /<form class="search" role="search" action="\/suche" method="get">\s*<label class="vh" for="suche-q">Suche<\/label>\s*<input type="search" id="suche-q" name="q"/,
      );
      assert.match(masthead, /href="\/sprache\/en\?zurueck=%2F"/);
      const sections = site.app.site.sections;
      assert.ok(sections.length > 3, 'the demo has more than three topics');
      for (const s of sections) assert.ok(masthead.includes(`<a href="${s.href}">${s.name}</a>`), s.name);
      const more = /<details class="more"><summary>Mehr<\/summary>([\s\S]*?)<\/details>/.exec(masthead)?.[1] ?? '';
      assert.deepEqual(
        [...more.matchAll(/href="([^"]+)"/g)].map((m) => m[1]),
        sections.slice(3).map((s) => s.href),
      );
    });

    it('marks the current section and keeps the frame on every page type', async () => {
      const section = site.app.site.sections[0]!;
      const html = await page(section.href);
      assert.match(html, new RegExp(`<a href="${section.href}" aria-current="page">`));
      for (const path of ['/', RICH, section.href, '/autor/lena-hartmann', '/meine-news']) {
        const h = await page(path);
        assert.match(h, /<header class="masthead">/, path);
        for (const [href, label] of [
          ['/impressum', 'Impressum'],
          ['/datenschutz', 'Datenschutz'],
          ['/kontakt', 'Kontakt'],
          ['/feed.xml', 'RSS'],
        ])
          assert.ok(h.includes(`<a href="${href}">${label}</a>`), `${path}: footer link ${label}`);
        assert.equal(h.match(/<meta name="description" content="[^"]{20,}">/g)?.length, 1, `${path}: one description`);
        assert.match(h, /<title>[^<]+ – Blattwerk<\/title>/, `${path}: "… – Site" title`);
      }
    });

    it('gives the article page its lead as description', async () => {
      const html = await page(RICH);
      const lead = /<p class="lead">([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '');
      assert.ok(lead);
      assert.ok(html.includes(`<meta name="description" content="${lead}">`));
    });

    it('shows new settings at once, on pages that were cached before', async () => {
      const before = await page(RICH);
      assert.match(before, /<a class="brand" href="\/">Blattwerk<\/a>/);
      const [first, second] = site.app.site.sections;
      await setSiteSettings(site.app.db, ['name=Auenstädter Bote', `sections=${second!.name},${first!.name}`]);
      await waitFor(() => site.app.site.name === 'Auenstädter Bote');
      const after = await page(RICH);
      assert.match(after, /<a class="brand" href="\/">Auenstädter Bote<\/a>/);
      assert.match(after, /<title>[^<]+ – Auenstädter Bote<\/title>/);
      const nav = /<nav class="sections"[\s\S]*?<\/nav>/.exec(after)?.[0] ?? '';
      assert.deepEqual(
        [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]),
        [second!.href, first!.href],
      );
      assert.doesNotMatch(nav, /<details/, 'no "Mehr" for two sections');
    });
  });
}

/** The frame is reloaded after the settings' page change; it arrives within a few event-loop turns. */
async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), 'the site frame was reloaded');
}
