// The server-drawn QR code scans: its SVG path is rasterised here and read back with the package's decoder.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import decodeQR from '@paulmillr/qr/decode.js';
import { qrSvg } from './qr.ts';

const SCALE = 4;

function rasterise(svg: string): { width: number; height: number; data: Uint8Array } {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1] ?? assert.fail('viewBox'));
  const d = /<path fill="#000" d="([^"]+)"/.exec(svg)?.[1] ?? assert.fail('path');
  const width = size * SCALE;
  const data = new Uint8Array(width * width * 4).fill(255);
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dy = 0; dy < SCALE; dy++) {
      for (let px = Number(x) * SCALE; px < (Number(x) + Number(w)) * SCALE; px++) {
        const at = ((Number(y) * SCALE + dy) * width + px) * 4;
        data.fill(0, at, at + 3);
      }
    }
  }
  return { width, height: width, data };
}

it('draws a QR code that decodes to the transfer link', () => {
  const link =
    'https://news.example/meine-news/uebernehmen?code=Qm9vbGVhbiBzZWFsZWQgY29kZSB0aGF0IGlzIGxvbmcgZW5vdWdoIGZvciB0aGUgdGVzdA';
  const svg = qrSvg(link, 'QR-Code').value;
  assert.match(svg, /^<svg class="qr" [^>]*role="img" aria-label="QR-Code"/);
  assert.doesNotMatch(svg, /style=|<script/);
  assert.equal(decodeQR(rasterise(svg)), link);
});
