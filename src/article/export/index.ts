// `blattwerk export`: every article as a Markdown file the importer reads, its images (originals) in a folder of
// the same name beside it. Files are numbered in the order the articles were created, so importing the folder
// into a fresh site gives every article the slug it has here. Each file is parsed again at once: an article the
// Markdown cannot carry exactly (an editor's text no Markdown produces) is named, not silently changed.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { FileStore } from '../../store/files.ts';
import type { Database } from '../../store/schema.ts';
import { readOriginal } from '../images/index.ts';
import { parseMarkdown } from '../import/markdown.ts';
import type { Article, Block, Figure, ImageFile, ImageRef } from '../model.ts';
import { getArticlesByIds } from '../store.ts';
import { articleMarkdown } from './markdown.ts';

export { articleMarkdown, bodyMarkdown, inlineMarkdown } from './markdown.ts';

export interface ExportResult {
  slug: string;
  /** The Markdown file, relative to the export folder. */
  file: string;
  /** Set when re-importing the file would not give the same article: what differs. */
  differs?: string;
}

const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif', gif: 'gif' } as const;

export async function exportArticles(
  db: Kysely<Database>,
  files: FileStore,
  dir: string,
  onResult?: (result: ExportResult) => void,
): Promise<ExportResult[]> {
  const present = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (present.length) throw new Error(`export: ${dir} is not empty; give a new folder`);
  await mkdir(dir, { recursive: true });
  const rows = await db.selectFrom('articles').select('id').orderBy('created_at').orderBy('slug').execute();
  const results: ExportResult[] = [];
  const width = Math.max(4, String(rows.length).length);
  for (let at = 0; at < rows.length; at += 100) {
    for (const article of await getArticlesByIds(
      db,
      rows.slice(at, at + 100).map((r) => r.id),
    )) {
      const base = `${String(results.length + 1).padStart(width, '0')}-${article.slug}`;
      const names = await writeImages(db, files, article, join(dir, base));
      const markdown = articleMarkdown(article, (ref) => `${base}/${names.get(ref.id)!}`);
      await writeFile(join(dir, `${base}.md`), markdown);
      const differs = difference(article, markdown);
      const result: ExportResult = { slug: article.slug, file: `${base}.md`, ...(differs ? { differs } : {}) };
      results.push(result);
      onResult?.(result);
    }
  }
  return results;
}

/** Writes each image's original once (lead: aufmacher, body: bild-1, bild-2 …); returns file names by image id. */
async function writeImages(
  db: Kysely<Database>,
  files: FileStore,
  article: Article,
  folder: string,
): Promise<Map<string, string>> {
  const figures = [
    ...(article.leadImage ? [{ figure: article.leadImage, stem: 'aufmacher' }] : []),
    ...article.body.flatMap((b, i) => (b.type === 'image' ? [{ figure: b, stem: `bild-${i + 1}` }] : [])),
  ];
  const names = new Map<string, string>();
  for (const { figure, stem } of figures) {
    if (names.has(figure.image.id)) continue;
    const { bytes, format } = await readOriginal(db, files, figure.image.id);
    const name = `${stem}.${EXTENSIONS[format]}`;
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, name), bytes);
    names.set(figure.image.id, name);
  }
  return names;
}

/** What re-importing the Markdown would change, or undefined when it gives the same article. */
export function difference(article: Article, markdown: string): string | undefined {
  let parsed;
  try {
    parsed = parseMarkdown(markdown);
  } catch (err) {
    return `does not import again: ${(err as Error).message}`;
  }
  const fields: [string, unknown, unknown][] = [
    ['headline', article.headline, parsed.headline],
    ['kicker', article.kicker ?? undefined, parsed.kicker],
    ['lead', article.lead, parsed.lead],
    ['date', article.published.value, parsed.published.value],
    ['authors', article.authors.map((a) => a.name), parsed.authors],
    ['topics', article.topics.map((t) => t.name), parsed.topics],
    ['language', article.language, parsed.language],
    ['status', article.status, parsed.status],
    ['source', article.sourceUrl ?? undefined, parsed.sourceUrl],
    ['lead image', figure(article.leadImage ?? undefined), figure(parsed.leadImage)],
  ];
  for (const [name, had, gets] of fields) if (!isDeepStrictEqual(had, gets)) return name;
  for (let i = 0; i < Math.max(article.body.length, parsed.body.length); i++) {
    const had = article.body[i];
    if (!isDeepStrictEqual(comparable(had), comparable(parsed.body[i])))
      return `body block ${i + 1} (${had?.type ?? 'none'})`;
  }
  return undefined;
}

/** A block as plain data, an image reduced to its focal point (the file name is the export's own). */
function comparable(b: Block | Block<ImageFile> | undefined): unknown {
  if (b?.type !== 'image') return b && JSON.parse(JSON.stringify(b));
  return { ...figure(b), type: 'image' };
}

function figure(f: Figure | Figure<ImageFile>): object;
function figure(f: Figure | Figure<ImageFile> | undefined): object | undefined;
function figure(f: Figure | Figure<ImageFile> | undefined): object | undefined {
  if (!f) return undefined;
  const focal = (f.image as ImageRef).focal ?? { x: 50, y: 50 };
  return JSON.parse(JSON.stringify({ alt: f.alt, caption: f.caption, credit: f.credit, focal })) as object;
}
