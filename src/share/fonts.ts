// The preview image's fonts: OFL-licensed Noto files shipped in npm packages (nothing fetched at run time, no
// system fonts), and their real advance widths read from the TrueType tables, so headlines wrap before resvg draws.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Face {
  family: string;
  file: string;
  /** Advance width in em of a code point, or undefined when the font has no glyph for it. */
  advance(cp: number): number | undefined;
}

const require = createRequire(import.meta.url);
const file = (pkg: string, path: string) => require.resolve(`@expo-google-fonts/${pkg}/${path}`);

/** Every font the preview uses, by role. Hebrew and Arabic faces also carry Latin, so a line in them needs no fallback. */
export const FONT_FILES = {
  bold: file('noto-sans', '700Bold/NotoSans_700Bold.ttf'),
  regular: file('noto-sans', '400Regular/NotoSans_400Regular.ttf'),
  hebrew: file('noto-sans-hebrew', '700Bold/NotoSansHebrew_700Bold.ttf'),
  arabic: file('noto-sans-arabic', '700Bold/NotoSansArabic_700Bold.ttf'),
  emoji: file('noto-emoji', '700Bold/NotoEmoji_700Bold.ttf'),
} as const;

export type FontRole = keyof typeof FONT_FILES;

const faces = new Map<FontRole, Face>();

export function face(role: FontRole): Face {
  let f = faces.get(role);
  if (!f) {
    f = parseFace(readFileSync(FONT_FILES[role]), FONT_FILES[role]);
    faces.set(role, f);
  }
  return f;
}

/** Reads `name` (family), `head` (units per em), `hhea`/`hmtx` (advances) and `cmap` (format 4 or 12). */
export function parseFace(buf: Buffer, path: string): Face {
  const tables = new Map<string, number>();
  const count = buf.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    tables.set(buf.toString('latin1', at, at + 4), buf.readUInt32BE(at + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`share: font ${path} has no ${tag} table`);
    return at;
  };
  const unitsPerEm = buf.readUInt16BE(table('head') + 18);
  const metricCount = buf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphOf = readCmap(buf, table('cmap'));
  return {
    family: readFamily(buf, table('name')),
    file: path,
    advance(cp) {
      const glyph = glyphOf(cp);
      if (!glyph) return undefined;
      return buf.readUInt16BE(hmtx + Math.min(glyph, metricCount - 1) * 4) / unitsPerEm;
    },
  };
}

function readCmap(buf: Buffer, cmap: number): (cp: number) => number {
  const subtables = buf.readUInt16BE(cmap + 2);
  let format4: number | undefined;
  for (let i = 0; i < subtables; i++) {
    const platform = buf.readUInt16BE(cmap + 4 + i * 8);
    const encoding = buf.readUInt16BE(cmap + 6 + i * 8);
    const at = cmap + buf.readUInt32BE(cmap + 8 + i * 8);
    const format = buf.readUInt16BE(at);
    if (format === 12 && (platform === 3 || platform === 0)) return cmap12(buf, at);
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) format4 = at;
  }
  if (format4 === undefined) throw new Error('share: font has no Unicode cmap');
  return cmap4(buf, format4);
}

function cmap12(buf: Buffer, at: number): (cp: number) => number {
  const groups = buf.readUInt32BE(at + 12);
  return (cp) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = at + 16 + mid * 12;
      if (cp < buf.readUInt32BE(g)) hi = mid - 1;
      else if (cp > buf.readUInt32BE(g + 4)) lo = mid + 1;
      else return buf.readUInt32BE(g + 8) + cp - buf.readUInt32BE(g);
    }
    return 0;
  };
}

function cmap4(buf: Buffer, at: number): (cp: number) => number {
  const segments = buf.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segments; i++) {
      if (cp > buf.readUInt16BE(ends + i * 2)) continue;
      const start = buf.readUInt16BE(starts + i * 2);
      if (cp < start) return 0;
      const delta = buf.readUInt16BE(deltas + i * 2);
      const offset = buf.readUInt16BE(offsets + i * 2);
      if (offset === 0) return (cp + delta) & 0xffff;
      const glyph = buf.readUInt16BE(offsets + i * 2 + offset + (cp - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** The typographic family (name ID 16) or family (ID 1), as resvg will match it in `font-family`. */
function readFamily(buf: Buffer, name: number): string {
  const count = buf.readUInt16BE(name + 2);
  const strings = name + buf.readUInt16BE(name + 4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const r = name + 6 + i * 12;
    const [platform, , , id, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => buf.readUInt16BE(r + o)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (platform !== 3 || (id !== 1 && id !== 16) || found.has(id)) continue;
    const raw = buf.subarray(strings + offset, strings + offset + length);
    found.set(id, Buffer.from(raw).swap16().toString('utf16le'));
  }
  const family = found.get(16) ?? found.get(1);
  if (!family) throw new Error('share: font has no family name');
  return family;
}
