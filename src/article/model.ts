// The content model. Blocks hold plain text with structured marks over it (emphasis, strong, links), never HTML:
// what readers see, what Vorlesen speaks and what feeds carry are one source, sentence offsets are offsets into
// that text, and nothing in an article can become markup. A line break is a "\n" in the text.
import { TIME_ZONE } from '../web/i18n.ts';

/** Inline formatting over `[start, end)` of a text (UTF-16 offsets). Links carry an http(s) or mailto URL. */
export type Mark =
  { type: 'em' | 'strong'; start: number; end: number } | { type: 'link'; start: number; end: number; href: string };

/** One plain text and its marks: a paragraph's, a list item's, a table cell's. */
export interface RichText {
  text: string;
  marks: Mark[];
}

/** A stored image as an article holds it (`article/images`): the id names its bytes and focal point. */
export interface ImageRef {
  id: string;
  /** As displayed (orientation applied), in pixels. */
  width: number;
  height: number;
  /** Percent of width and height the crops centre on. */
  focal: { x: number; y: number };
  /** Size of its 1200×630 JPEG, the length of a feed enclosure. */
  shareBytes: number;
}

/** An image file an import names (relative to the Markdown file), before it is stored. */
export interface ImageFile {
  file: string;
  focal?: { x: number; y: number } | undefined;
}

/** A picture with alt text (required: what it shows), a caption with marks, and its credit (Bildnachweis). */
export interface Figure<I = ImageRef> {
  image: I;
  alt: string;
  caption?: RichText;
  credit?: string;
}

/** `I` is the image: a stored `ImageRef`, or an `ImageFile` between parsing an import and storing its images. */
export type Block<I = ImageRef> =
  | ({ type: 'paragraph' } & RichText)
  | ({ type: 'subheading'; level: 2 | 3 } & RichText)
  | ({ type: 'quote'; cite?: string } & RichText)
  /** `start`: the first number of an ordered list when it is not 1. */
  | { type: 'list'; ordered: boolean; items: RichText[]; start?: number }
  /** A titled aside (Infokasten). */
  | { type: 'infobox'; title: string; paragraphs: RichText[] }
  /** Rows of cells; the first row is the header row when `header` is set. `align`: per column. */
  | { type: 'table'; header: boolean; rows: RichText[][]; align: ColumnAlign[] }
  /** A post or video on another network, shown as a link card that loads nothing from there. */
  | { type: 'embed'; url: string; network: string }
  | { type: 'divider' }
  | ({ type: 'image' } & Figure<I>);

export type ColumnAlign = 'left' | 'center' | 'right' | null;

/** Plain text without marks, e.g. for a migrated or plain-text body. */
export const plain = (text: string): RichText => ({ text, marks: [] });

export type ArticleStatus = 'draft' | 'published';

/**
 * Where an article is in the newsroom's workflow. Readers see it only when 'published' (then `status` is too);
 * 'withdrawn' was published and is gone: its page answers 410.
 */
export const ARTICLE_STATES = ['draft', 'review', 'scheduled', 'published', 'withdrawn'] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

/**
 * "Korrigiert": an error fixed (what was wrong, what is right). "Aktualisiert": new information added to a text
 * that was right when published. Substantive corrections reach followers again; updates and typo fixes do not.
 */
export type CorrectionKind = 'correction' | 'update';

export interface CorrectionInput {
  kind: CorrectionKind;
  /** What was wrong (corrections only). */
  wrong?: string | undefined;
  /** What is right, or what is new. */
  note: string;
  substantive: boolean;
}

export interface Correction extends CorrectionInput {
  id: string;
  at: Date;
  version: number;
}

/** A date as precise as its source: "2025-03" is March 2025 and never becomes an invented day. */
export type DatePrecision = 'month' | 'day' | 'time';

export interface PublicationDate {
  /** As given: 2025-03, 2025-03-27 or 2025-03-27T14:30:00+01:00. */
  value: string;
  precision: DatePrecision;
  /** The instant used for ordering: the start of the period in Europe/Berlin. */
  instant: Date;
}

/** What an import or an editor provides. */
export interface ArticleInput<I = ImageRef> {
  importKey?: string | undefined;
  kicker?: string | undefined;
  headline: string;
  lead: string;
  /** The Aufmacherbild, shown above the article, in feeds, JSON-LD and the share preview. */
  leadImage?: Figure<I> | undefined;
  body: Block<I>[];
  authors: string[];
  topics: string[];
  language: string;
  published: PublicationDate;
  sourceUrl?: string | undefined;
  status: ArticleStatus;
}

export interface NamedRef {
  slug: string;
  name: string;
}

export interface Article {
  id: string;
  slug: string;
  importKey: string | null;
  status: ArticleStatus;
  language: string;
  kicker: string | null;
  headline: string;
  lead: string;
  leadImage: Figure | null;
  body: Block[];
  authors: NamedRef[];
  topics: NamedRef[];
  published: PublicationDate;
  updatedAt: Date | null;
  createdAt: Date;
  sourceUrl: string | null;
  version: number;
  state: ArticleState;
  /** The staff id of whoever created it in the newsroom; null for imports. */
  createdBy: string | null;
  scheduledAt: Date | null;
  embargoUntil: Date | null;
  /** Publishing keeps `published` instead of taking the moment it went out. */
  keepDate: boolean;
  /** Why it went back to draft or was withdrawn. */
  stateNote: string | null;
  /** Oldest first. */
  corrections: Correction[];
  /** The title and description for search engines and social networks; '' means headline and lead. */
  seo: ArticleSeo;
}

export interface ArticleSeo {
  title: string;
  description: string;
}

/** Europe/Berlin, the web layer's; the model reads dates in it. */
export { TIME_ZONE };

/** Parses a publication date; returns a reason instead when it is missing or impossible. */
export function parsePublicationDate(value: string): PublicationDate | string {
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?)?$/.exec(v);
  if (!m) return `date "${v}" is not YYYY-MM, YYYY-MM-DD or an ISO timestamp`;
  const [, ys, ms, ds, hh, mi, ss, zone] = m;
  const year = Number(ys);
  const month = Number(ms);
  if (month < 1 || month > 12) return `date "${v}" has no month ${ms}`;
  if (ds === undefined) return { value: v, precision: 'month', instant: berlinInstant(year, month, 1, 0, 0, 0) };
  const day = Number(ds);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `date "${v}" has no day ${ds} in that month`;
  if (hh === undefined) return { value: v, precision: 'day', instant: berlinInstant(year, month, day, 0, 0, 0) };
  const [h, min, s] = [Number(hh), Number(mi), Number(ss ?? 0)];
  if (h > 23 || min > 59 || s > 59) return `date "${v}" has an impossible time`;
  const instant = zone ? new Date(v.replace(' ', 'T')) : berlinInstant(year, month, day, h, min, s);
  if (Number.isNaN(instant.getTime())) return `date "${v}" is not a valid timestamp`;
  return { value: v, precision: 'time', instant };
}

/** The UTC instant of a wall-clock time in Berlin (handles summer time). */
function berlinInstant(y: number, mo: number, d: number, h: number, mi: number, s: number): Date {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - berlinOffsetMs(new Date(guess));
  return new Date(guess);
}

// Made once: constructing an Intl.DateTimeFormat costs far more than formatting with it.
let berlinParts: Intl.DateTimeFormat | undefined;

function berlinOffsetMs(at: Date): number {
  berlinParts ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = berlinParts.formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - at.getTime();
}

/** URL slug in the reader's words: umlauts spelled out, everything else reduced to a-z0-9 and hyphens. */
export function slugify(text: string): string {
  const spelled = text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const slug = spelled.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cutAtHyphen(slug, 80) || 'artikel';
}

function cutAtHyphen(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const at = cut.lastIndexOf('-');
  return at > 20 ? cut.slice(0, at) : cut;
}

/**
 * Every text of a block in reading order, with its part number: list items, info box title and paragraphs,
 * table cells. Reading time, recognition and search read these; embeds and dividers have none.
 */
export function blockTexts(b: Block): RichText[] {
  switch (b.type) {
    case 'paragraph':
    case 'subheading':
      return [b];
    case 'quote':
      return b.cite ? [b, plain(b.cite)] : [b];
    case 'list':
      return b.items;
    case 'infobox':
      return [plain(b.title), ...b.paragraphs];
    case 'table':
      return b.rows.flat();
    case 'image':
      // The caption names who and what is shown; the credit is about the picture, not the story.
      return b.caption ? [b.caption] : [];
    case 'embed':
    case 'divider':
      return [];
  }
}

/** Headline, lead and every text of the body, one a line. */
export function articleText(article: Pick<Article, 'headline' | 'lead' | 'body'>): string {
  return [article.headline, article.lead, ...article.body.flatMap((b) => blockTexts(b).map((t) => t.text))].join('\n');
}

export function wordCount(article: Pick<Article, 'headline' | 'lead' | 'body'>): number {
  return articleText(article)
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w)).length;
}

/** Minutes at 200 words a minute, the usual figure for German news prose; at least one. */
export function readingMinutes(article: Pick<Article, 'headline' | 'lead' | 'body'>): number {
  return Math.max(1, Math.round(wordCount(article) / 200));
}
