// The site's own settings (name, description, which topics are sections, logo): rows in `site_meta`, set with
// `blattwerk site set` or on the staff settings page. They make the frame every page shows (web/layout.ts).
import type { Kysely } from 'kysely';
import type { App, Command } from '../kernel/index.ts';
import { announcePageChanges, EVERY_PAGE, recordPageChanges } from '../store/page-changes.ts';
import type { FileStore } from '../store/files.ts';
import type { Database } from '../store/schema.ts';
import type { SiteFrame } from '../web/layout.ts';
import { slugify, type NamedRef } from './model.ts';
import { loadPages } from './pages.ts';
import { checkLogo, LOGO_SETTING, readLogoFile, readSiteLogo, storeLogo } from './site-logo.ts';
import { topicPath } from './views.ts';

/** Without a chosen list, the most used topics are the sections, at most this many. */
const DEFAULT_SECTIONS = 6;
const MAX_SECTIONS = 12;
const MAX_TEXT = { name: 80, description: 300 } as const;

export const SITE_SETTINGS = ['name', 'description', 'sections'] as const;
export type SiteSetting = (typeof SITE_SETTINGS)[number];
const key = (setting: SiteSetting) => `site.${setting}`;

export interface SiteSettings {
  /** Unset: BLATTWERK_SITE_NAME. */
  name?: string;
  description?: string;
  /** Topic slugs in menu order; unset: the most used topics. */
  sections?: string[];
}

export async function readSiteSettings(db: Kysely<Database>): Promise<SiteSettings> {
  const rows = await db
    .selectFrom('site_meta')
    .select(['key', 'value'])
    .where(
      'key',
      'in',
      SITE_SETTINGS.map((s) => key(s)),
    )
    .execute();
  const get = (s: SiteSetting) => rows.find((r) => r.key === key(s))?.value;
  const sections = get('sections');
  return {
    ...(get('name') !== undefined ? { name: get('name') } : {}),
    ...(get('description') !== undefined ? { description: get('description') } : {}),
    ...(sections !== undefined ? { sections: JSON.parse(sections) as string[] } : {}),
  };
}

/** The topics with the most published articles, most first (ties by name). */
async function mostUsedTopics(db: Kysely<Database>, limit: number): Promise<NamedRef[]> {
  const rows = await db
    .selectFrom('article_topics')
    .innerJoin('articles', 'articles.id', 'article_topics.article_id')
    .innerJoin('topics', 'topics.slug', 'article_topics.topic_slug')
    .select(['topics.slug', 'topics.name', (eb) => eb.fn.countAll().as('n')])
    .where('articles.status', '=', 'published')
    .groupBy(['topics.slug', 'topics.name'])
    .orderBy('n', 'desc')
    .orderBy('topics.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name }));
}

/** The section topics in menu order: the chosen ones that still exist, else the most used. */
export async function sectionTopics(db: Kysely<Database>, settings?: SiteSettings): Promise<NamedRef[]> {
  const chosen = (settings ?? (await readSiteSettings(db))).sections;
  if (chosen === undefined) return mostUsedTopics(db, DEFAULT_SECTIONS);
  if (chosen.length === 0) return [];
  const rows = await db.selectFrom('topics').select(['slug', 'name']).where('slug', 'in', chosen).execute();
  return chosen.flatMap((slug) => rows.find((r) => r.slug === slug) ?? []);
}

/** What every page's masthead and footer show. */
export async function loadSiteFrame(db: Kysely<Database>, defaultName: string): Promise<SiteFrame> {
  const settings = await readSiteSettings(db);
  const sections = await sectionTopics(db, settings);
  const logo = await readSiteLogo(db);
  return {
    name: settings.name ?? defaultName,
    ...(logo ? { logo } : {}),
    ...(settings.description ? { description: settings.description } : {}),
    sections: sections.map((t) => ({ name: t.name, href: topicPath(t) })),
  };
}

/**
 * Checks and stores settings given as `name=value`; an empty value returns a setting to its default. Sections
 * are topic names (or slugs), comma separated, each an existing topic. Every cached page is dropped: all show
 * the frame.
 */
export async function setSiteSettings(db: Kysely<Database>, assignments: string[], files?: FileStore): Promise<void> {
  const values = new Map<SiteSetting, string | undefined>();
  let logo: string | undefined | null = null; // null: unchanged
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (a.slice(0, eq) === 'logo') {
      const path = a.slice(eq + 1).trim();
      if (path === '') logo = undefined;
      else if (!files) throw new Error("site: a logo needs the site's file store");
      else logo = await storeLogo(files, await checkLogo(readLogoFile(path), path));
      continue;
    }
    const name = (eq < 0 ? a : a.slice(0, eq)) as SiteSetting;
    if (eq < 0 || !SITE_SETTINGS.includes(name))
      throw new Error(`site: "${a}" is not name=value with one of ${SITE_SETTINGS.join(', ')}, logo`);
    const value = a.slice(eq + 1).trim();
    if (value === '') values.set(name, undefined);
    else if (name === 'sections') values.set(name, JSON.stringify(await sectionSlugs(db, value)));
    else if (value.length > MAX_TEXT[name] || /\p{Cc}/u.test(value))
      throw new Error(`site: ${name} must be one line of at most ${MAX_TEXT[name]} characters`);
    else values.set(name, value);
  }
  await db.transaction().execute(async (tx) => {
    for (const [name, value] of values) {
      await tx.deleteFrom('site_meta').where('key', '=', key(name)).execute();
      if (value !== undefined)
        await tx
          .insertInto('site_meta')
          .values({ key: key(name), value })
          .execute();
    }
    if (logo !== null) {
      await tx.deleteFrom('site_meta').where('key', '=', LOGO_SETTING).execute();
      if (logo !== undefined) await tx.insertInto('site_meta').values({ key: LOGO_SETTING, value: logo }).execute();
    }
    await recordPageChanges(tx, [EVERY_PAGE]);
  });
  announcePageChanges([EVERY_PAGE]);
}

async function sectionSlugs(db: Kysely<Database>, list: string): Promise<string[]> {
  const wanted = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length > MAX_SECTIONS) throw new Error(`site: at most ${MAX_SECTIONS} sections`);
  const topics = await db.selectFrom('topics').select(['slug', 'name']).execute();
  return wanted.map((w) => {
    const found = topics.find((t) => t.slug === slugify(w) || t.name.toLowerCase() === w.toLowerCase());
    if (!found) throw new Error(`site: no topic "${w}" (sections are topics that articles already carry)`);
    return found.slug;
  });
}

/** `blattwerk site show`, `site set name=… sections=Politik,Auenstadt`, `site pages DIR`. */
export const siteCommand: Command = {
  help: `  site show | set NAME=VALUE…       the site's name, description and sections (topics, comma separated),
                                       logo=FILE (SVG or PNG, at most 512 KB); an empty value returns a setting
                                       to its default
  site pages DIR                       Impressum, Datenschutz, Kontakt from DIR/impressum.md … ("# Title", text)
`,
  async run(app: App, args: string[]): Promise<number> {
    const [verb, ...rest] = args;
    if (verb === 'pages' && rest.length === 1) {
      for (const line of await loadPages(app.db, rest[0]!)) process.stdout.write(`${line}\n`);
      return 0;
    }
    if (verb === 'set' && rest.length > 0) await setSiteSettings(app.db, rest, app.files);
    else if (verb !== 'show' || rest.length > 0) {
      process.stderr.write('usage: blattwerk site show | site set NAME=VALUE… | site pages DIR\n');
      return 2;
    }
    const settings = await readSiteSettings(app.db);
    const frame = await loadSiteFrame(app.db, app.config.siteName);
    const sections = frame.sections.map((s) => s.name).join(', ');
    process.stdout.write(
      `name: ${frame.name}${settings.name === undefined ? ' (default)' : ''}\n` +
        `description: ${frame.description ?? '(default)'}\n` +
        `sections: ${sections || '(none)'}${settings.sections === undefined ? ' (default: the most used topics)' : ''}\n` +
        `logo: ${frame.logo ? `${frame.logo.src} (${frame.logo.width}×${frame.logo.height})` : '(none: the name)'}\n`,
    );
    return 0;
  },
};
