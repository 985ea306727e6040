// Images in the publishing core: ingest (checked, stored once), variants (AVIF/WebP, focal crops, no metadata),
// the route that serves them and the `<picture>` markup.

export { ImageError, variantsOf } from './variants.ts';
export { ingestImage, readImageFile, getImage, readOriginal } from './store.ts';
export { imageRoutes } from './route.ts';
export { pictureHtml, imageUrl, shareImage, fallbackVariant } from './picture.ts';
