// The site's two typefaces, self-hosted from npm (@fontsource-variable): Source Serif 4 for reading, Source
// Sans 3 for the frame and the tools. Registered as assets with hashed URLs, which site.css names as
// `font:FILE` until registered here; see docs/architecture.md for the choice.
import { readFileSync } from 'node:fs';
import { addAsset, addAssetBytes } from './assets.ts';

const FILES = [
  'source-serif-4/files/source-serif-4-latin-wght-normal.woff2',
  'source-serif-4/files/source-serif-4-latin-ext-wght-normal.woff2',
  'source-sans-3/files/source-sans-3-latin-wght-normal.woff2',
  'source-sans-3/files/source-sans-3-latin-ext-wght-normal.woff2',
];

/** Registers the fonts and `site.css` with their URLs in it, the features' `styles` after it; returns its URL. */
export function addSiteStyles(featureStyles: URL[] = []): string {
  let css = [new URL('./assets/site.css', import.meta.url), ...featureStyles]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const file of FILES) {
    const name = file.split('/').pop()!;
    const url = addAsset(name, new URL(import.meta.resolve(`@fontsource-variable/${file}`)));
    css = css.replaceAll(`font:${name}`, url);
  }
  return addAssetBytes('site.css', Buffer.from(css));
}
