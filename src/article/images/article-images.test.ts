// A Markdown article with a lead image and inline images, imported and served on each database: page, feeds,
// JSON-LD and share preview carry the images; hostile alt, caption and credit stay text; bad images refuse the
// article and store nothing of it.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DIALECTS } from '../../store/testing.ts';
import { startTestApp, type RunningApp } from '../../../test/support.ts';
import { importPaths } from '../import/importer.ts';
import { photoWithGps, redBlue } from './testing.ts';

const HOSTILE_ALT = 'Rathaus "<script>alert(1)</script>" & Markt';
const HOSTILE_CREDIT = 'Foto: <img src=x onerror=alert(2)>';

const MARKDOWN = `---
id: bilder-test
headline: Neues Rathaus eröffnet
date: 2025-06-02
lead: Die Stadt hat ihr Rathaus wieder.
leadImage:
  path: bilder/aufmacher.jpg
  alt: Menschen vor dem Rathaus
  caption: Die Eröffnung am **Montag**
  credit: "Foto: Lena Hartmann"
  focal: [30, 40]
---

Der erste Absatz.

![${HOSTILE_ALT}](bilder/innen.png)
Der Saal mit *Gästen* <b>und</b> Reden.
${HOSTILE_CREDIT}

Der letzte Absatz.
`;

for (const dialect of DIALECTS) {
  describe(`articles with images (${dialect.name})`, () => {
    let site: RunningApp;
    let dir: string;
    let page: string;
    const get = (path: string) => fetch(path.startsWith('http') ? path : site.baseUrl + path);
    const importFile = (file: string) => importPaths(site.app.db, [file], { files: site.app.files }).then((r) => r[0]!);

    before(async () => {
      site = await startTestApp(dialect);
      dir = await mkdtemp(join(tmpdir(), 'bw-article-images-'));
      await mkdir(join(dir, 'bilder'));
      await writeFile(join(dir, 'bilder', 'aufmacher.jpg'), await photoWithGps(2000, 1200));
      await writeFile(join(dir, 'bilder', 'innen.png'), await redBlue(900, 600));
      await writeFile(join(dir, 'artikel.md'), MARKDOWN);
      const result = await importFile(join(dir, 'artikel.md'));
      assert.ok(result.ok, result.ok ? '' : result.error);
      page = await (await get('/artikel/neues-rathaus-eroeffnet')).text();
    });
    after(async () => {
      await site.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('shows the lead image at the head, eager and first, as a 16:9 crop with caption and credit', () => {
      const lead = /<figure class="lead-image">([\s\S]*?)<\/figure>/.exec(page)?.[1];
      assert.ok(lead, 'lead figure present');
      assert.match(lead, /fetchpriority="high"/);
      assert.doesNotMatch(lead, /loading="lazy"/);
      assert.match(lead, /srcset="\/bilder\/[0-9a-f]{32}\/16x9-480\.avif 480w, [^"]*16x9-1600\.avif 1600w"/);
      assert.match(lead, /width="1600"\s+height="900"/);
      assert.match(lead, /alt="Menschen vor dem Rathaus"/);
      assert.match(
        lead,
        /<figcaption>Die Eröffnung am <strong>Montag<\/strong> <span class="credit">Foto: Lena Hartmann<\/span>/,
      );
      assert.ok(page.indexOf('class="lead-image"') < page.indexOf('Der erste Absatz'));
    });

    it('shows inline images lazily with escaped alt, caption and credit', () => {
      const figure = /<div class="body">[\s\S]*?(<figure>[\s\S]*?<\/figure>)/.exec(page)?.[1];
      assert.ok(figure, 'inline figure present');
      assert.match(figure, /loading="lazy"/);
      assert.match(figure, /decoding="async"/);
      assert.match(figure, /alt="Rathaus &quot;&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot; &amp; Markt"/);
      assert.match(figure, /Der Saal mit <em>Gästen<\/em> &lt;b&gt;und&lt;\/b&gt; Reden\./);
      assert.match(figure, /<span class="credit">Foto: &lt;img src=x onerror=alert\(2\)&gt;<\/span>/);
      assert.match(figure, /width="900"\s+height="600"/);
      assert.doesNotMatch(page, /<script>alert|<img src=x|<b>und/);
    });

    it('serves every image the page names, from this host only', async () => {
      const urls = new Set([...page.matchAll(/(?:src|srcset)="([^"]+)"/g)].flatMap((m) => m[1]!.split(', ')));
      const images = [...urls].map((u) => u.split(' ')[0]!).filter((u) => u.startsWith('/bilder/'));
      assert.ok(images.length >= 12, `${images.length} image URLs`);
      for (const u of images) {
        const res = await get(u);
        assert.equal(res.status, 200, u);
        assert.equal(res.headers.get('content-type'), u.endsWith('.avif') ? 'image/avif' : 'image/webp');
        await res.arrayBuffer();
      }
      assert.doesNotMatch(page, /(?:src|srcset)="https?:/);
    });

    it('gives JSON-LD the lead image and the share preview its 1200×630 JPEG, free of metadata', async () => {
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!) as {
        image: string[];
      };
      assert.equal(ld.image.length, 3);
      for (const u of ld.image) {
        assert.ok(u.startsWith(`${site.baseUrl}/bilder/`), u);
        assert.equal((await get(u)).status, 200);
      }
      const og = /<meta property="og:image" content="([^"]+)">/.exec(page)![1]!;
      assert.match(og, /\/og-1200\.jpg$/);
      assert.match(page, /<meta property="og:image:type" content="image\/jpeg">/);
      assert.match(page, /<meta property="og:image:alt" content="Menschen vor dem Rathaus">/);
      const res = await get(og);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 1200, 630, undefined]);
    });

    it('puts the lead image into RSS, Atom and JSON Feed, and the figures into their content', async () => {
      const rss = await (await get('/feed.xml')).text();
      const enclosure = /<enclosure url="([^"]+)" length="(\d+)" type="image\/jpeg"\/>/.exec(rss);
      assert.ok(enclosure, 'RSS enclosure');
      const bytes = (await (await get(enclosure[1]!)).arrayBuffer()).byteLength;
      assert.equal(Number(enclosure[2]), bytes);
      assert.match(rss, /xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
      assert.match(
        rss,
        /<media:content url="[^"]+og-1200\.jpg" medium="image" type="image\/jpeg" width="1200" height="630">/,
      );
      // Inside content:encoded the figure's HTML is escaped once more; its image URL is absolute.
      assert.match(rss, new RegExp(`&lt;img src=&quot;${site.baseUrl}/bilder/[0-9a-f]{32}/full-800\\.webp&quot;`));
      assert.doesNotMatch(rss, /<script|<img src=x/);
      const atom = await (await get('/feed.atom')).text();
      assert.match(
        atom,
        new RegExp(`<link rel="enclosure" type="image/jpeg" length="${bytes}" href="[^"]+og-1200\\.jpg"/>`),
      );
      const json = (await (await get('/feed.json')).json()) as { items: { image?: string; content_html: string }[] };
      assert.equal(json.items[0]!.image, enclosure[1]);
      assert.match(json.items[0]!.content_html, /<figcaption>Der Saal mit <em>Gästen<\/em> &lt;b&gt;/);
    });

    it('keeps the article page within 30 KB gzip (HTML, CSS, JS; images excluded)', async () => {
      const assets = [...page.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      let total = gzipSync(page).length;
      for (const asset of assets) total += gzipSync(Buffer.from(await (await get(asset)).arrayBuffer())).length;
      assert.ok(total <= 30 * 1024, `${total} bytes gzip`);
    });

    it('refuses an article whose image is missing or not an image, saving nothing of it', async () => {
      const count = async (table: 'articles' | 'images') =>
        (await site.app.db.selectFrom(table).select('id').execute()).length;
      const before = { articles: await count('articles'), images: await count('images') };
      await writeFile(join(dir, 'bilder', 'text.jpg'), 'Nur Text.\n');
      const cases: [string, RegExp][] = [
        ['bilder/fehlt.jpg', /image: cannot open ".*fehlt\.jpg"/],
        ['bilder/text.jpg', /image: "bilder\/text\.jpg" is not an image in a supported format/],
      ];
      for (const [file, message] of cases) {
        const path = join(dir, `kaputt-${cases.findIndex((c) => c[0] === file)}.md`);
        await writeFile(path, `---\nheadline: Kaputt\ndate: 2025-06-03\n---\n\nText.\n\n![Alt](${file})\n`);
        const result = await importFile(path);
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.error, message);
      }
      assert.deepEqual({ articles: await count('articles'), images: await count('images') }, before);
    });
  });
}
