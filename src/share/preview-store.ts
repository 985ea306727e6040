// Preview PNGs on disk under the data directory, named by article and drawing hash: drawn once (resvg, off the
// main thread), redrawn when what is drawn changes; older drawings of the same article are removed.
import { renderAsync } from '@resvg/resvg-js';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FONT_FILES } from './fonts.ts';
import { previewHash, previewSvg, type PreviewInput } from './preview.ts';

export async function renderPng(input: PreviewInput): Promise<Buffer> {
  const image = await renderAsync(previewSvg(input), {
    font: { fontFiles: Object.values(FONT_FILES), loadSystemFonts: false, defaultFontFamily: 'Noto Sans' },
    fitTo: { mode: 'original' },
    logLevel: 'off',
  });
  return image.asPng();
}

export interface PreviewStore {
  /** The PNG for this article as it is now, from disk or freshly drawn. */
  png(articleId: string, input: PreviewInput): Promise<{ hash: string; png: Buffer }>;
}

export function previewStore(dataDir: string): PreviewStore {
  const dir = join(dataDir, 'share-previews');
  // Two requests for a drawing not yet on disk wait for the same render.
  const pending = new Map<string, Promise<Buffer>>();

  async function draw(articleId: string, hash: string, input: PreviewInput): Promise<Buffer> {
    const png = await renderPng(input);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${articleId}-${hash}.png`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, png);
    await rename(tmp, file);
    const stale = (await readdir(dir)).filter(
      (f) => f.startsWith(`${articleId}-`) && f !== `${articleId}-${hash}.png` && f.endsWith('.png'),
    );
    await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
    return png;
  }

  return {
    async png(articleId, input) {
      if (!/^[\w-]+$/.test(articleId)) throw new Error(`share: unexpected article id "${articleId}"`);
      const hash = previewHash(input);
      try {
        return { hash, png: await readFile(join(dir, `${articleId}-${hash}.png`)) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      const key = `${articleId}-${hash}`;
      let job = pending.get(key);
      if (!job) {
        job = draw(articleId, hash, input).finally(() => pending.delete(key));
        pending.set(key, job);
      }
      return { hash, png: await job };
    },
  };
}
