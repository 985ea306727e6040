// The site's frame over real HTTP: masthead with sections, search and language; footer; titles and
// descriptions on every page type; the section settings reaching pages already cached.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadSiteFrame, setSiteSettings } from '../src/article/site.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

const RICH = '/artikel/jugendrat-gewaehlt-die-gruenen-baenke-holen-die-meisten-sitze';
const NEWEST = 'drei-kandidaten-wollen-ins-auenstaedter-rathaus';

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
      // Vorlesen's audio for the newest article, as the speech job would record it.
      const newest = await site.app.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', NEWEST)
        .executeTakeFirstOrThrow();
      await site.app.db.deleteFrom('article_audio').where('article_id', '=', newest.id).execute();
      await site.app.db
        .insertInto('article_audio')
        .values({
          article_id: newest.id,
          state: 'ready',
          text_hash: 'x'.repeat(22),
          voice: 'test',
          file_key: 'audio/x.mp3',
          bytes: 1000,
          duration_ms: 95_000,
          timings: '[]',
          error: null,
          updated_at: new Date().toISOString(),
        })
        .execute();
    });
    after(() => site.stop());

    it('shows the masthead: name, the section navigation with "Mehr" beyond three, search and language', async () => {
      const html = await page('/');
      const masthead = /<header class="masthead">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
      assert.match(masthead, /<h1 class="home"><a class="brand" href="\/" aria-current="page">Blattwerk<\/a><\/h1>/);
      assert.match(
        masthead,
        /<form class="search" role="search" action="\/suche" method="get">\s*<label class="vh" for="suche-q">Suche<\/label>\s*<input type="search" id="suche-q" name="q"/,
      );
      assert.match(masthead, /<a class="lang" href="\/en\/" hreflang="en" lang="en">English<\/a>/);
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
          ['/ueber-uns', 'Über uns'],
          ['/feed.xml', 'RSS'],
        ])
          assert.ok(h.includes(`<a href="${href}">${label}</a>`), `${path}: footer link ${label}`);
        assert.equal(h.match(/<meta name="description" content="[^"]{20,}">/g)?.length, 1, `${path}: one description`);
        const title = path === '/' ? /<title>Blattwerk – Nachrichten<\/title>/ : /<title>[^<]+ – Blattwerk<\/title>/;
        assert.match(h, title, `${path}: "… – Site" title`);
      }
    });

    it('builds the front with hierarchy: Aufmacher with an eager image, a second tier, Neueste, section blocks', async () => {
      const html = await page('/');
      const lead = /<div class="lead-story">([\s\S]*?)<\/article><\/div>/.exec(html)?.[1] ?? '';
      assert.ok(lead.includes(`href="/artikel/${NEWEST}"`), 'the newest article leads');
      assert.match(lead, /<h2><a href="[^"]+"><span class="kicker">Bürgermeisterwahl<\/span>/);
      assert.match(lead, /fetchpriority="high"/);
      assert.doesNotMatch(lead, /loading="lazy"/);
      assert.match(
        lead,
        /<span class="audio-badge">.*<span class="vh">Vorlesen: <\/span>1:35<\/span>/,
        'the audio marker',
      );
      const tier = /<div class="second-tier">([\s\S]*?)<\/div>\n<section class="newest"/.exec(html)?.[1] ?? '';
      assert.equal(tier.match(/<article class="teaser tier/g)?.length, 3);
      const images = tier.match(/<img\s[^>]*>/g) ?? [];
      assert.ok(images.length > 0 && images.every((i) => i.includes('loading="lazy"')), 'below the Aufmacher: lazy');
      const newest = /<section class="newest"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
      assert.equal(newest.match(/<li>/g)?.length, 8);
      assert.doesNotMatch(newest, /<img/, 'Neueste is a list without images');
      assert.match(newest, /<a href="\/\?seite=2">Alle Artikel der Reihe nach<\/a>/);
      const blocks = [...html.matchAll(/<section class="block" aria-labelledby="ressort-([^"]+)">/g)].map((m) => m[1]);
      const order = site.app.site.sections.map((s) => s.href.replace('/thema/', ''));
      assert.ok(blocks.length >= 4, 'blocks for the sections with articles');
      assert.deepEqual(
        blocks,
        order.filter((slug) => blocks.includes(slug)),
        'blocks in menu order',
      );
      assert.match(html, /<title>Blattwerk – Nachrichten<\/title>/);
    });

    it('renders a section as a section front, another topic as a timeline', async () => {
      const section = await page('/thema/kultur');
      assert.match(section, /<h1 class="section-name">Kultur<\/h1>/);
      assert.match(section, /<div class="front section-front">/);
      const topic = await page('/thema/wahlen');
      assert.match(topic, /<div class="timeline">/);
    });

    it('serves Impressum, Datenschutz, Kontakt and Über uns from the example pages, marked as examples', async () => {
      for (const [path, title] of [
        ['/impressum', 'Impressum'],
        ['/datenschutz', 'Datenschutz'],
        ['/kontakt', 'Kontakt'],
        ['/ueber-uns', 'Über uns'],
      ] as const) {
        const html = await page(path);
        assert.match(html, new RegExp(`<h1>${title}</h1>`), path);
        assert.match(html, /<strong>Beispieltext\.<\/strong>/, path);
        assert.match(html, new RegExp(`<title>${title} – Blattwerk</title>`), path);
      }
      assert.equal((await fetch(`${site.baseUrl}/agb`)).status, 404);
    });

    it('ends an article with related articles of its topics', async () => {
      const html = await page(`/artikel/${NEWEST}`);
      const related = /<aside class="related"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';
      assert.match(related, /<h2 id="mehr-zum-thema">Mehr zum Thema<\/h2>/);
      assert.equal(related.match(/<li>/g)?.length, 4);
      assert.ok(!related.includes(`/artikel/${NEWEST}"`), 'not itself');
      assert.ok(related.includes('/artikel/kreis-auental-plant-mit-weniger-schulden'), 'shares Politik');
      assert.ok(html.indexOf('<aside class="related"') > html.indexOf('</article>'), 'after the article');
    });

    it('draws favicon, touch icon and the manifest icons from the site name, linked from every page', async () => {
      const get = async (path: string) => {
        const res = await fetch(site.baseUrl + path);
        assert.equal(res.status, 200, path);
        return { type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
      };
      const svg = await get('/favicon.svg');
      assert.equal(svg.type, 'image/svg+xml');
      assert.match(svg.body.toString(), /<path fill="#ffffff"/, 'the letter as a path');
      assert.doesNotMatch(svg.body.toString(), /<text/, 'no font needed');
      const ico = await get('/favicon.ico');
      assert.deepEqual([...ico.body.subarray(0, 6)], [0, 0, 1, 0, 1, 0], 'an ICO with one image');
      assert.equal(ico.body.subarray(22, 26).toString('latin1'), '\x89PNG');
      for (const [path, size] of [
        ['/apple-touch-icon.png', 180],
        ['/icon-192.png', 192],
        ['/icon-512.png', 512],
        ['/icon-maskable.png', 512],
      ] as const) {
        const png = await get(path);
        assert.equal(png.type, 'image/png', path);
        assert.deepEqual([png.body.readUInt32BE(16), png.body.readUInt32BE(20)], [size, size], `${path}: ${size} px`);
      }
      const manifest = JSON.parse((await get('/manifest.webmanifest')).body.toString()) as {
        name: string;
        icons: { src: string; purpose?: string }[];
      };
      assert.equal(manifest.name, site.app.site.name);
      for (const icon of manifest.icons) await get(icon.src);
      assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
      for (const path of ['/', RICH, '/meine-news', '/impressum']) {
        const h = await page(path);
        for (const link of [
          '<link rel="icon" href="/favicon.ico" sizes="32x32">',
          '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
          '<link rel="apple-touch-icon" href="/apple-touch-icon.png">',
          '<link rel="manifest" href="/manifest.webmanifest">',
        ])
          assert.ok(h.includes(link), `${path}: ${link}`);
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

    it('shows a logo setting in every masthead and draws the icons and the podcast cover from it', async () => {
      const bytes = async (path: string) => {
        const res = await fetch(site.baseUrl + path);
        assert.equal(res.status, 200, path);
        return { res, body: Buffer.from(await res.arrayBuffer()) };
      };
      const centre = async (path: string) => [
        ...(await sharp((await bytes(path)).body)
          .extract({ left: 256, top: 256, width: 1, height: 1 })
          .raw()
          .toBuffer()),
      ];
      const coverOf = async () =>
        /<itunes:image href="[^"]*(\/podcast\/cover\/[^"]+)"/.exec((await bytes('/podcast.xml')).body.toString())?.[1];
      const nameCover = await coverOf();
      assert.notDeepEqual((await centre('/icon-512.png')).slice(0, 3), [204, 0, 0], 'the letter on green');

      const dir = mkdtempSync(join(tmpdir(), 'blattwerk-logo-'));
      try {
        const file = join(dir, 'logo.svg');
        // A red bar across the middle: the icons' centre turns red.
        writeFileSync(
          file,
          '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#cc0000"/></svg>',
        );
        await setSiteSettings(site.app.db, [`logo=${file}`], site.app.files);
        await waitFor(() => site.app.site.logo !== undefined);
        const name = site.app.site.name;
        for (const path of ['/', RICH, '/meine-news', '/suche?q=Rathaus']) {
          const h = await page(path);
          const img =
            /<a class="brand" href="\/"[^>]*><img src="(\/logo\/[\w-]+\.svg)" width="1024" height="205" alt="([^"]+)"><\/a>/.exec(
              h,
            );
          assert.ok(img, `${path}: the logo in the masthead`);
          assert.equal(img[2], name, `${path}: the site's name as its alt text`);
        }
        const src = site.app.site.logo!.src;
        const served = await bytes(src);
        assert.equal(served.res.headers.get('content-type'), 'image/svg+xml');
        assert.match(served.res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        assert.match(served.res.headers.get('cache-control') ?? '', /immutable/);
        assert.deepEqual((await centre('/icon-512.png')).slice(0, 3), [204, 0, 0], 'drawn from the logo');
        assert.match((await bytes('/favicon.svg')).body.toString(), /<image [^>]*href="data:image\/png;base64,/);
        const logoCover = await coverOf();
        assert.ok(logoCover && logoCover !== nameCover, 'a new cover');
        const cover = await sharp((await bytes(logoCover)).body).metadata();
        assert.deepEqual([cover.width, cover.height, cover.channels], [1400, 1400, 3]);

        // A refused file names the problem and leaves the logo as it was.
        writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
        await assert.rejects(setSiteSettings(site.app.db, [`logo=${file}`], site.app.files), /event handler/);
        assert.equal((await loadSiteFrame(site.app.db, 'x')).logo?.src, src);

        await setSiteSettings(site.app.db, ['logo='], site.app.files);
        await waitFor(() => site.app.site.logo === undefined);
        assert.match(await page('/'), new RegExp(`<a class="brand" href="/"[^>]*>${name}</a>`));
        assert.equal((await fetch(site.baseUrl + src)).status, 404, 'the old logo is gone from the site');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** The frame is reloaded after the settings' page change; it arrives within a few event-loop turns. */
async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), 'the site frame was reloaded');
}
