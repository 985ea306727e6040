import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { previewHash, previewSvg, PREVIEW_HEIGHT, PREVIEW_WIDTH, type PreviewInput } from './preview.ts';
import { PreviewTimeout, previewStore, renderPng } from './preview-store.ts';
import { localFiles } from '../store/files.ts';

const ENDLESS = new URL('./testing-endless-render.ts', import.meta.url);
import { HOSTILE_TITLE } from './testing.ts';
import { cleanText, clusters, oneLine, wrap } from './text-layout.ts';

const hostile: PreviewInput = {
  kicker: `Kicker <&"> 🚀 ${'lang '.repeat(40)}`,
  headline: HOSTILE_TITLE,
  siteName: 'Blatt & "Werk"',
  date: '27. März 2025',
};

/** Width and height from the PNG signature and IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('preview text layout', () => {
  it('cleans text that would break XML or the reading order', () => {
    const cases: [string, string][] = [
      ['  a \n\t b  ', 'a b'],
      ['x\u0000y\u001fz', 'x y z'],
      ['\u202Eevil\u202C ok\u200F', 'evil ok'],
      ['lone \uD800 surrogate', 'lone surrogate'],
      ['Cafe\u0301', 'Café'],
    ];
    for (const [input, want] of cases) assert.equal(cleanText(input), want, JSON.stringify(input));
  });

  it('gives each grapheme a face: text, emoji (base only) or nothing', () => {
    const got = clusters('Aü 🎉👍🏽 ש ع \uE000 ©').map((c) => `${c.kind}:${c.text}`);
    assert.deepEqual(got, [
      'text:A',
      'text:ü',
      'text: ',
      'emoji:🎉',
      'emoji:👍',
      'text: ',
      'text:ש',
      'text: ',
      'text:ع',
      'text: ',
      'text: ',
      'text:©',
    ]);
    for (const c of clusters(HOSTILE_TITLE)) assert.ok(c.width > 0 && c.width < 2, `${c.text}: ${c.width}`);
  });

  it('wraps within the width, breaks a word too long for a line, and cuts with an ellipsis', () => {
    const cs = clusters(`${'Donaudampfschifffahrt'.repeat(3)} und ${'viel Text '.repeat(30)}`);
    const lines = wrap(cs, 12, 3, true)!;
    assert.equal(lines.length, 3);
    for (const l of lines) assert.ok(l.width <= 12, `line width ${l.width}`);
    assert.ok(lines[2]!.runs.at(-1)!.text.endsWith('…'));
    assert.equal(wrap(cs, 12, 3, false), undefined, 'without cut: does not fit');
    assert.equal(oneLine(clusters('kurz'), 12).runs[0]!.text, 'kurz');
  });

  it('reads each cluster a bounded number of times, so layout cost grows linearly with the text', () => {
    // Widths are read through a counting getter: the old ellipsis re-summed the line per dropped cluster.
    const reads = (n: number, text: (i: number) => string) => {
      let count = 0;
      const cs = Array.from({ length: n }, (_, i) => {
        const t = text(i);
        return {
          text: t,
          kind: 'text' as const,
          get width() {
            count++;
            return t === ' ' ? 0.25 : 0.5;
          },
        };
      });
      oneLine(cs, 30);
      wrap(cs, 30, 3, true);
      wrap(cs, 30, 3, false);
      return count;
    };
    for (const text of [() => 'a', (i: number) => (i % 7 === 6 ? ' ' : 'a')]) {
      const small = reads(2_000, text);
      const large = reads(20_000, text);
      assert.ok(small <= 10 * 2_000, `${small} reads for 2,000 clusters`);
      assert.ok(large <= 10 * 20_000, `${large} reads for 20,000 clusters`);
    }
  });

  it('lays out a megabyte of kicker and headline (a hang here fails by the deadline)', { timeout: 60_000 }, () => {
    const huge = `${'Ein sehr langer Dachzeile '.repeat(40_000)}`;
    const svg = previewSvg({ ...hostile, kicker: huge, headline: huge.replaceAll(' ', '') });
    assert.equal(XMLValidator.validate(svg), true);
    assert.ok(svg.length < 50_000, `the SVG holds only what fits: ${svg.length} characters`);
  });
});

describe('preview image', () => {
  it('draws a hostile headline as well-formed SVG with every text escaped and inside the card', () => {
    const svg = previewSvg(hostile);
    assert.equal(XMLValidator.validate(svg), true);
    assert.doesNotMatch(svg, /<b>|<script/);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true }).parse(
      svg,
    ) as { svg: { text: { x: string; '#text': string | number }[] } };
    const texts = parsed.svg.text;
    const drawn = texts.map((t) => String(t['#text'])).join(' ');
    assert.ok(drawn.includes('…'), 'the long headline is cut with an ellipsis');
    assert.ok(drawn.includes('"Zitat" & <b>Größe</b>'), 'quotes, ampersand and tags come back as text');
    for (const t of texts) assert.ok(Number(t.x) >= 80 && Number(t.x) <= PREVIEW_WIDTH - 80, `x=${t.x}`);
  });

  it('renders a 1200×630 PNG that changes when the headline changes', async () => {
    const png = await renderPng(hostile);
    assert.deepEqual(pngSize(png), { width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT });
    const changed = { ...hostile, headline: `${hostile.headline.slice(0, 100)} (korrigiert)` };
    assert.notEqual(previewHash(changed), previewHash(hostile));
    assert.notDeepEqual(await renderPng(changed), png);
  });

  it('ends a render that passes its deadline, while the event loop goes on', { timeout: 30_000 }, async () => {
    let ticks = 0;
    const tick = setInterval(() => ticks++, 5);
    try {
      await assert.rejects(
        renderPng(hostile, { deadlineMs: 500, workerUrl: ENDLESS }),
        (err: Error) => err instanceof PreviewTimeout && /not drawn within 500 ms/.test(err.message),
      );
    } finally {
      clearInterval(tick);
    }
    assert.ok(ticks > 0, 'timers ran while the worker spun');
    const png = await renderPng(hostile);
    assert.equal(pngSize(png).width, PREVIEW_WIDTH, 'the next render gets a worker again');
  });

  it('stores the PNG in the FileStore by drawing hash and drops the stale drawing of the same article', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blattwerk-preview-'));
    try {
      const store = previewStore(localFiles(dir));
      const plain = { ...hostile, headline: 'Erste Fassung' };
      const [a, b] = await Promise.all([store.png('art-1', plain), store.png('art-1', plain)]);
      assert.deepEqual(a.png, b.png);
      assert.deepEqual(await readdir(join(dir, 'share-previews')), [`art-1-${a.hash}.png`]);
      const again = await store.png('art-1', plain);
      assert.deepEqual(again.png, a.png, 'read back from disk');
      const next = await store.png('art-1', { ...plain, headline: 'Zweite Fassung' });
      assert.notEqual(next.hash, a.hash);
      assert.deepEqual(await readdir(join(dir, 'share-previews')), [`art-1-${next.hash}.png`]);
      await assert.rejects(store.png('../x', plain), /unexpected article id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
