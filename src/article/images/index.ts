// Images in the publishing core: ingest (checked, stored once), variants (AVIF/WebP, focal crops, no metadata),
// the route that serves them and the `<picture>` markup.
import { join } from 'node:path';
import { localFiles, type FileStore } from '../../store/files.ts';

export { ImageError, variantsOf } from './variants.ts';
export { ingestImage, readImageFile, getImage } from './store.ts';
export { imageRoutes } from './route.ts';
export { pictureHtml, imageUrl, shareImage, fallbackVariant } from './picture.ts';

/** Where images live: `files/images/` under the data directory, beside the audio. */
export function imageFiles(dataDir: string): FileStore {
  return localFiles(join(dataDir, 'files'));
}
