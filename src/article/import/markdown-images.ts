// Images in Markdown. In the body, a paragraph that starts with `![alt](file "caption")` on a line of its own is
// an image block; the lines below it are its caption (Markdown with emphasis and links) unless they start with
// "Foto:", "Bild:" or "Grafik:" (the credit, kept as written) or "Fokus:" (the focal point, "Fokus: 30 % 40 %").
// In the front matter, `leadImage:` holds the same fields as a mapping. Files are relative to the Markdown file.
import type { Figure, ImageFile, RichText } from '../model.ts';
import { InputError } from './errors.ts';

/** The inline-token shape of markdown-it that this file reads. */
export interface InlineToken {
  type: string;
  content: string;
  children: InlineToken[] | null;
  attrGet(name: string): string | number | null;
}
type InlineOf = (children: InlineToken[]) => RichText;

const CREDIT = /^(?:Foto|Fotos|Bild|Grafik|Illustration):\s*\S/;
const FOCUS = /^Fokus:\s*(\d{1,3})\s*%?\s*[ ,/]\s*(\d{1,3})\s*%?$/;

/** The image block of a paragraph whose first line is an image. */
export function imageParagraph(children: InlineToken[], line: number, inline: InlineOf): Figure<ImageFile> {
  const lines: InlineToken[][] = [[]];
  for (const c of children) {
    if (c.type === 'softbreak' || c.type === 'hardbreak') lines.push([]);
    else lines.at(-1)!.push(c);
  }
  const [first, ...rest] = lines;
  const image = first![0]!;
  if (first!.some((c, i) => i > 0 && c.content.trim() !== ''))
    throw new InputError(`line ${line}: an image stands alone on its line; put its caption on the lines below`);
  const figure = imageOf(image, line);
  const captionLines: InlineToken[][] = [];
  for (const [i, children] of rest.entries()) {
    const text = inline(children).text;
    const focus = FOCUS.exec(text);
    if (CREDIT.test(text)) figure.credit = text;
    else if (focus) figure.image.focal = focal(Number(focus[1]), Number(focus[2]), `line ${line + i + 1}`);
    else captionLines.push(children);
  }
  if (captionLines.length) {
    if (figure.caption)
      throw new InputError(`line ${line}: give the caption in quotes after the file or on the lines below, not both`);
    const space = { type: 'softbreak', content: '', children: null, attrGet: () => null };
    figure.caption = inline(captionLines.flatMap((l, i) => (i ? [space, ...l] : l)));
  }
  return figure;
}

function imageOf(t: InlineToken, line: number): Figure<ImageFile> {
  const alt = (t.children ?? [])
    .map((c) => c.content)
    .join('')
    .trim();
  const file = imageFile(decoded(String(t.attrGet('src') ?? '')), `line ${line}`);
  if (alt === '') throw new InputError(`line ${line}: image "${file}" needs alt text: ![what it shows](${file})`);
  const title = String(t.attrGet('title') ?? '').trim();
  return { image: { file }, alt, ...(title ? { caption: { text: title, marks: [] } } : {}) };
}

/** markdown-it %-encodes the destination; a URL is refused: images come from files, never from another host. */
function imageFile(file: string, where: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.startsWith('//'))
    throw new InputError(`${where}: image "${file}" must be a file next to the article, not a URL`);
  if (file.trim() === '') throw new InputError(`${where}: an image needs a file: ![alt](bild.jpg)`);
  return file;
}

function decoded(src: string): string {
  try {
    return decodeURIComponent(src);
  } catch {
    return src;
  }
}

function focal(x: number, y: number, where: string): { x: number; y: number } {
  if (x > 100 || y > 100) throw new InputError(`${where}: a focal point is two percentages 0–100 ("Fokus: 30 % 40 %")`);
  return { x, y };
}

/** `leadImage:` in the front matter: path, alt, caption (Markdown inline), credit, focal ("30 40" or [30, 40]). */
export function leadImageField(value: unknown, inlineMarkdown: (text: string) => RichText): Figure<ImageFile> {
  const where = 'front matter field "leadImage"';
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InputError(`${where} must be a mapping with path, alt and optionally caption, credit, focal`);
  const m = value as Record<string, unknown>;
  const known = ['path', 'alt', 'caption', 'credit', 'focal'];
  const unknown = Object.keys(m).find((k) => !known.includes(k));
  if (unknown) throw new InputError(`${where} has unknown key "${unknown}" (known: ${known.join(', ')})`);
  const text = (key: string) => {
    const v = m[key];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number')
      throw new InputError(`${where}: "${key}" must be text`);
    const s = v === undefined || v === null ? '' : String(v).trim();
    return s === '' ? undefined : s;
  };
  const path = text('path');
  if (!path) throw new InputError(`${where} needs "path": the image file, relative to the Markdown file`);
  const file = imageFile(path, where);
  const alt = text('alt');
  if (!alt) throw new InputError(`${where} needs "alt": what the image shows, for readers who cannot see it`);
  const figure: Figure<ImageFile> = { image: { file }, alt };
  const caption = text('caption');
  if (caption) figure.caption = inlineMarkdown(caption);
  const credit = text('credit');
  if (credit) figure.credit = credit;
  if (m.focal !== undefined) {
    const raw = m.focal;
    const parts = Array.isArray(raw)
      ? raw.map(Number)
      : typeof raw === 'string' || typeof raw === 'number'
        ? String(raw)
            .split(/[\s,/%]+/)
            .filter(Boolean)
            .map(Number)
        : [];
    if (parts.length !== 2 || parts.some((n) => !Number.isInteger(n) || n < 0))
      throw new InputError(`${where}: "focal" is two percentages, e.g. "30 40" or [30, 40]`);
    figure.image.focal = focal(parts[0]!, parts[1]!, where);
  }
  return figure;
}
