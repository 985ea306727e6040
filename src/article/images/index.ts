// Images in the publishing core: ingest (checked, stored once), variants (AVIF/WebP, focal crops, no metadata),
// the route that serves them and the `<picture>` markup.
export { ImageError, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, variantsOf, type FocalPoint } from './variants.ts';
export { ingestImage, readImageFile, getImage, CENTRE, type StoredImage } from './store.ts';
export { imageRoutes } from './route.ts';
export { pictureHtml, imageUrl, shareImage, COLUMN_SIZES, type PictureOptions } from './picture.ts';

import { join } from 'node:path';
import { localFiles, type FileStore } from '../../store/files.ts';

/** Where images live: `files/images/` under the data directory, beside the audio. */
export function imageFiles(dataDir: string): FileStore {
  return localFiles(join(dataDir, 'files'));
}
