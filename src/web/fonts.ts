// The site's two typefaces, self-hosted from npm (@fontsource-variable): Source Serif 4 for reading, Source
// Sans 3 for the frame and the tools. Registered as assets with hashed URLs, which site.css names as
// `font:FILE` until registered here; see docs/architecture.md for the choice.
// The reader pages carry the whole stylesheet inline (one <style>, allowed by its hash in the CSP): a linked one
// was a render-blocking round trip before first paint. Staff pages link it as the asset `site.css`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { addAsset, addAssetBytes } from './assets.ts';
import { SafeHtml } from './html.ts';
import { allowInlineStyle } from './http.ts';

const FILES = [
  'source-serif-4/files/source-serif-4-latin-wght-normal.woff2',
  'source-serif-4/files/source-serif-4-latin-ext-wght-normal.woff2',
  'source-sans-3/files/source-sans-3-latin-wght-normal.woff2',
  'source-sans-3/files/source-sans-3-latin-ext-wght-normal.woff2',
];

let inline: SafeHtml | undefined;

/**
 * Registers the fonts and `site.css` with their URLs in it, the features' `styles` after it, and makes the same
 * text the reader pages' inline style (its hash goes into the CSP once, here); returns the asset's URL.
 */
export function addSiteStyles(featureStyles: URL[] = []): string {
  let css = [new URL('./assets/site.css', import.meta.url), ...featureStyles]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const file of FILES) {
    const name = file.split('/').pop()!;
    const url = addAsset(name, new URL(import.meta.resolve(`@fontsource-variable/${file}`)));
    css = css.replaceAll(`font:${name}`, url);
  }
  // Our own files, but a "</style" would end the element early and turn the rest into markup.
  if (/<\/style/i.test(css)) throw new Error('web: a reader stylesheet contains "</style"');
  inline = new SafeHtml(css);
  allowInlineStyle(`sha256-${createHash('sha256').update(css).digest('base64')}`);
  return addAssetBytes('site.css', Buffer.from(css));
}

/** The reader pages' stylesheet, for their one <style> element. */
export function siteStyle(): SafeHtml {
  if (!inline) throw new Error('web: the site styles were never registered (addSiteStyles)');
  return inline;
}
