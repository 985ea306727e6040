// The logo setting's checks: an SVG that could run code or load anything is refused with a reason; a clean one,
// with its own gradients and references inside the file, is taken; a PNG is decoded by sharp and bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { checkLogo, MAX_LOGO_BYTES } from './site-logo.ts';

const svg = (inner: string, attrs = '') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="60" viewBox="0 0 300 60"${attrs}>${inner}</svg>`,
  );
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: '#1c6641' } })
    .png()
    .toBuffer();

describe('the site logo', () => {
  it('takes a plain SVG with references inside the file, and rasterises it for the icons', async () => {
    const logo = await checkLogo(
      svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#1c6641"/><stop offset="1" stop-color="#0b5cad"/></linearGradient><path id="p" d="M0 0h60v60H0z"/></defs><use href="#p"/><use xlink:href="#p" x="70"/><rect x="140" width="160" height="60" fill="url(#g)" style="stroke: url(\'#g\')"/><text x="150" y="40">Bote</text>',
      ),
      'logo.svg',
    );
    assert.deepEqual([logo.type, logo.width, logo.height], ['svg', 1024, 205], "the raster's size, 5:1 like the SVG");
    const raster = await sharp(logo.raster).metadata();
    assert.deepEqual([raster.format, raster.width, raster.height], ['png', 1024, 205]);
  });

  for (const [what, file, why] of [
    ['a script', svg('<script>alert(1)</script>'), /<script> is not allowed/],
    ['an event handler', svg('<rect width="5" height="5"/>', ' onload="alert(1)"'), /event handler \(onload\)/],
    ['foreign HTML', svg('<foreignObject><p>x</p></foreignObject>'), /<foreignObject> is not allowed/],
    ['an embedded image', svg('<image href="https://example.org/x.png"/>'), /<image> is not allowed/],
    ['a link to another file', svg('<use href="other.svg#p"/>'), /outside the file \(href/],
    ['a javascript: link', svg('<use xlink:href="javascript:alert(1)"/>'), /outside the file/],
    ['a style sheet', svg('<style>@import url(https://x/y.css);</style>'), /<style> is not allowed/],
    [
      'a url() to another host',
      svg('<rect fill="url(https://x/y#g)" width="5" height="5"/>'),
      /outside the file \(fill\)/,
    ],
    [
      'a url() in a style',
      svg('<rect style="fill: url( //x/y )" width="5" height="5"/>'),
      /outside the file \(style\)/,
    ],
    ['a DOCTYPE', Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>'), /DOCTYPE/],
    ['broken XML', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'), /not well-formed XML/],
    ['another root', Buffer.from('<html><svg/></html>'), /root element must be <svg>/],
    ['no size', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>'), /cannot be drawn/],
    ['too many bytes', Buffer.alloc(MAX_LOGO_BYTES + 1, 32), /at most 524288/],
  ] as const)
    it(`refuses an SVG with ${what}, naming it`, async () => {
      await assert.rejects(checkLogo(file, 'logo.svg'), (err: Error) => {
        assert.match(err.message, /^site: the logo /);
        assert.match(err.message, why);
        return true;
      });
    });

  it('decodes a PNG with sharp, bounds its size and refuses other formats', async () => {
    const logo = await checkLogo(await png(400, 100), 'logo.png');
    assert.deepEqual([logo.type, logo.width, logo.height], ['png', 400, 100]);
    await assert.rejects(checkLogo(await png(8, 8), 'logo.png'), /8×8 px; each side must be 16 to 4096/);
    await assert.rejects(checkLogo(Buffer.from('not an image'), 'logo.png'), /not a PNG image sharp can read/);
    const jpeg = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    await assert.rejects(checkLogo(jpeg, 'logo.png'), /is jpeg, not PNG/);
    await assert.rejects(checkLogo(await png(40, 40), 'logo.gif'), /must be an \.svg or \.png file/);
  });
});
