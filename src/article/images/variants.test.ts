// Variants: the documented widths and crops, never upscaled, focal point respected, no metadata left; refusals.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { animatedWebp, photoWithGps, pngClaiming, redBlue } from './testing.ts';
import { cropRegion, MAX_IMAGE_BYTES, probeImage, renderVariants, variantsOf } from './variants.ts';

const sizes = (list: { width: number; height: number }[]) => list.map((v) => `${v.width}x${v.height}`);

describe('image variants', () => {
  it('follow the ladders of widths and crops for a large photo', () => {
    const size = { width: 4000, height: 3000 };
    assert.deepEqual(sizes(variantsOf(size, 'full')), ['480x360', '800x600', '1200x900', '1600x1200']);
    assert.deepEqual(sizes(variantsOf(size, '16x9')), ['480x270', '800x450', '1200x675', '1600x900']);
    assert.deepEqual(sizes(variantsOf(size, '1x1')), ['480x480', '800x800']);
    assert.deepEqual(sizes(variantsOf(size, 'og')), ['1200x630']);
  });

  it('are never wider than the region of the original they show', () => {
    const size = { width: 600, height: 400 };
    assert.deepEqual(sizes(variantsOf(size, 'full')), ['480x320', '600x400']);
    assert.deepEqual(sizes(variantsOf(size, '1x1')), ['400x400']);
    assert.deepEqual(sizes(variantsOf(size, 'og')), ['600x315']);
    assert.deepEqual(sizes(variantsOf({ width: 300, height: 2000 }, '16x9')), ['300x169']);
  });

  it('place crops around the focal point, kept inside the picture', () => {
    const size = { width: 1000, height: 500 };
    assert.deepEqual(cropRegion(size, 1, { x: 50, y: 50 }), { left: 250, top: 0, width: 500, height: 500 });
    assert.deepEqual(cropRegion(size, 1, { x: 0, y: 50 }), { left: 0, top: 0, width: 500, height: 500 });
    assert.deepEqual(cropRegion(size, 1, { x: 90, y: 50 }), { left: 500, top: 0, width: 500, height: 500 });
  });

  it('crop the pixels where the focal point is', async () => {
    const input = await redBlue(1000, 500);
    const colourOf = async (x: number) => {
      const out = await renderVariants(input, 'rb.png', { width: 1000, height: 500 }, { x, y: 50 });
      const square = out.find((v) => v.variant.shape === '1x1' && v.format === 'webp')!;
      const { channels } = await sharp(square.bytes).stats();
      return channels[0]!.mean > channels[2]!.mean ? 'red' : 'blue';
    };
    assert.equal(await colourOf(0), 'red');
    assert.equal(await colourOf(100), 'blue');
  });

  it('are AVIF and WebP of the declared size, upright, without EXIF, GPS, XMP or IPTC', async () => {
    // 300×200 stored with EXIF orientation 6 is displayed 200×300: the variants must be portrait.
    const input = await photoWithGps(300, 200, 6);
    const probed = await probeImage(input, 'kamera.jpg');
    assert.deepEqual(probed, { format: 'jpeg', width: 200, height: 300 });
    const out = await renderVariants(input, 'kamera.jpg', probed, { x: 50, y: 50 });
    // AVIF and WebP of every variant (full widths, one 16:9, one 1:1, one share crop) and the share crop's JPEG.
    assert.equal(out.length, 2 * (variantsOf(probed, 'full').length + 1 + 1 + 1) + 1);
    const dir = await mkdtemp(join(tmpdir(), 'bw-img-'));
    try {
      for (const { variant, format, bytes } of out) {
        const meta = await sharp(bytes).metadata();
        assert.equal(meta.format === 'heif' ? 'avif' : meta.format, format);
        assert.deepEqual([meta.width, meta.height], [variant.width, variant.height]);
        assert.equal(meta.exif, undefined, `${variant.shape}-${variant.width}.${format} has EXIF`);
        assert.equal(meta.xmp, undefined);
        assert.equal(meta.iptc, undefined);
        assert.ok((meta.orientation ?? 1) === 1);
        await writeFile(join(dir, `${variant.shape}-${variant.width}.${format}`), bytes);
      }
      assert.ok(out.find((v) => v.variant.shape === 'full')!.variant.height > 200, 'orientation applied');
      // exiftool reads what scrapers read: it finds the position in the input and no trace of it in any variant.
      await writeFile(join(dir, 'input.jpg'), input);
      const { stdout: inputTags } = await promisify(execFile)('exiftool', ['-a', '-G1', '-s', join(dir, 'input.jpg')]);
      assert.match(inputTags, /GPSLatitude/);
      await rm(join(dir, 'input.jpg'));
      const { stdout } = await promisify(execFile)('exiftool', ['-a', '-G1', '-s', dir]);
      assert.doesNotMatch(stdout, /GPS|Copyright|Artist|Treffpunkt|Quelle|Geheim/);
      assert.match(stdout, /ImageWidth/, 'exiftool read the files');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('image checks refuse', () => {
  const refused = async (bytes: Buffer, name: string, pattern: RegExp) =>
    assert.rejects(probeImage(bytes, name), (err: Error) => {
      assert.match(err.message, pattern);
      assert.match(err.message, new RegExp(name.replace('.', '\\.')));
      return true;
    });

  it('a text file named .jpg', () =>
    refused(Buffer.from('Das ist kein Foto.\n'), 'foto.jpg', /not an image in a supported format/));
  it('SVG, whose decoder is not even enabled', () =>
    refused(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'),
      'logo.svg',
      /not an image in a supported format/,
    ));
  it('TIFF', async () =>
    refused(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .tiff()
        .toBuffer(),
      'scan.jpg',
      /not an image in a supported format/,
    ));
  it('a tiny PNG claiming 10000×10000 pixels (decompression bomb)', async () => {
    const bomb = await pngClaiming(10_000, 10_000);
    assert.ok(bomb.length < 100);
    await refused(bomb, 'bombe.png', /10000×10000 pixels, over the limit of 50 megapixels/);
  });
  it('an animated WebP', async () => refused(await animatedWebp(), 'anim.webp', /animated/));
  it('bytes over the limit', () =>
    refused(Buffer.alloc(MAX_IMAGE_BYTES + 1), 'riesig.jpg', /over the limit of 25\.0 MB/));
});
