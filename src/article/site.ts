// The site's own settings (name, description, which topics are sections, logo, default language, mail sender):
// rows in `site_meta`, set with `blattwerk site set` or on the staff settings page. Most make the frame every page
// shows (web/layout.ts); the language is new articles' and the feeds', the sender the From of the site's mails.
import type { Kysely } from 'kysely';
import addressparser from 'nodemailer/lib/addressparser';
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

export const SITE_SETTINGS = ['name', 'description', 'sections', 'language', 'mailFrom'] as const;
export type SiteSetting = (typeof SITE_SETTINGS)[number];
const key = (setting: SiteSetting) => `site.${setting}`;

export interface SiteSettings {
  /** Unset: BLATTWERK_SITE_NAME. */
  name?: string;
  description?: string;
  /** Topic slugs in menu order; unset: the most used topics. */
  sections?: string[];
  /** New articles' language and the feeds' `<language>`; unset: German. */
  language?: SiteLanguage;
  /** The From of the site's mails, "address" or "Name <address>"; unset: BLATTWERK_MAIL_FROM. */
  mailFrom?: string;
}

export type SiteLanguage = 'de' | 'en';
const LANGUAGES: readonly string[] = ['de', 'en'] satisfies SiteLanguage[];

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
  const language = get('language');
  return {
    ...(get('name') !== undefined ? { name: get('name') } : {}),
    ...(get('description') !== undefined ? { description: get('description') } : {}),
    ...(sections !== undefined ? { sections: JSON.parse(sections) as string[] } : {}),
    ...(language !== undefined ? { language: language as SiteLanguage } : {}),
    ...(get('mailFrom') !== undefined ? { mailFrom: get('mailFrom') } : {}),
  };
}

/** The language new articles start in and the feeds declare. */
export async function siteLanguage(db: Kysely<Database>): Promise<SiteLanguage> {
  return (await readSiteSettings(db)).language ?? 'de';
}

/** The site's name as the settings have it now: read afresh by work outside the web process, whose frame may be old. */
export async function siteName(db: Kysely<Database>, configured: string): Promise<string> {
  return (await readSiteSettings(db)).name ?? configured;
}

/** The From of the site's mails: the setting, else the configured one (undefined: no mail can be sent). */
export async function mailSender(db: Kysely<Database>, configured: string | undefined): Promise<string | undefined> {
  return (await readSiteSettings(db)).mailFrom ?? configured;
}

/**
 * A mail sender as nodemailer's own address parser reads it: exactly one mailbox with a local part and a domain,
 * on one line. Returns the error's words, or undefined when it is fine.
 */
export function mailSenderProblem(value: string): string | undefined {
  const wrong = `${JSON.stringify(value.slice(0, 80))} is not an address such as news@example.org or "Name <news@example.org>"`;
  if (/\p{Cc}/u.test(value) || value.length > 200) return wrong;
  const parsed = addressparser(value);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  const address = only?.group === undefined ? only?.address : undefined;
  const at = address?.lastIndexOf('@') ?? -1;
  if (!address || at < 1 || at === address.length - 1 || /[\s<>,;"]/.test(address)) return wrong;
  return undefined;
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
    else if (name === 'language') {
      if (!LANGUAGES.includes(value)) throw new Error(`site: language must be de or en, not "${value.slice(0, 20)}"`);
      values.set(name, value);
    } else if (name === 'mailFrom') {
      const problem = mailSenderProblem(value);
      if (problem) throw new Error(`site: mailFrom ${problem}`);
      values.set(name, value);
    } else if (value.length > MAX_TEXT[name] || /\p{Cc}/u.test(value))
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

/**
 * A logo uploaded on the staff settings page, checked and stored as `logo=FILE` is (`name` is the file's name:
 * .svg or .png); undefined removes the logo. Returns what the audit says of it.
 */
export async function setSiteLogo(
  db: Kysely<Database>,
  files: FileStore,
  upload: { bytes: Buffer; name: string } | undefined,
): Promise<string> {
  const checked = upload && (await checkLogo(upload.bytes, upload.name));
  const value = checked && (await storeLogo(files, checked));
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('site_meta').where('key', '=', LOGO_SETTING).execute();
    if (value !== undefined) await tx.insertInto('site_meta').values({ key: LOGO_SETTING, value }).execute();
    await recordPageChanges(tx, [EVERY_PAGE]);
  });
  announcePageChanges([EVERY_PAGE]);
  return checked
    ? `${upload.name.slice(0, 80)} (${checked.type.toUpperCase()}, ${checked.width}×${checked.height})`
    : '';
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
                                       language (de or en: new articles' and the feeds'), mailFrom (the mails'
                                       sender), logo=FILE (SVG or PNG, at most 512 KB); an empty value returns a
                                       setting to its default
  site pages DIR                       Impressum, Datenschutz, Kontakt, Über uns from DIR/impressum.md,
                                       datenschutz.md, kontakt.md, ueber-uns.md ("# Title", then the text)
`,
  async run(app: App, args: string[]): Promise<number> {
    const [verb, ...rest] = args;
    if (verb === 'pages' && rest.length === 1) {
      for (const line of await loadPages(app.db, rest[0]!, 'cli')) process.stdout.write(`${line}\n`);
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
        `language: ${settings.language ?? 'de (default)'}\n` +
        `mailFrom: ${settings.mailFrom ?? `${app.config.mailFrom ?? '(none)'} (default: BLATTWERK_MAIL_FROM)`}\n` +
        `logo: ${frame.logo ? `${frame.logo.src} (${frame.logo.width}×${frame.logo.height})` : '(none: the name)'}\n`,
    );
    return 0;
  },
};
