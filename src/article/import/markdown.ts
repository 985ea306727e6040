// Markdown with YAML front matter: Blattwerk's native authoring format. The front matter is read here; the body
// is parsed by markdown-it onto the content model in markdown-body.ts (syntax in the README).
import { parseDocument } from 'yaml';
import { parsePublicationDate, type ArticleInput, type Block, type ImageFile } from '../model.ts';
import { InputError, splitList } from './errors.ts';
import { parseInlineMarkdown, parseMarkdownBody } from './markdown-body.ts';
import { leadImageField } from './markdown-images.ts';
import { typesetQuotes } from './quotes.ts';

const KNOWN_KEYS = new Set([
  'id',
  'headline',
  'title',
  'kicker',
  'date',
  'authors',
  'author',
  'topics',
  'lead',
  'language',
  'lang',
  'status',
  'source',
  'leadImage',
]);

export function parseMarkdown(
  text: string,
  options: {
    headline?: string | undefined;
    importKey?: string | undefined;
    /** Told each YAML warning (an unknown tag, say) as one line; the article is still imported. */
    onWarning?: (message: string) => void;
  } = {},
): ArticleInput<ImageFile> {
  const fm = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!fm)
    throw new InputError(
      'missing front matter: a Markdown article starts with a "---" block holding at least its date',
    );
  // The YAML library would print its warnings itself, over several lines and without the file's name.
  const doc = parseDocument(fm[1]!, { logLevel: 'silent' });
  const yamlError = doc.errors[0];
  if (yamlError) throw new InputError(`front matter is not valid YAML: ${firstLine(yamlError.message)}`);
  for (const w of doc.warnings) options.onWarning?.(`front matter: ${firstLine(w.message)}`);
  let meta: unknown;
  try {
    meta = doc.toJS();
  } catch (err) {
    throw new InputError(`front matter is not valid YAML: ${firstLine((err as Error).message)}`);
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta))
    throw new InputError('front matter must be a YAML mapping (key: value lines)');
  const m = meta as Record<string, unknown>;
  const unknown = Object.keys(m).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length)
    throw new InputError(`unknown front matter field "${unknown[0]}" (known: ${[...KNOWN_KEYS].join(', ')})`);

  const date = str(m, 'date');
  if (date === undefined) throw new InputError('missing date in front matter');
  const published = parsePublicationDate(date);
  if (typeof published === 'string') throw new InputError(published);

  const language = str(m, 'language') ?? str(m, 'lang') ?? 'de';
  // Front matter texts are typeset like the body; YAML itself needs no quotes around them.
  const typeset = (t: string | undefined) => (t === undefined ? undefined : typesetQuotes(t, language));
  const blocks = parseMarkdownBody(text.slice(fm[0].length), language);
  let headline = typeset(str(m, 'headline') ?? str(m, 'title'));
  if (blocks[0]?.type === 'title') headline ??= blocks[0].text;
  const content = blocks.filter((b): b is Block<ImageFile> => b.type !== 'title');
  let lead = typeset(str(m, 'lead'));
  if (lead === undefined) {
    const firstParagraph = content.findIndex((b) => b.type === 'paragraph');
    if (firstParagraph !== 0)
      throw new InputError('no lead: give "lead:" in the front matter or start the body with a paragraph');
    // The lead is plain text: marks in the first paragraph are not kept.
    lead = (content.shift() as { text: string }).text;
  }
  headline = options.headline ?? headline;
  if (!headline) throw new InputError('no headline: give "headline:" in the front matter or a "# " line');

  const status = str(m, 'status') ?? 'published';
  if (status !== 'published' && status !== 'draft')
    throw new InputError(`status "${status}" must be "published" or "draft"`);
  return {
    importKey: m.id !== undefined ? `id:${str(m, 'id')}` : options.importKey,
    kicker: typeset(str(m, 'kicker')),
    headline,
    lead,
    leadImage:
      m.leadImage === undefined
        ? undefined
        : leadImageField(m.leadImage, (t) =>
            parseInlineMarkdown(t, 'front matter field "leadImage": caption', language),
          ),
    body: content,
    authors: splitList(m.authors ?? m.author),
    topics: splitList(m.topics),
    language,
    published,
    sourceUrl: str(m, 'source'),
    status,
  };
}

const firstLine = (message: string) => message.split('\n')[0]!.replace(/:$/, '');

function str(m: Record<string, unknown>, key: string): string | undefined {
  const v = m[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    throw new InputError(`front matter field "${key}" must be text`);
  const s = String(v).trim();
  return s === '' ? undefined : s;
}
