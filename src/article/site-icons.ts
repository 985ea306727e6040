// The site's icons, drawn from its logo when it has one (fitted on white), else from its name: the first letter,
// white on the accent colour (favicon, touch icon, the web app manifest's icons). Made once per name and logo
// with resvg (the letter becomes a path, so the SVG needs no font) and sharp; the routes' page cache keeps the
// answers, and a new name or logo drops every page. The logo itself is served here too.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import type { App } from '../kernel/index.ts';
import { type FileStore, readBytes } from '../store/files.ts';
import { THEME_COLOUR, type SiteFrame } from '../web/layout.ts';
import type { Page } from '../web/http.ts';
import type { Route } from '../web/server.ts';
import { logoFileKey } from './site-logo.ts';

const FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');
const PNG_SIZES = { 'favicon-32': 32, 'apple-touch-icon': 180, 'icon-192': 192, 'icon-512': 512 } as const;

/** The first letter (a whole grapheme) of the name, upper case; "B" for "Blattwerk". */
export function initial(name: string): string {
  const first = new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(name.trim())[Symbol.iterator]().next();
  return first.done ? '?' : first.value.segment.toLocaleUpperCase('de');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A 512 unit square; `maskable` fills it edge to edge and keeps the letter in the middle 60 %. */
function drawing(name: string, maskable: boolean): string {
  const background = maskable
    ? `<rect width="512" height="512" fill="${THEME_COLOUR}"/>`
    : `<rect width="512" height="512" rx="96" fill="${THEME_COLOUR}"/>`;
  const size = maskable ? 260 : 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">${background}<text x="256" y="${256 + size * 0.36}" font-family="Noto Sans" font-weight="700" font-size="${size}" fill="#fff" text-anchor="middle">${escapeXml(initial(name))}</text></svg>`;
}

interface Icons {
  svg: string;
  png: Record<keyof typeof PNG_SIZES | 'icon-maskable', Buffer>;
  ico: Buffer;
}

function render(svg: string): Resvg {
  return new Resvg(svg, { font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'Noto Sans' } });
}

/** The logo fitted on white: `inset` of the square left free around it (the maskable icon's safe zone). */
function onWhite(raster: Buffer, size: number, inset: number): Promise<Buffer> {
  const inner = Math.round(size * (1 - 2 * inset));
  return sharp(raster)
    .resize(inner, inner, { fit: 'contain', background: '#ffffff' })
    .flatten({ background: '#ffffff' })
    .extend({
      top: Math.floor((size - inner) / 2),
      bottom: Math.ceil((size - inner) / 2),
      left: Math.floor((size - inner) / 2),
      right: Math.ceil((size - inner) / 2),
      background: '#ffffff',
    })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function logoIcons(raster: Buffer): Promise<Icons> {
  const png = {} as Icons['png'];
  for (const [file, size] of Object.entries(PNG_SIZES) as [keyof typeof PNG_SIZES, number][])
    png[file] = await onWhite(raster, size, size <= 32 ? 0.03 : 0.08);
  png['icon-maskable'] = await onWhite(raster, 512, 0.2);
  // The SVG icon carries a PNG of the logo: an SVG logo was checked, but the favicon need not parse it again.
  const inside = (await onWhite(raster, 128, 0.04)).toString('base64');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><image width="128" height="128" href="data:image/png;base64,${inside}"/></svg>`;
  return { svg, png, ico: icoOf(png['favicon-32'], 32) };
}

async function makeIcons(name: string): Promise<Icons> {
  const plain = render(drawing(name, false));
  const full = plain.render().asPng();
  const png = {} as Icons['png'];
  for (const [file, size] of Object.entries(PNG_SIZES) as [keyof typeof PNG_SIZES, number][])
    png[file] = await sharp(full).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
  png['icon-maskable'] = await sharp(render(drawing(name, true)).render().asPng())
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { svg: plain.toString(), png, ico: icoOf(png['favicon-32'], 32) };
}

/** An ICO file holding one PNG image (allowed since Windows Vista; every browser reads it). */
function icoOf(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // the image follows the header
  return Buffer.concat([header, image]);
}

const made = new Map<string, Promise<Icons>>();
function iconsOf(site: SiteFrame, files: FileStore): Promise<Icons> {
  const key = site.logo?.raster ?? `name:${site.name}`;
  let icons = made.get(key);
  if (!icons) {
    if (made.size > 8) made.clear();
    const raster = site.logo?.raster;
    icons = raster
      ? readBytes(files, raster).then((bytes) => (bytes ? logoIcons(bytes) : makeIcons(site.name)))
      : makeIcons(site.name);
    icons.catch(() => made.delete(key));
    made.set(key, icons);
  }
  return icons;
}

const DAY = 'public, max-age=86400';

export function siteIconRoutes(app: App): Route[] {
  const answer = (type: string, body: string | Buffer): Page => ({ status: 200, type, body, cacheControl: DAY });
  return [
    {
      method: 'GET',
      path: /^\/favicon\.(svg|ico)$/,
      cache: true,
      async handle(ctx) {
        const icons = await iconsOf(app.site, app.files);
        return ctx.params[0] === 'svg' ? answer('image/svg+xml', icons.svg) : answer('image/x-icon', icons.ico);
      },
    },
    {
      method: 'GET',
      path: /^\/(apple-touch-icon|icon-192|icon-512|icon-maskable)\.png$/,
      cache: true,
      async handle(ctx) {
        const icons = await iconsOf(app.site, app.files);
        return answer('image/png', icons.png[ctx.params[0] as keyof Icons['png']]);
      },
    },
    {
      method: 'GET',
      path: /^\/logo\/([\w-]{22})\.(svg|png)$/,
      cache: true,
      async handle(ctx) {
        const key = logoFileKey(app.site.logo, ctx.params[0]!, ctx.params[1]!);
        const bytes = key && (await readBytes(app.files, key));
        if (!bytes) return undefined;
        const type = ctx.params[1] === 'svg' ? 'image/svg+xml' : 'image/png';
        // Named by its hash: never changes. An SVG opened on its own runs nothing (checked, and this CSP).
        return {
          status: 200,
          type,
          body: bytes,
          cacheControl: 'public, max-age=31536000, immutable',
          headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/manifest\.webmanifest$/,
      cache: true,
      handle(ctx) {
        const name = app.site.name;
        const manifest = {
          name,
          short_name: name.length <= 12 ? name : initial(name),
          description: app.site.description ?? ctx.t.siteDescription(name),
          lang: ctx.locale,
          start_url: '/',
          scope: '/',
          display: 'browser',
          background_color: '#ffffff',
          theme_color: THEME_COLOUR,
          icons: [
            { src: '/favicon.svg', type: 'image/svg+xml', sizes: 'any' },
            { src: '/icon-192.png', type: 'image/png', sizes: '192x192' },
            { src: '/icon-512.png', type: 'image/png', sizes: '512x512' },
            { src: '/icon-maskable.png', type: 'image/png', sizes: '512x512', purpose: 'maskable' },
          ],
        };
        return Promise.resolve(answer('application/manifest+json', JSON.stringify(manifest)));
      },
    },
  ];
}
