// What a save sends, checked field by field and turned into an article input. Every refusal names the field and
// what is wrong with it; nothing is written until the whole document fits the model.
import {
  checkArticleInput,
  checkHref,
  embedNetwork,
  getImage,
  parsePublicationDate,
  type Article,
  type ArticleInput,
  type Block,
  type Figure,
  type ImageRef,
  type RichText,
} from '../../article/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { DocumentError, fromDoc } from './convert.ts';

export interface SaveRequest {
  /** The version the editor loaded (0 for a new article). */
  expectedVersion: number;
  fields: ArticleFields;
  doc: unknown;
}

export interface ArticleFields {
  kicker: string;
  headline: string;
  lead: string;
  authors: string[];
  topics: string[];
  language: string;
  leadImage: { id: string; alt: string; caption: string; credit: string } | null;
  seoTitle: string;
  seoDescription: string;
  slug: string;
}

export interface CheckedSave {
  expectedVersion: number;
  input: ArticleInput;
  seo: { title: string; description: string };
  slug: string;
}

const str = (o: Record<string, unknown>, key: string, where: string): string => {
  const v = o[key] ?? '';
  if (typeof v !== 'string') throw new DocumentError(`${where}${key} must be text`);
  return v.trim();
};

const names = (o: Record<string, unknown>, key: string): string[] => {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || v.some((n) => typeof n !== 'string'))
    throw new DocumentError(`${key} must be a list of names`);
  return [...new Set((v as string[]).map((n) => n.trim()).filter(Boolean))];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a save's JSON; throws DocumentError naming the first field that is missing or of the wrong kind. */
export function readSaveRequest(body: unknown): SaveRequest {
  if (!isObject(body) || !isObject(body.fields)) throw new DocumentError('the request holds no article fields');
  const v = body.expectedVersion;
  if (!Number.isInteger(v) || (v as number) < 0) throw new DocumentError('expectedVersion must be a whole number');
  const f = body.fields;
  const image = f.leadImage;
  if (image !== null && image !== undefined && !isObject(image))
    throw new DocumentError('leadImage must be an image or null');
  return {
    expectedVersion: v as number,
    doc: body.doc,
    fields: {
      kicker: str(f, 'kicker', ''),
      headline: str(f, 'headline', ''),
      lead: str(f, 'lead', ''),
      authors: names(f, 'authors'),
      topics: names(f, 'topics'),
      language: str(f, 'language', '') || 'de',
      leadImage: image
        ? {
            id: str(image, 'id', 'leadImage.'),
            alt: str(image, 'alt', 'leadImage.'),
            caption: str(image, 'caption', 'leadImage.'),
            credit: str(image, 'credit', 'leadImage.'),
          }
        : null,
      seoTitle: str(f, 'seoTitle', ''),
      seoDescription: str(f, 'seoDescription', ''),
      slug: str(f, 'slug', ''),
    },
  };
}

export async function imageRef(db: Kysely<Database>, id: string): Promise<ImageRef | undefined> {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  const image = await getImage(db, id);
  return (
    image && {
      id: image.id,
      width: image.width,
      height: image.height,
      focal: image.focal,
      shareBytes: image.shareBytes,
    }
  );
}

/**
 * The article input of a save. `existing` gives what the editor does not change (status, date, import key): the
 * workflow changes the status, never a save.
 */
export async function checkSave(
  db: Kysely<Database>,
  request: SaveRequest,
  existing: Article | undefined,
  now = new Date(),
): Promise<CheckedSave> {
  const f = request.fields;
  if (!f.headline) throw new DocumentError('headline: the headline is missing');
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(f.language))
    throw new DocumentError(`language: "${f.language}" is not a language tag such as de or en`);
  const body = await fromDoc(request.doc, (id) => imageRef(db, id));
  body.forEach(checkLinks);
  let leadImage: Figure | undefined;
  if (f.leadImage) {
    const image = await imageRef(db, f.leadImage.id);
    if (!image) throw new DocumentError(`lead image: there is no stored image "${f.leadImage.id}"`);
    if (!f.leadImage.alt) throw new DocumentError('lead image: the alt text is missing (what the image shows)');
    const keptCaption = existing?.leadImage?.caption;
    leadImage = {
      image,
      alt: f.leadImage.alt,
      // The field edits the caption's text; its marks (from an import) stay while the text does.
      ...(f.leadImage.caption
        ? {
            caption: keptCaption?.text === f.leadImage.caption ? keptCaption : { text: f.leadImage.caption, marks: [] },
          }
        : {}),
      ...(f.leadImage.credit ? { credit: f.leadImage.credit } : {}),
    };
  }
  const published = existing?.published ?? parsePublicationDate(now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (typeof published === 'string') throw new Error(`editor: ${published}`);
  const input: ArticleInput = {
    importKey: existing?.importKey ?? undefined,
    kicker: f.kicker || undefined,
    headline: f.headline,
    lead: f.lead,
    leadImage,
    body,
    authors: f.authors,
    topics: f.topics,
    language: f.language,
    published,
    sourceUrl: existing?.sourceUrl ?? undefined,
    status: existing?.status ?? 'draft',
  };
  try {
    checkArticleInput(input);
  } catch (err) {
    throw new DocumentError((err as Error).message);
  }
  for (const [field, value, max] of [
    ['seoTitle', f.seoTitle, 120],
    ['seoDescription', f.seoDescription, 300],
    ['slug', f.slug, 80],
  ] as const)
    if ([...value].length > max) throw new DocumentError(`${field}: over the limit of ${max} characters`);
  return {
    expectedVersion: request.expectedVersion,
    input,
    seo: { title: f.seoTitle, description: f.seoDescription },
    slug: f.slug || f.headline,
  };
}

/** Links must be http(s) or mailto as the importer requires; embeds must point to a network we know. */
export function checkLinks(b: Block, i: number): void {
  const where = `block ${i + 1} (${b.type})`;
  const texts: RichText[] =
    b.type === 'list'
      ? b.items
      : b.type === 'table'
        ? b.rows.flat()
        : b.type === 'infobox'
          ? b.paragraphs
          : b.type === 'image'
            ? b.caption
              ? [b.caption]
              : []
            : b.type === 'embed' || b.type === 'divider'
              ? []
              : [b];
  for (const t of texts)
    for (const m of t.marks)
      if (m.type === 'link') {
        const checked = checkHref(m.href);
        if ('error' in checked) throw new DocumentError(`${where}: ${checked.error}`);
        m.href = checked.href;
      }
  if (b.type === 'embed') {
    const checked = checkHref(b.url);
    const network = 'href' in checked ? embedNetwork(checked.href) : undefined;
    if (!network || !('href' in checked))
      throw new DocumentError(`${where}: "${b.url}" is not a post or video of a network Blattwerk can embed`);
    b.url = checked.href;
    b.network = network;
  }
}
