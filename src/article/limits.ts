// How long an article's fields may be, in one place. Every importer checks its result here, so a hostile file is
// refused with the field and the limit named, and pages, feeds, speech and the preview image never meet a
// megabyte headline. Generous for real journalism: a long read is about 60,000 characters.
import { InputError } from './import/errors.ts';
import type { ArticleInput } from './model.ts';

/** Characters (code points) per field. */
export const LIMITS = {
  fileBytes: 2 * 1024 * 1024,
  headline: 300,
  kicker: 120,
  /** As long as a paragraph: without `lead:` the first paragraph is the lead. */
  lead: 20_000,
  /** Per author and per topic name, and how many of each an article may name. */
  name: 120,
  names: 30,
  /** Any one text of a body block (a paragraph, a quote, its cite, a caption …) or of the lead image. */
  blockText: 20_000,
  blocks: 2_000,
  /** All text of the body together. */
  body: 200_000,
  /** The import id, the language tag and the source URL. */
  short: 2_000,
} as const;

/** Thrown for input over a limit or holding a character that no text field may hold. */
export class LimitError extends InputError {
  override name = 'LimitError';
}

// C0/C1 controls other than tab and newline, and lone surrogates: YAML escapes such as "\0" or "\x1b" produce
// them after the raw-byte filter, and PostgreSQL refuses a NUL with a raw error.
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cs}/u;

/** Refuses an article whose fields are over `LIMITS` or hold control characters, naming the field. */
export function checkArticleInput(input: ArticleInput<unknown>): void {
  checkText('headline', input.headline, LIMITS.headline);
  checkText('kicker', input.kicker, LIMITS.kicker);
  checkText('lead', input.lead, LIMITS.lead);
  checkText('language', input.language, LIMITS.short);
  checkText('source', input.sourceUrl, LIMITS.short);
  checkText('id', input.importKey, LIMITS.short);
  for (const [field, names] of [
    ['authors', input.authors],
    ['topics', input.topics],
  ] as const) {
    if (names.length > LIMITS.names)
      throw new LimitError(`${field}: ${names.length} names, over the limit of ${LIMITS.names}`);
    names.forEach((n, i) => checkText(`${field} name ${i + 1}`, n, LIMITS.name));
  }
  for (const [path, value] of strings(input.leadImage)) checkText(`lead image ${path}`, value, LIMITS.blockText);
  checkBody(input.body);
}

/** Refuses a body (an article's or a standing page's) over `LIMITS` or holding control characters. */
export function checkBody(body: readonly unknown[]): void {
  if (body.length > LIMITS.blocks)
    throw new LimitError(`body: ${body.length} blocks, over the limit of ${LIMITS.blocks}`);
  let total = 0;
  body.forEach((block, i) => {
    const type = (block as { type?: unknown }).type;
    // Every string a block holds, whatever its type: new block types are covered without a change here.
    for (const [path, value] of strings(block)) {
      total += checkText(`body block ${i + 1} (${String(type)}) ${path}`, value, LIMITS.blockText);
      if (total > LIMITS.body) throw new LimitError(`body: more than ${LIMITS.body} characters of text`);
    }
  });
}

/** Checks one field; returns its length in code points. */
export function checkText(field: string, value: string | undefined, max: number): number {
  if (value === undefined) return 0;
  const bad = FORBIDDEN.exec(value);
  if (bad)
    throw new LimitError(
      `${field}: holds the control character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    );
  // Code units bound code points from above: count only when the cheap bound is over.
  if (value.length <= max) return value.length;
  const length = [...value].length;
  if (length > max) throw new LimitError(`${field}: ${length} characters, over the limit of ${max}`);
  return length;
}

function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path || 'text', value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (k !== 'type') yield* strings(v, path ? `${path}.${k}` : k);
}
