// The preview image drawn in a worker thread: layout and resvg's rendering are CPU work that must never hold up the
// event loop, and a worker can be ended when it runs past its deadline. One render per worker, then it exits.
import { Resvg } from '@resvg/resvg-js';
import { parentPort, workerData } from 'node:worker_threads';
import { FONT_FILES } from './fonts.ts';
import { previewSvg, type PreviewInput } from './preview.ts';

const svg = previewSvg(workerData as PreviewInput);
const png = new Resvg(svg, {
  font: { fontFiles: Object.values(FONT_FILES), loadSystemFonts: false, defaultFontFamily: 'Noto Sans' },
  fitTo: { mode: 'original' },
  logLevel: 'off',
})
  .render()
  .asPng();
// Copied, not transferred: resvg hands back memory it owns.
parentPort!.postMessage(png);
