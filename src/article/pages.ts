// The site's standing pages (Impressum, Datenschutz, Kontakt, Über uns): rows in `pages`, written by the
// newsroom's page editor (with `expectedVersion`, as articles are) or by `blattwerk site pages DIR` from Markdown
// files (`# Title`, then the text). A page nobody has written yet is the bundled example in content/pages/.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { announcePageChanges, recordPageChanges } from '../store/page-changes.ts';
import type { Database } from '../store/schema.ts';
import { parseMarkdownBody } from './import/markdown-body.ts';
import { InputError } from './import/errors.ts';
import { checkBody, checkText, LIMITS } from './limits.ts';
import type { Block } from './model.ts';

/** The pages the footer links, by slug, in the footer's order; each is served at /<slug>. */
export const PAGE_SLUGS = ['impressum', 'datenschutz', 'kontakt', 'ueber-uns'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

/** Examples of every page, clearly marked as such (EXAMPLE_MARK), shown until someone writes the page. */
const BUNDLED_PAGES = fileURLToPath(new URL('../../content/pages/', import.meta.url));

export interface SitePage {
  slug: PageSlug;
  title: string;
  body: Block[];
  /** 0: never written, the bundled example shows; each save adds one. */
  version: number;
  updatedAt: Date | undefined;
  /** Who saved it last (a staff address, or `cli`). */
  updatedBy: string | undefined;
}

export type PageInput = Pick<SitePage, 'slug' | 'title' | 'body'>;

export const isPageSlug = (s: string): s is PageSlug => (PAGE_SLUGS as readonly string[]).includes(s);
export const pageKey = (slug: string) => `page:${slug}`;

/** A save based on a version that is no longer the stored one: someone saved the page in between. */
export class StalePageError extends Error {
  constructor(slug: string, expected: number) {
    super(
      `store: page "${slug}" was saved by someone else since version ${expected}; reload it and apply the change again`,
    );
    this.name = 'StalePageError';
  }
}

export async function getPage(db: Kysely<Database>, slug: PageSlug): Promise<SitePage> {
  const row = await db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) return { ...(await bundledPage(slug)), version: 0, updatedAt: undefined, updatedBy: undefined };
  return {
    slug,
    title: row.title,
    body: JSON.parse(row.body) as Block[],
    version: row.version,
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by ?? undefined,
  };
}

/** Every standing page in the footer's order. */
export async function listPages(db: Kysely<Database>): Promise<SitePage[]> {
  return Promise.all(PAGE_SLUGS.map((slug) => getPage(db, slug)));
}

const bundled = new Map<PageSlug, Promise<PageInput>>();
/** The example of a page from content/pages/, read once (a file that fails to parse is a bug of the release). */
function bundledPage(slug: PageSlug): Promise<PageInput> {
  let page = bundled.get(slug);
  if (!page) {
    page = readFile(join(BUNDLED_PAGES, `${slug}.md`), 'utf8').then((text) => parsePage(slug, text));
    bundled.set(slug, page);
  }
  return page;
}

/** Refuses a page the model cannot hold: a title of one line within the headline's limit, a body within the body's. */
export function checkPage(page: PageInput): void {
  if (!page.title.trim()) throw new InputError('title: the title is missing');
  if (/\n/.test(page.title)) throw new InputError('title: one line');
  checkText('title', page.title, LIMITS.headline);
  if (page.body.some((b) => b.type === 'image')) throw new InputError('pages take no pictures');
  checkBody(page.body);
}

/**
 * Writes a page and drops its cached copies (the page itself: the footer only links it, and nothing else lists
 * it). With `expectedVersion` (the editor's), a save based on another version is refused (StalePageError); `within`
 * runs in the same transaction (the audit entry). Returns the new version.
 */
export async function savePage(
  db: Kysely<Database>,
  page: PageInput,
  options: { by: string; expectedVersion?: number; within?: (tx: Kysely<Database>, version: number) => Promise<void> },
): Promise<number> {
  checkPage(page);
  const now = new Date().toISOString();
  const version = await db.transaction().execute(async (tx) => {
    const stored = await tx.selectFrom('pages').select('version').where('slug', '=', page.slug).executeTakeFirst();
    const current = stored?.version ?? 0;
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== current) throw new StalePageError(page.slug, expected);
    const row = { title: page.title, body: JSON.stringify(page.body), updated_at: now, updated_by: options.by };
    // The version in the WHERE makes two saves that read the same version exclusive: the second changes no row.
    const changed = stored
      ? (
          await tx
            .updateTable('pages')
            .set({ ...row, version: current + 1 })
            .where('slug', '=', page.slug)
            .where('version', '=', current)
            .executeTakeFirst()
        ).numUpdatedRows
      : (
          await tx
            .insertInto('pages')
            .values({ slug: page.slug, ...row, version: 1 })
            .onConflict((oc) => oc.column('slug').doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows;
    if (changed !== 1n) throw new StalePageError(page.slug, current);
    await options.within?.(tx, current + 1);
    await recordPageChanges(tx, [pageKey(page.slug)]);
    return current + 1;
  });
  announcePageChanges([pageKey(page.slug)]);
  return version;
}

/** The word the example pages begin with, so an operator (and the staff area) can tell them from real ones. */
const EXAMPLE_MARK = 'Beispieltext';

/**
 * Whether the site lacks a real Impressum (German law requires one): `missing` when its text is empty, `example`
 * while the bundled example text stands, or undefined when there is one. The staff area's one check.
 */
export async function imprintGap(db: Kysely<Database>): Promise<'missing' | 'example' | undefined> {
  const page = await getPage(db, 'impressum');
  if (page.body.length === 0) return 'missing';
  const first = page.body[0];
  return first?.type === 'paragraph' && first.text.trimStart().startsWith(EXAMPLE_MARK) ? 'example' : undefined;
}

/** A page file: `# Title` on its first line, then Markdown without images. */
export function parsePage(slug: PageSlug, markdown: string): PageInput {
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
export async function loadPages(db: Kysely<Database>, dir: string, by: string): Promise<string[]> {
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
      await savePage(db, parsePage(slug, text), { by });
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`${name}: ${err.message}`);
      throw err;
    }
    lines.push(`/${slug}`);
  }
  return lines;
}
