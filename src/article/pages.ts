// The site's standing pages (Impressum, Datenschutz, Kontakt): a `pages` table the newsroom's editor
// can take over; until then filled from Markdown files (`# Title`, then the text) by `blattwerk site pages DIR`
// and, on a new database, from content/pages/.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Kysely } from 'kysely';
import { announcePageChanges, recordPageChanges } from '../store/page-changes.ts';
import type { Database } from '../store/schema.ts';
import { parseMarkdownBody } from './import/markdown-body.ts';
import { InputError } from './import/errors.ts';
import { LIMITS } from './limits.ts';
import type { Block } from './model.ts';

/** The pages the footer links, by slug; each is served at /<slug>. */
export const PAGE_SLUGS = ['impressum', 'datenschutz', 'kontakt'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

export interface SitePage {
  slug: PageSlug;
  title: string;
  body: Block[];
  updatedAt: Date;
}

export const isPageSlug = (s: string): s is PageSlug => (PAGE_SLUGS as readonly string[]).includes(s);
export const pageKey = (slug: string) => `page:${slug}`;

export async function getPage(db: Kysely<Database>, slug: PageSlug): Promise<SitePage | undefined> {
  const row = await db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  return { slug, title: row.title, body: JSON.parse(row.body) as Block[], updatedAt: new Date(row.updated_at) };
}

/** Writes a page (new or changed) and drops its cached page. */
export async function savePage(db: Kysely<Database>, page: Omit<SitePage, 'updatedAt'>): Promise<void> {
  const row = { title: page.title, body: JSON.stringify(page.body), updated_at: new Date().toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('pages')
      .values({ slug: page.slug, ...row })
      .onConflict((oc) => oc.column('slug').doUpdateSet(row))
      .execute();
    await recordPageChanges(tx, [pageKey(page.slug)]);
  });
  announcePageChanges([pageKey(page.slug)]);
}

/** The word the demo's example pages begin with, so an operator (and the staff area) can tell them from real ones. */
const EXAMPLE_MARK = 'Beispieltext';

/**
 * Whether the site lacks a real Impressum (German law requires one): `missing`, `example` while the demo's
 * example text stands, or undefined when there is one.
 */
export async function imprintGap(db: Kysely<Database>): Promise<'missing' | 'example' | undefined> {
  const page = await getPage(db, 'impressum');
  if (!page || page.body.length === 0) return 'missing';
  const first = page.body[0];
  return first?.type === 'paragraph' && first.text.trimStart().startsWith(EXAMPLE_MARK) ? 'example' : undefined;
}

/** A page file: `# Title` on its first line, then Markdown without images. */
export function parsePage(slug: PageSlug, markdown: string): Omit<SitePage, 'updatedAt'> {
  const [first, ...rest] = parseMarkdownBody(markdown);
  if (first?.type !== 'title') throw new InputError('a page starts with its title as a "# " line');
  const body = rest.map((b): Block => {
    if (b.type === 'title') throw new InputError('a page has one "# " title');
    if (b.type === 'image') throw new InputError('pages take no images');
    return b;
  });
  return { slug, title: first.text, body };
}

/** Reads `<slug>.md` for each known page in a folder; other files are named as ignored. Returns what it did. */
export async function loadPages(db: Kysely<Database>, dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const slug = basename(name, '.md');
    if (!name.endsWith('.md') || !isPageSlug(slug)) {
      lines.push(`${name}: ignored (pages are ${PAGE_SLUGS.map((s) => `${s}.md`).join(', ')})`);
      continue;
    }
    const text = await readFile(join(dir, name), 'utf8');
    if (Buffer.byteLength(text) > LIMITS.fileBytes)
      throw new InputError(`${name}: larger than ${LIMITS.fileBytes} bytes`);
    try {
      await savePage(db, parsePage(slug, text));
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`${name}: ${err.message}`);
      throw err;
    }
    lines.push(`/${slug}`);
  }
  return lines;
}
