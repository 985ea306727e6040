// Ingest and serving on each database: stored once, served with the right headers; hostile or failing input
// leaves no row and no file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localFiles, type FileStore } from '../../store/files.ts';
import { DIALECTS } from '../../store/testing.ts';
import { startTestApp, type RunningApp } from '../../../test/support.ts';
import { fallbackVariant, getImage, imageUrl, ingestImage, pictureHtml, readImageFile } from './index.ts';
import { originalKey } from './store.ts';
import { animatedWebp, photoWithGps, pngClaiming } from './testing.ts';
import { allVariants, OUTPUT_FORMATS } from './variants.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

for (const dialect of DIALECTS) {
  describe(`images (${dialect.name})`, () => {
    let site: RunningApp;
    let files: FileStore;
    let root: string;
    const rows = async () => (await site.app.db.selectFrom('images').select('id').execute()).length;

    before(async () => {
      site = await startTestApp(dialect);
      root = join(site.dataDir, 'files');
      files = localFiles(root);
    });
    after(() => site.stop());

    it('stores the original once and every variant in both formats, and serves them', async () => {
      const bytes = await photoWithGps(2000, 1500);
      const image = await ingestImage(site.app.db, files, { bytes, name: 'rathaus.jpg' });
      assert.deepEqual(
        { ...image, id: undefined, shareBytes: undefined },
        {
          id: undefined,
          format: 'jpeg',
          width: 2000,
          height: 1500,
          byteSize: bytes.length,
          focal: { x: 50, y: 50 },
          shareBytes: undefined,
        },
      );
      assert.equal(await files.size(`images/${image.id}/og-1200.jpg`), image.shareBytes);
      assert.deepEqual(await getImage(site.app.db, image.id), image);
      const widths = allVariants(image)
        .filter((v) => v.shape === 'full')
        .map((v) => v.width);
      assert.deepEqual(widths, [480, 800, 1200, 1600]);
      const stored = await filesUnder(root);
      // The original, AVIF and WebP of every variant, and the share preview's JPEG.
      assert.equal(stored.length, 1 + allVariants(image).length * OUTPUT_FORMATS.length + 1);

      // The same bytes with another focal point: a new image (its crops differ), the original not stored twice.
      const again = await ingestImage(site.app.db, files, { bytes, name: 'rathaus.jpg', focal: { x: 10, y: 20 } });
      assert.notEqual(again.id, image.id);
      assert.deepEqual(again.focal, { x: 10, y: 20 });
      assert.equal((await filesUnder(join(root, 'images', 'originals'))).length, 1);
      // The same bytes and focal point again: nothing new.
      const count = (await filesUnder(root)).length;
      assert.equal((await ingestImage(site.app.db, files, { bytes, name: 'kopie.jpg' })).id, image.id);
      assert.equal((await filesUnder(root)).length, count);
      assert.equal(await rows(), 2);

      for (const format of OUTPUT_FORMATS) {
        const url = site.baseUrl + imageUrl(image, { shape: 'full', width: 800 }, format);
        const res = await fetch(url);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), `image/${format}`);
        assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        const etag = res.headers.get('etag')!;
        assert.match(etag, /^"[0-9a-f]{32}-full-800-/);
        assert.ok((await res.arrayBuffer()).byteLength > 0);
        assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
      }
      const unknown = [
        `/bilder/${'0'.repeat(32)}/full-800.webp`, // no such image
        `/bilder/${image.id}/full-801.webp`, // no such width
        `/bilder/${image.id}/full-800.jpg`, // no such format
        `/bilder/${image.id}/../originals/x`,
      ];
      for (const path of unknown) assert.equal((await fetch(site.baseUrl + path)).status, 404, path);
    });

    it('refuses hostile files with a clear error, leaving no row and no file', async () => {
      const before = { rows: await rows(), files: (await filesUnder(root)).length };
      const hostile: [string, Buffer, RegExp][] = [
        ['notiz.jpg', Buffer.from('Nur Text, kein Bild.\n'), /"notiz\.jpg" is not an image in a supported format/],
        ['bombe.png', await pngClaiming(20_000, 5_000), /20000×5000 pixels, over the limit of 50 megapixels/],
        ['anim.webp', await animatedWebp(), /"anim\.webp" is animated/],
      ];
      for (const [name, bytes, message] of hostile)
        await assert.rejects(ingestImage(site.app.db, files, { bytes, name }), message);
      await assert.rejects(
        ingestImage(site.app.db, files, { bytes: await photoWithGps(64, 64), name: 'a.jpg', focal: { x: 120, y: 0 } }),
        /focal point of "a\.jpg" must be two percentages/,
      );
      assert.deepEqual({ rows: await rows(), files: (await filesUnder(root)).length }, before);
    });

    it('refuses a 60 MB file from its size, before reading it', async () => {
      const path = join(site.dataDir, 'riesig.jpg');
      await writeFile(path, await photoWithGps(64, 64));
      await truncate(path, 60 * 1024 * 1024); // sparse: reading it all would be the mistake
      await assert.rejects(readImageFile(path), /"riesig\.jpg" is 60\.0 MB, over the limit of 25\.0 MB/);
    });

    it('leaves no row and no file when storing fails half-way', async () => {
      const before = { rows: await rows(), files: (await filesUnder(root)).length };
      let puts = 0;
      const failing: FileStore = {
        ...files,
        async put(key, bytes) {
          if (++puts === 6) throw new Error('disk full');
          await files.put(key, bytes);
        },
      };
      const bytes = await photoWithGps(900, 600);
      await assert.rejects(
        ingestImage(site.app.db, failing, { bytes, name: 'voll.jpg' }),
        /cannot store "voll\.jpg": .*disk full/,
      );
      assert.ok(puts >= 6);
      assert.deepEqual({ rows: await rows(), files: (await filesUnder(root)).length }, before);
      // An original that was already there (another image shares it) is not removed with the failed one.
      const shared = await ingestImage(site.app.db, files, { bytes, name: 'voll.jpg' });
      puts = 0;
      await assert.rejects(ingestImage(site.app.db, failing, { bytes, name: 'voll.jpg', focal: { x: 0, y: 0 } }));
      assert.equal(await rows(), before.rows + 1);
      assert.notEqual(await files.size(originalKey(createHash('sha256').update(bytes).digest('hex'))), undefined);
      assert.ok(await getImage(site.app.db, shared.id));
    });

    it('marks up a picture with both formats, its size, escaped alt text and lazy loading', async () => {
      const image = await ingestImage(site.app.db, files, { bytes: await photoWithGps(1000, 750), name: 'p.jpg' });
      const below = pictureHtml(image, { alt: 'Rathaus "bei" <Nacht> & Tag' }).value;
      assert.match(
        below,
        /<source type="image\/avif" srcset="\/bilder\/[0-9a-f]{32}\/full-480\.avif 480w, [^"]*full-800\.avif 800w, [^"]*full-1000\.avif 1000w"/,
      );
      assert.match(below, /<source type="image\/webp" srcset="[^"]*full-1000\.webp 1000w"/);
      assert.match(below, /width="1000"\s+height="750"/);
      assert.match(below, /alt="Rathaus &quot;bei&quot; &lt;Nacht&gt; &amp; Tag"/);
      assert.match(below, /loading="lazy"/);
      assert.match(below, /decoding="async"/);
      assert.doesNotMatch(below, /fetchpriority/);
      const lead = pictureHtml(image, { alt: '', shape: '16x9', aboveFold: true }).value;
      assert.match(lead, /fetchpriority="high"/);
      assert.doesNotMatch(lead, /loading=/);
      assert.match(lead, /width="1000"\s+height="563"/);
      // A plain <img> (feeds) names a variant that exists even when the original is narrower than 800 px.
      const small = await ingestImage(site.app.db, files, { bytes: await photoWithGps(600, 400), name: 's.jpg' });
      assert.deepEqual(fallbackVariant(small, 'full'), { shape: 'full', width: 600, height: 400 });
      assert.equal((await fetch(site.baseUrl + imageUrl(small, fallbackVariant(small, 'full'), 'webp'))).status, 200);
      // Every URL in the markup is served.
      for (const m of below.matchAll(/\/bilder\/[^ "]+/g))
        assert.equal((await fetch(site.baseUrl + m[0])).status, 200, m[0]);
    });
  });
}
