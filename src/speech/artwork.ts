// The podcast's cover: a square PNG drawn on the server from the site's name and the feed's subject (a topic,
// "Meine News") and its logo if it has one, as Apple Podcasts wants it (1400–3000 px, RGB, PNG or JPEG). Drawn once per distinct text and
// kept in the app's FileStore under a hash of what is drawn, so its URL never changes content.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import type { FileStore } from '../store/files.ts';
import { escapeHtml as x } from '../web/html.ts';

export const ARTWORK_SIZE = 1400;
const FOLDER = 'podcast-artwork';
const FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');

export interface ArtworkText {
  site: string;
  /** What the feed is about ("Ukraine", "Meine News"); absent for the whole site. */
  subject?: string | undefined;
  /** The small label above ("Vorlesen"). */
  label: string;
  /** The site's logo as PNG: drawn on a white band at the top instead of the site's name. */
  logo?: Buffer | undefined;
}

/** Words into lines of at most `max` characters (Noto Sans Bold averages about 0.6 em a character). */
function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= max) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  const kept = out.length > lines ? [...out.slice(0, lines - 1), `${out.slice(lines - 1).join(' ')}`] : out;
  return kept.map((l, i) =>
    l.length > max || (i === lines - 1 && out.length > lines) ? `${l.slice(0, max - 1)}…` : l,
  );
}

export function artworkSvg(t: ArtworkText): string {
  const S = ARTWORK_SIZE;
  const title = wrap(t.subject ?? t.site, 18, 3);
  const longest = Math.max(...title.map((l) => l.length), 4);
  const size = Math.min(220, Math.floor((S * 0.84) / (longest * 0.6)));
  const top = S * (t.logo ? 0.58 : 0.5) - ((title.length - 1) * size * 1.1) / 2;
  const logo = t.logo
    ? `<rect x="0" y="24" width="${S}" height="340" fill="#ffffff"/><image x="120" y="84" width="${S - 240}" height="220" preserveAspectRatio="xMinYMid meet" href="data:image/png;base64,${t.logo.toString('base64')}"/>`
    : '';
  // A row of bars like a level meter: the one picture every listener reads as "audio".
  const bars = [0.35, 0.6, 0.9, 0.55, 1, 0.7, 0.4, 0.8, 0.5, 0.3]
    .map((h, i) => `<rect x="${120 + i * 44}" y="${1240 - h * 120}" width="26" height="${h * 120}" rx="13"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}">
<rect width="${S}" height="${S}" fill="#0b5cad"/>
<rect x="0" y="0" width="${S}" height="24" fill="#8cc4ff"/>
${logo}
<g font-family="Noto Sans" font-weight="700" fill="#ffffff">
<text x="120" y="${t.logo ? 480 : 200}" font-size="64" fill="#cfe5ff">${x(t.label.toUpperCase())}</text>
${title.map((l, i) => `<text x="120" y="${Math.round(top + i * size * 1.1)}" font-size="${size}">${x(l)}</text>`).join('\n')}
${t.subject === undefined || t.logo ? '' : `<text x="120" y="290" font-size="64">${x(wrap(t.site, 32, 1)[0] ?? '')}</text>`}
</g>
<g fill="#8cc4ff">${bars}</g>
</svg>`;
}

/** resvg draws RGBA; Apple asks for RGB, so sharp drops the (opaque) alpha channel. */
export async function renderArtwork(t: ArtworkText): Promise<Buffer> {
  const png = new Resvg(artworkSvg(t), {
    font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'Noto Sans' },
    fitTo: { mode: 'width', value: ARTWORK_SIZE },
  })
    .render()
    .asPng();
  return sharp(png).removeAlpha().png({ compressionLevel: 9 }).toBuffer();
}

export const artworkHash = (t: ArtworkText) =>
  createHash('sha256').update(artworkSvg(t)).digest('base64url').slice(0, 22);

export const artworkKey = (hash: string) => `${FOLDER}/${hash}.png`;

/** The cover's URL path, drawing and storing it first if this text was never drawn. */
export async function ensureArtwork(files: FileStore, t: ArtworkText): Promise<string> {
  const hash = artworkHash(t);
  if ((await files.size(artworkKey(hash))) === undefined) await files.put(artworkKey(hash), await renderArtwork(t));
  return `/podcast/cover/${hash}.png`;
}
