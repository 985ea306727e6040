// A QR code as inline SVG, drawn on the server (News folgen's device transfer, the newsroom's TOTP enrolment):
// one path of dark modules on a light square (quiet zone included), so it scans in dark mode too and needs no
// script, image request or inline style.
import { encodeQR } from '@paulmillr/qr';
import { html, type SafeHtml } from '../web/html.ts';

const QUIET = 4;

export function qrSvg(text: string, label: string): SafeHtml {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: 0 });
  const size = modules.length + 2 * QUIET;
  let d = '';
  modules.forEach((row, y) => {
    // One horizontal run per stretch of dark modules keeps the path short.
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x;
      while (row[end]) end++;
      d += `M${x + QUIET} ${y + QUIET}h${end - x}v1h${x - end}z`;
      x = end;
    }
  });
  return html`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="240" height="240" role="img" aria-label="${label}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
