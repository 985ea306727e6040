// `<picture>` markup for a stored image: AVIF first, WebP as the fallback every current browser decodes, width and
// height from the variant so the page does not shift while it loads.
import { html, type SafeHtml } from '../../web/html.ts';
import { FILE_EXTENSION, type StoredImage } from './store.ts';
import { OUTPUT_FORMATS, variantName, variantsOf, type OutputFormat, type Shape, type Variant } from './variants.ts';

/** The article column is 40rem wide with 1rem padding either side. */
const COLUMN_SIZES = '(min-width: 42rem) 40rem, calc(100vw - 2rem)';

export function imageUrl(image: Pick<StoredImage, 'id'>, v: Pick<Variant, 'shape' | 'width'>, format: OutputFormat) {
  return `/bilder/${image.id}/${variantName(v)}.${FILE_EXTENSION[format]}`;
}

export interface PictureOptions {
  alt: string;
  shape?: Exclude<Shape, 'og'>;
  sizes?: string;
  /** The first image a reader sees: loaded at once and with high priority instead of lazily. */
  aboveFold?: boolean;
}

export function pictureHtml(image: Pick<StoredImage, 'id' | 'width' | 'height'>, options: PictureOptions): SafeHtml {
  const variants = variantsOf(image, options.shape ?? 'full');
  const largest = variants.at(-1)!;
  const fallback = fallbackVariant(image, options.shape ?? 'full');
  const srcset = (format: OutputFormat) => variants.map((v) => `${imageUrl(image, v, format)} ${v.width}w`).join(', ');
  const sizes = options.sizes ?? COLUMN_SIZES;
  return html`<picture
    >${OUTPUT_FORMATS.map((f) => html`<source type="image/${f}" srcset="${srcset(f)}" sizes="${sizes}">`)}<img
      src="${imageUrl(image, fallback, 'webp')}"
      width="${largest.width}"
      height="${largest.height}"
      alt="${options.alt}"
      ${options.aboveFold ? html`fetchpriority="high"` : html`loading="lazy"`}
      decoding="async"
  /></picture>`;
}

/** The 1200×630 JPEG crop (smaller when the original is): the share preview and the feeds' enclosure. */
export function shareImage(image: Pick<StoredImage, 'id' | 'width' | 'height'>) {
  const v = variantsOf(image, 'og')[0]!;
  return { path: imageUrl(image, v, 'jpeg'), type: 'image/jpeg', width: v.width, height: v.height };
}

/** The one variant for a plain `<img>` (a browser without `srcset`, a feed reader): at most 800 px wide. */
export function fallbackVariant(image: Pick<StoredImage, 'width' | 'height'>, shape: Exclude<Shape, 'og'>): Variant {
  const variants = variantsOf(image, shape);
  return variants.findLast((v) => v.width <= 800) ?? variants[0]!;
}
