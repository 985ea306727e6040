// The site's logo (`blattwerk site set logo=FILE`): an SVG or PNG checked here, stored through the FileStore by
// its hash, shown in the masthead and drawn into the icons and the podcast cover. An SVG is parsed by
// fast-xml-parser and refused unless every element and attribute is plain drawing (no script, no style sheet,
// no reference outside the file); a PNG is decoded by sharp and written again, which drops its metadata.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { FileStore } from '../store/files.ts';
import type { Database } from '../store/schema.ts';
import type { SiteLogo } from '../web/layout.ts';

export const MAX_LOGO_BYTES = 512 * 1024;
const MAX_SIDE = 4096;
/** The raster the icons and the podcast cover are drawn from: its longer side. */
const RASTER_SIDE = 1024;
const FOLDER = 'site-logo';
const KEY = 'site.logo';
const FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');
const FONTS = { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'Noto Sans' };

/** Elements of plain drawing. Anything else (script, style, foreignObject, image, a, use of files …) is refused. */
const ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'symbol',
  'use',
  'metadata',
]);

class LogoError extends Error {}
const refuse = (why: string): never => {
  throw new LogoError(`site: the logo ${why}`);
};

/** Refuses any element outside ELEMENTS and any attribute that runs code or reaches outside the file. */
function checkSvgTree(nodes: unknown[], depth = 0): void {
  if (depth > 64) refuse('nests too deep');
  for (const node of nodes as Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(node)) {
      if (name === ':@') {
        for (const [attr, v] of Object.entries(value as Record<string, string>)) {
          const a = attr.toLowerCase();
          const text = String(v).toLowerCase().replace(/\s+/g, '');
          if (a.startsWith('on')) refuse(`has an event handler (${attr}): scripts are not allowed`);
          if ((a === 'href' || a === 'xlink:href') && !text.startsWith('#'))
            refuse(`refers to something outside the file (${attr}="${String(v).slice(0, 60)}")`);
          for (let i = text.indexOf('url('); i >= 0; i = text.indexOf('url(', i + 4))
            if (!['#', "'#", '"#'].some((p) => text.startsWith(p, i + 4)))
              refuse(`refers to something outside the file (${attr})`);
          if (text.includes('javascript:') || text.includes('@import') || text.includes('expression('))
            refuse(`has code in an attribute (${attr})`);
        }
        continue;
      }
      if (name === '#text') continue;
      if (name === '?xml') continue;
      if (!ELEMENTS.has(name)) refuse(`may only draw: <${name}> is not allowed (no scripts, styles or embedded files)`);
      checkSvgTree(value as unknown[], depth + 1);
    }
  }
}

export interface CheckedLogo {
  type: 'svg' | 'png';
  /** What is served to the masthead: the SVG as given (checked), or the PNG written again by sharp. */
  bytes: Buffer;
  /** A PNG of at most RASTER_SIDE for the icons and the podcast cover. */
  raster: Buffer;
  width: number;
  height: number;
}

/** Checks a logo file's bytes; `name` tells SVG from PNG. Throws an error naming what is wrong. */
export async function checkLogo(bytes: Buffer, name: string): Promise<CheckedLogo> {
  if (bytes.length > MAX_LOGO_BYTES) refuse(`is ${bytes.length} bytes; at most ${MAX_LOGO_BYTES} are allowed`);
  if (/\.svg$/i.test(name)) {
    const text = bytes.toString('utf8');
    if (text.toUpperCase().includes('<!DOCTYPE') || text.toUpperCase().includes('<!ENTITY'))
      refuse('has a DOCTYPE or entities: not allowed in an SVG logo');
    const valid = XMLValidator.validate(text);
    if (valid !== true) refuse(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    const tree = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: false,
      removeNSPrefix: false,
    }).parse(text) as Record<string, unknown>[];
    const root = tree.find((n) => !('?xml' in n) && !('#text' in n));
    if (!root || !('svg' in root)) refuse('is not an SVG: its root element must be <svg>');
    checkSvgTree(tree);
    let raster: { png: Buffer; width: number; height: number };
    try {
      const { width, height } = new Resvg(text, { font: FONTS });
      const drawn = new Resvg(text, {
        font: FONTS,
        fitTo: width >= height ? { mode: 'width', value: RASTER_SIDE } : { mode: 'height', value: RASTER_SIDE },
      }).render();
      raster = { png: drawn.asPng(), width: drawn.width, height: drawn.height };
    } catch (err) {
      return refuse(`cannot be drawn (give the <svg> a width and height or a viewBox): ${(err as Error).message}`);
    }
    return { type: 'svg', bytes, raster: raster.png, width: raster.width, height: raster.height };
  }
  if (!/\.png$/i.test(name)) refuse(`must be an .svg or .png file, not "${name}"`);
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => refuse('is not a PNG image sharp can read'));
  if (meta.format !== 'png') refuse(`is ${meta.format ?? 'unknown'}, not PNG`);
  const { width = 0, height = 0 } = meta;
  if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE)
    refuse(`is ${width}×${height} px; each side must be 16 to ${MAX_SIDE}`);
  const png = await sharp(bytes).png({ compressionLevel: 9 }).toBuffer();
  const raster = await sharp(bytes)
    .resize(RASTER_SIDE, RASTER_SIDE, { fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  return { type: 'png', bytes: png, raster, width, height };
}

/** Reads a logo file (regular files only, at most one byte past the limit, so a FIFO or /dev/zero is refused). */
export function readLogoFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new LogoError(`site: cannot open the logo "${path}": ${(err as Error).message}`, { cause: err });
  }
  try {
    if (!fstatSync(fd).isFile()) refuse(`"${path}" is not a regular file`);
    const buffer = Buffer.alloc(MAX_LOGO_BYTES + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;)
      length += n;
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

interface StoredLogo {
  hash: string;
  type: 'svg' | 'png';
  width: number;
  height: number;
}

const fileKey = (l: Pick<StoredLogo, 'hash' | 'type'>) => `${FOLDER}/${l.hash}.${l.type}`;
const rasterKey = (hash: string) => `${FOLDER}/${hash}-raster.png`;

/**
 * Stores a checked logo (files first, then the row, so the row never names a file that is not there) and returns
 * the row's value; `undefined` removes the logo. The caller writes the row in its transaction.
 */
export async function storeLogo(files: FileStore, logo: CheckedLogo): Promise<string> {
  const hash = createHash('sha256').update(logo.bytes).digest('base64url').slice(0, 22);
  await files.put(fileKey({ hash, type: logo.type }), logo.bytes);
  await files.put(rasterKey(hash), logo.raster);
  return JSON.stringify({ hash, type: logo.type, width: logo.width, height: logo.height } satisfies StoredLogo);
}

export const LOGO_SETTING = KEY;

/** The logo as the frame shows it, from its `site_meta` row. */
export async function readSiteLogo(db: Kysely<Database>): Promise<SiteLogo | undefined> {
  const row = await db.selectFrom('site_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return undefined;
  const l = JSON.parse(row.value) as StoredLogo;
  return { src: `/logo/${l.hash}.${l.type}`, width: l.width, height: l.height, raster: rasterKey(l.hash) };
}

/** The stored file behind a `/logo/…` path, if it is the current logo's. */
export function logoFileKey(logo: SiteLogo | undefined, hash: string, type: string): string | undefined {
  return logo && logo.src === `/logo/${hash}.${type}` ? `${FOLDER}/${hash}.${type}` : undefined;
}
