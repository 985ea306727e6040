// Checking an upload and deriving its variants with sharp (libvips). Decoding and encoding run on libvips
// threads, off the event loop; `oneAtATime` keeps a process to one image so an import of many photos cannot
// starve page rendering of CPU. Every variant is encoded without metadata (sharp's default): EXIF, GPS, XMP and
// IPTC are dropped, the EXIF orientation is applied to the pixels first, colours are converted to sRGB.
import sharp, { type Metadata, type OutputInfo } from 'sharp';

/** Uploads above this are refused (a full-size camera JPEG is 5–15 MB). */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
/** Decoded pixels above this are refused before decoding: a small file may claim huge dimensions (a bomb). */
export const MAX_IMAGE_PIXELS = 50_000_000;

// Only the decoders of the formats we accept are enabled in libvips, so SVG, PDF, TIFF and the rest never parse
// untrusted bytes in this process. Nothing else here uses sharp (preview images are drawn by resvg).
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({
  operation: ['VipsForeignLoadJpeg', 'VipsForeignLoadPng', 'VipsForeignLoadWebp', 'VipsForeignLoadHeif'],
});

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif';
export const OUTPUT_FORMATS = ['avif', 'webp'] as const;
/** The share preview is also a JPEG: social networks and feed readers do not all take AVIF or WebP. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number] | 'jpeg';
export const SHARE_VARIANT = { shape: 'og', width: 1200, height: 630 } as const;

/** The whole picture, crops for 16:9 (lead images), 1:1 (teasers) and 1200×630 (the share preview). */
export type Shape = 'full' | '16x9' | '1x1' | 'og';
const SHAPES: Record<Shape, { ratio?: number; widths: number[] }> = {
  full: { widths: [480, 800, 1200, 1600] },
  '16x9': { ratio: 16 / 9, widths: [480, 800, 1200, 1600] },
  '1x1': { ratio: 1, widths: [480, 800] },
  og: { ratio: 1200 / 630, widths: [1200] },
};
export const SHAPE_NAMES = Object.keys(SHAPES) as Shape[];

export class ImageError extends Error {}

export interface ImageSize {
  width: number;
  height: number;
}
/** Percent of width and height, 0–100. */
export interface FocalPoint {
  x: number;
  y: number;
}
export interface Variant {
  shape: Shape;
  width: number;
  height: number;
}

/** Reads only the header: format and the dimensions as displayed. Refuses what we do not accept. */
export async function probeImage(bytes: Buffer, name: string): Promise<ImageSize & { format: ImageFormat }> {
  if (bytes.length > MAX_IMAGE_BYTES) throw tooLarge(name, bytes.length);
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new ImageError(`images: "${name}" is not an image in a supported format (JPEG, PNG, WebP or AVIF)`);
  }
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp' && format !== 'avif')
    throw new ImageError(`images: "${name}" is ${format.toUpperCase()}; supported are JPEG, PNG, WebP and AVIF`);
  if ((meta.pages ?? 1) > 1) throw new ImageError(`images: "${name}" is animated; only still images are supported`);
  const { width, height } = meta.autoOrient;
  if (width * height > MAX_IMAGE_PIXELS)
    throw new ImageError(
      `images: "${name}" is ${width}×${height} pixels, over the limit of ${MAX_IMAGE_PIXELS / 1e6} megapixels`,
    );
  return { format, width, height };
}

export function tooLarge(name: string, size: number): ImageError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new ImageError(`images: "${name}" is ${mb(size)}, over the limit of ${mb(MAX_IMAGE_BYTES)}`);
}

/** The largest region of the given ratio around the focal point, in the coordinates of `size`. */
export function cropRegion(size: ImageSize, ratio: number | undefined, focal: FocalPoint) {
  if (!ratio) return { left: 0, top: 0, width: size.width, height: size.height };
  const width = Math.min(size.width, Math.round(size.height * ratio));
  const height = Math.min(size.height, Math.round(width / ratio));
  const place = (extent: number, full: number, at: number) =>
    Math.min(full - extent, Math.max(0, Math.round((at / 100) * full - extent / 2)));
  return { left: place(width, size.width, focal.x), top: place(height, size.height, focal.y), width, height };
}

/** The variants of one shape, narrowest first: the ladder's widths, never wider than the region they show. */
export function variantsOf(size: ImageSize, shape: Shape): Variant[] {
  const { ratio, widths } = SHAPES[shape];
  // The region's size depends on the focal point only in its position, never in its extent.
  const region = cropRegion(size, ratio, { x: 50, y: 50 });
  const top = Math.min(region.width, widths.at(-1)!);
  const list = widths.filter((w) => w < top);
  list.push(top);
  return list.map((width) => ({
    shape,
    width,
    height: Math.max(1, Math.round((width * region.height) / region.width)),
  }));
}

export function allVariants(size: ImageSize): Variant[] {
  return SHAPE_NAMES.flatMap((shape) => variantsOf(size, shape));
}

export function variantName(v: { shape: Shape; width: number }): string {
  return `${v.shape}-${v.width}`;
}

let queue: Promise<unknown> = Promise.resolve();
/** Runs CPU-heavy image work one image at a time per process. */
export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Variants are derived from one decoded copy, so a 24-megapixel photo is decoded once: scaled down only as far
 * as every variant's region stays at least as wide as the variant (no variant is ever upscaled).
 */
function workingScale(size: ImageSize): number {
  const needs = SHAPE_NAMES.map((shape) => {
    const region = cropRegion(size, SHAPES[shape].ratio, { x: 50, y: 50 });
    return variantsOf(size, shape).at(-1)!.width / region.width;
  });
  return Math.min(1, Math.max(...needs));
}

/** Encodes every variant in both formats; `size` is the probed, oriented size of the original. */
export async function renderVariants(
  bytes: Buffer,
  name: string,
  size: ImageSize,
  focal: FocalPoint,
): Promise<{ variant: Variant; format: OutputFormat; bytes: Buffer }[]> {
  let working: { data: Buffer; info: OutputInfo };
  try {
    working = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: Math.ceil(size.width * workingScale(size)), withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new ImageError(`images: cannot decode "${name}": ${(err as Error).message}`, { cause: err });
  }
  const { width, height, channels } = working.info;
  const out: { variant: Variant; format: OutputFormat; bytes: Buffer }[] = [];
  for (const variant of allVariants(size)) {
    const region = cropRegion({ width, height }, SHAPES[variant.shape].ratio, focal);
    const pipeline = sharp(working.data, { raw: { width, height, channels } })
      .extract(region)
      .resize({ width: variant.width, height: variant.height, fit: 'fill' });
    for (const format of variant.shape === 'og' ? [...OUTPUT_FORMATS, 'jpeg' as const] : OUTPUT_FORMATS) {
      const encoded =
        format === 'avif'
          ? pipeline.clone().avif({ quality: 55, effort: 2 })
          : format === 'webp'
            ? pipeline.clone().webp({ quality: 78, effort: 4 })
            : pipeline.clone().jpeg({ quality: 80, mozjpeg: true });
      out.push({ variant, format, bytes: await encoded.toBuffer() });
    }
  }
  return out;
}
