// Draws the demo articles' lead images: flat illustrations of a fictional town, written as SVG here and
// rendered to JPEG (resvg, then sharp) into content/demo/bilder/. Nothing is downloaded; run it again after
// changing a drawing: `node scripts/demo-images.ts`.
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';

const W = 1600;
const H = 900;
const OUT = new URL('../content/demo/bilder/', import.meta.url);

const sky = (top: string, bottom: string) =>
  `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs><rect width="${W}" height="${H}" fill="url(#sky)"/>`;
const sun = (x: number, y: number, r: number, c = '#ffd97a') => `<circle cx="${x}" cy="${y}" r="${r}" fill="${c}"/>`;
const cloud = (x: number, y: number, s: number, c = '#ffffff') =>
  `<g fill="${c}" opacity=".9"><ellipse cx="${x}" cy="${y}" rx="${90 * s}" ry="${34 * s}"/><ellipse cx="${x - 50 * s}" cy="${y + 6 * s}" rx="${60 * s}" ry="${28 * s}"/><ellipse cx="${x + 40 * s}" cy="${y - 18 * s}" rx="${56 * s}" ry="${36 * s}"/></g>`;
const hills = (y: number, c1: string, c2: string) =>
  `<path d="M0 ${y} C 300 ${y - 120} 500 ${y - 40} 800 ${y - 90} S 1300 ${y - 20} 1600 ${y - 110} V ${H} H 0 Z" fill="${c1}"/><path d="M0 ${y + 60} C 400 ${y - 10} 700 ${y + 80} 1000 ${y + 20} S 1400 ${y + 40} 1600 ${y} V ${H} H 0 Z" fill="${c2}"/>`;
function house(x: number, y: number, w: number, h: number, wall: string, roof: string, windows = true): string {
  const win = windows
    ? Array.from({ length: Math.max(1, Math.floor(w / 45)) }, (_, i) => {
        const wx = x + 14 + i * ((w - 28) / Math.max(1, Math.floor(w / 45)));
        return `<rect x="${wx}" y="${y + h * 0.3}" width="18" height="26" fill="#fbe7a1"/><rect x="${wx}" y="${y + h * 0.62}" width="18" height="26" fill="#fbe7a1"/>`;
      }).join('')
    : '';
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${wall}"/><path d="M${x - 10} ${y} L${x + w / 2} ${y - w * 0.45} L${x + w + 10} ${y} Z" fill="${roof}"/>${win}`;
}
function tree(x: number, y: number, s = 1, c = '#2f7d4f'): string {
  return `<rect x="${x - 6 * s}" y="${y - 40 * s}" width="${12 * s}" height="${40 * s}" fill="#6b4a2f"/><circle cx="${x}" cy="${y - 70 * s}" r="${42 * s}" fill="${c}"/>`;
}
const river = (y: number, c = '#4f8fc0') =>
  `<path d="M0 ${y} C 400 ${y - 40} 800 ${y + 50} 1600 ${y - 10} V ${y + 120} C 1100 ${y + 170} 500 ${y + 90} 0 ${y + 150} Z" fill="${c}"/><path d="M200 ${y + 60} h140 M700 ${y + 80} h200 M1150 ${y + 50} h120" stroke="#d7ecf7" stroke-width="6" stroke-linecap="round" opacity=".7"/>`;

const scenes: Record<string, () => string> = {
  // Deich an der Aue: a raised dike between river and houses, rain over the hills.
  'deich-aue': () =>
    sky('#8fa9bd', '#d5dee5') +
    cloud(350, 150, 1.6, '#eef2f5') +
    cloud(1150, 120, 2, '#e3e9ee') +
    hills(520, '#7f9f7a', '#6d9068') +
    river(600, '#5b8fb3') +
    `<path d="M0 560 C 500 520 1100 540 1600 510 L1600 600 C 1100 620 500 610 0 640 Z" fill="#8aa55f"/>` +
    [120, 330, 1280, 1440]
      .map((x, i) => house(x, 420, 130, 120, ['#e7d3b8', '#d9c2a6', '#efe1cc', '#d8b79a'][i]!, '#9c4a3a'))
      .join('') +
    `<g fill="#c9a86a">${[0, 1, 2, 3, 4, 5, 6].map((i) => `<rect x="${560 + i * 70}" y="${525 - (i % 2) * 8}" width="60" height="28" rx="8"/>`).join('')}</g>`,
  // Linie 7: a tram at a stop in the old town.
  'strassenbahn-altstadt': () =>
    sky('#9fd0f0', '#e8f4fb') +
    sun(1350, 160, 70) +
    cloud(400, 170, 1.3) +
    [0, 230, 440, 980, 1200, 1400]
      .map((x, i) =>
        house(
          x,
          260 + (i % 3) * 30,
          210,
          420,
          ['#e9c9a3', '#d7e0c8', '#f0dcc8', '#e2c1b5', '#d9d4ea', '#efe0b8'][i]!,
          '#8b3f32',
        ),
      )
      .join('') +
    `<rect y="690" width="${W}" height="${H - 690}" fill="#8d8f93"/><path d="M0 770 H1600 M0 820 H1600" stroke="#5e6064" stroke-width="8"/>` +
    `<rect x="520" y="470" width="720" height="260" rx="40" fill="#d8232a"/><rect x="520" y="640" width="720" height="40" fill="#f4f4f4"/>` +
    [0, 1, 2, 3, 4]
      .map((i) => `<rect x="${560 + i * 135}" y="510" width="110" height="100" rx="12" fill="#cfe8f7"/>`)
      .join('') +
    `<circle cx="640" cy="745" r="26" fill="#2b2b2b"/><circle cx="1120" cy="745" r="26" fill="#2b2b2b"/><path d="M880 470 V420 L940 380" stroke="#2b2b2b" stroke-width="8" fill="none"/><path d="M0 380 H1600" stroke="#2b2b2b" stroke-width="4"/>` +
    `<rect x="1320" y="520" width="14" height="210" fill="#3b3b3b"/><circle cx="1327" cy="505" r="34" fill="#f4c20d"/><path d="M1313 490 h28 l-16 34" stroke="#222" stroke-width="7" fill="none"/>`,
  // Wochenmarkt: stalls with striped awnings on the town hall square.
  wochenmarkt: () =>
    sky('#a7d8f5', '#f2f9fd') +
    sun(250, 150, 60) +
    house(560, 180, 480, 360, '#e8d2b0', '#7c3a2d') +
    `<rect x="770" y="420" width="60" height="120" fill="#6b4a2f"/><circle cx="800" cy="260" r="36" fill="#f7f1e3" stroke="#6b4a2f" stroke-width="6"/>` +
    `<rect y="540" width="${W}" height="${H - 540}" fill="#cbb89a"/>` +
    [
      [60, '#d8232a'],
      [430, '#1c6641'],
      [820, '#e39b12'],
      [1210, '#2a62a8'],
    ]
      .map(([x, c]) => {
        const X = x as number;
        const stripes = [0, 1, 2, 3, 4, 5]
          .map(
            (i) => `<rect x="${X + i * 55}" y="560" width="55" height="60" fill="${i % 2 ? '#fff' : (c as string)}"/>`,
          )
          .join('');
        const goods = [0, 1, 2, 3, 4, 5, 6, 7]
          .map(
            (i) =>
              `<circle cx="${X + 30 + i * 38}" cy="${700 - (i % 2) * 10}" r="18" fill="${['#e74c3c', '#f39c12', '#27ae60', '#f1c40f'][i % 4]}"/>`,
          )
          .join('');
        return `${stripes}<rect x="${X + 10}" y="620" width="10" height="180" fill="#6b4a2f"/><rect x="${X + 300}" y="620" width="10" height="180" fill="#6b4a2f"/><rect x="${X}" y="710" width="330" height="90" fill="#a47148"/>${goods}`;
      })
      .join(''),
  // Aufstieg: a floodlit pitch in the evening, the goal and a ball.
  sportplatz: () =>
    sky('#1f2d4f', '#51608a') +
    [200, 1400]
      .map(
        (x) =>
          `<rect x="${x}" y="120" width="16" height="420" fill="#ccd"/><rect x="${x - 60}" y="100" width="136" height="50" rx="6" fill="#fff7cc"/>`,
      )
      .join('') +
    `<path d="M0 520 H1600 V900 H0 Z" fill="#2f8f46"/>` +
    [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<path d="M${i * 200} 520 h100 v380 h-100 Z" fill="#38a050"/>`).join('') +
    `<path d="M200 880 L500 560 H1100 L1400 880" stroke="#fff" stroke-width="6" fill="none"/><ellipse cx="800" cy="690" rx="150" ry="45" stroke="#fff" stroke-width="6" fill="none"/>` +
    `<rect x="640" y="420" width="320" height="150" fill="none" stroke="#fff" stroke-width="12"/><path d="M640 420 l40 40 h240 l40 -40 M680 460 V570 M920 460 V570" stroke="#e6e6e6" stroke-width="3" fill="none"/>` +
    `<circle cx="980" cy="780" r="34" fill="#fff"/><path d="M966 770 l14 -8 14 8 -5 16 h-18 Z" fill="#222"/>`,
  // Bürgerwindpark: wind turbines on the hills above the village.
  windpark: () =>
    sky('#86c5ea', '#e4f3fb') +
    cloud(1200, 160, 1.5) +
    cloud(300, 230, 1) +
    hills(560, '#8cbf6a', '#6fa657') +
    [
      [380, 330, 1],
      [820, 260, 1.2],
      [1260, 340, 0.9],
    ]
      .map(([x, y, s]) => {
        const X = x!;
        const Y = y!;
        const S = s!;
        const blade = (a: number) =>
          `<path d="M${X} ${Y} L${X - 10 * S} ${Y - 200 * S} Q${X} ${Y - 215 * S} ${X + 8 * S} ${Y - 195 * S} Z" fill="#f7f7f7" transform="rotate(${a} ${X} ${Y})"/>`;
        return `<path d="M${X - 9 * S} ${Y + 320 * S} L${X - 4 * S} ${Y} H${X + 4 * S} L${X + 9 * S} ${Y + 320 * S} Z" fill="#f2f2f2"/>${[10, 130, 250].map(blade).join('')}<circle cx="${X}" cy="${Y}" r="${12 * S}" fill="#ddd"/>`;
      })
      .join('') +
    [150, 1000, 1450].map((x) => house(x, 700, 120, 100, '#efe1cc', '#9c4a3a')).join('') +
    tree(600, 820, 1.1) +
    tree(1300, 840, 0.9, '#3d8a57'),
  // Stadttheater: the facade at dusk, the curtain open, a poster of the flood play.
  stadttheater: () =>
    sky('#3a2b57', '#b46a7a') +
    `<rect x="250" y="250" width="1100" height="560" fill="#e8dcc6"/><path d="M220 250 L800 90 L1380 250 Z" fill="#cdbb9c"/>` +
    [0, 1, 2, 3, 4, 5]
      .map((i) => `<rect x="${300 + i * 200}" y="290" width="50" height="520" fill="#f6efe2"/>`)
      .join('') +
    `<rect x="600" y="520" width="400" height="290" fill="#3a1016"/><path d="M600 520 Q700 700 640 810 H600 Z M1000 520 Q900 700 960 810 H1000 Z" fill="#b3202c"/><ellipse cx="800" cy="760" rx="120" ry="30" fill="#ffd97a" opacity=".6"/>` +
    `<rect x="380" y="560" width="120" height="170" fill="#1d4f7a"/><path d="M380 690 C 410 660 440 700 500 670 V730 H380 Z" fill="#6fb1dc"/><rect x="1100" y="560" width="120" height="170" fill="#f2c14e"/>` +
    `<rect y="810" width="${W}" height="90" fill="#4b4150"/>`,
  // Bürgermeisterwahl: the town hall with a flag and three campaign posters.
  rathaus: () =>
    sky('#b5dcf3', '#eef8fd') +
    cloud(1250, 150, 1.2) +
    `<rect x="430" y="260" width="740" height="500" fill="#efe0c5"/><path d="M400 260 L800 120 L1200 260 Z" fill="#8b3f32"/><rect x="760" y="40" width="80" height="230" fill="#e3cfae"/><path d="M770 40 L800 0 L830 40 Z" fill="#8b3f32"/>` +
    `<rect x="840" y="60" width="6" height="100" fill="#555"/><rect x="846" y="62" width="70" height="16" fill="#111"/><rect x="846" y="78" width="70" height="16" fill="#d8232a"/><rect x="846" y="94" width="70" height="16" fill="#f4c20d"/>` +
    [0, 1, 2, 3, 4]
      .map(
        (i) =>
          `<rect x="${480 + i * 140}" y="330" width="60" height="110" rx="30" fill="#cfe3ef"/><rect x="${480 + i * 140}" y="520" width="60" height="110" rx="30" fill="#cfe3ef"/>`,
      )
      .join('') +
    `<rect x="760" y="640" width="80" height="120" fill="#6b4a2f"/><rect y="760" width="${W}" height="140" fill="#b9b2a5"/>` +
    [
      [120, '#1c6641'],
      [1260, '#2a62a8'],
      [1420, '#d8232a'],
    ]
      .map(
        ([x, c]) =>
          `<rect x="${(x as number) + 40}" y="640" width="10" height="220" fill="#555"/><rect x="${x}" y="560" width="90" height="120" fill="${c}"/><circle cx="${(x as number) + 45}" cy="600" r="22" fill="#f1d2b6"/>`,
      )
      .join('') +
    tree(300, 770, 1.2) +
    tree(1120, 780, 0.8, '#3d8a57'),
  // Freibad: the renovated pool in summer, a diving board and a slide.
  freibad: () =>
    sky('#7cc4f0', '#dff1fc') +
    sun(1380, 140, 80) +
    `<rect y="420" width="${W}" height="${H - 420}" fill="#e9dcc0"/><rect x="160" y="500" width="1280" height="320" rx="20" fill="#3aa7d6"/>` +
    [0, 1, 2, 3, 4]
      .map(
        (i) =>
          `<path d="M160 ${560 + i * 55} H1440" stroke="#fff" stroke-width="5" stroke-dasharray="30 18" opacity=".8"/>`,
      )
      .join('') +
    `<path d="M260 760 c 60 -20 120 20 180 0 s 120 -20 180 0" stroke="#bfe6f6" stroke-width="6" fill="none"/>` +
    `<rect x="1240" y="300" width="18" height="210" fill="#777"/><rect x="1120" y="300" width="160" height="16" fill="#2a62a8"/><path d="M180 480 C 300 300 400 330 430 250" stroke="#f2a93b" stroke-width="36" fill="none" stroke-linecap="round"/>` +
    tree(80, 430, 1.1) +
    tree(1540, 430, 1) +
    `<circle cx="700" cy="640" r="20" fill="#f1d2b6"/><circle cx="930" cy="700" r="20" fill="#caa184"/><rect x="860" y="620" width="90" height="30" rx="15" fill="#f4c20d"/>`,
};

for (const [name, draw] of Object.entries(scenes)) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${draw()}</svg>`;
  const png = new Resvg(svg, { font: { loadSystemFonts: false, defaultFontFamily: 'sans-serif' } }).render().asPng();
  const jpeg = await sharp(png).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
  writeFileSync(new URL(`${name}.jpg`, OUT), jpeg);
  process.stdout.write(`content/demo/bilder/${name}.jpg ${Math.round(jpeg.length / 1024)} KB\n`);
}
