// The content model back to the Markdown the importer reads (the inverse of import/markdown-body.ts; syntax in
// the README). Text is escaped so that re-importing gives the same text and marks: ASCII punctuation that can
// start Markdown anywhere is always escaped, that which does so only at a line's start only there.
import { stringify } from 'yaml';
import type { Article, Block, Figure, ImageRef, Mark, RichText } from '../model.ts';

/** Escaped wherever they stand: emphasis, code, links, autolinks, entities, table cells, escapes themselves. */
const ALWAYS = new Set(['\\', '`', '*', '_', '[', ']', '<', '&', '|']);
/** Escaped as a line's first character: headings, quotes, bullets, setext underlines, fences. */
const LINE_START = new Set(['#', '>', '-', '+', '=', '~']);

/** In a heading every "#": a trailing one would be read as the heading's closing sequence. */
const IN_HEADING = new Set([...ALWAYS, '#']);

/** One line of plain text, escaped; `lineStart`: it begins a line of the Markdown. */
function escapeLine(line: string, lineStart: boolean, always = ALWAYS): string {
  let out = '';
  for (const ch of line) out += always.has(ch) ? `\\${ch}` : ch;
  if (!lineStart) return out;
  if (LINE_START.has(line[0] ?? '') && !always.has(line[0]!)) return `\\${out}`;
  // "1. Mai" or "3) drei" would start an ordered list: escape the dot or bracket after the digits.
  const digits = /^\d{1,9}(?=[.)])/.exec(line);
  if (digits) return `${digits[0]}\\${out.slice(digits[0].length)}`;
  return out;
}

/** Plain text (possibly several lines, "\n" a hard break) as Markdown; the first line starts a line if `lineStart`. */
function escapeText(text: string, lineStart: boolean, always: Set<string>): string {
  return text
    .split('\n')
    .map((line, i) => escapeLine(line, i > 0 || lineStart, always))
    .join('\\\n');
}

const OPEN: Record<Mark['type'], string> = { em: '*', strong: '**', link: '[' };
const close = (m: Mark) => (m.type === 'link' ? `](${linkDestination(m.href)})` : OPEN[m.type]);

/** A link's URL: brackets and backslashes escaped, so the destination ends where it should. */
const linkDestination = (href: string) => href.replace(/[\\()<>| ]/g, (c) => (c === ' ' ? '%20' : `\\${c}`));

/**
 * Rich text as inline Markdown. Marks nest as the parser made them (for equal ranges the later mark is the outer
 * one, as the parser lists the inner first); a mark that overlaps another is closed and reopened around it.
 */
export function inlineMarkdown(t: RichText, lineStart = true, always = ALWAYS): string {
  const marks = t.marks
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end || b.i - a.i)
    .map((x) => x.m);
  const points = [...new Set([0, t.text.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const open: Mark[] = [];
  let next = 0;
  let out = '';
  for (const [k, p] of points.entries()) {
    const ending = open.findIndex((m) => m.end <= p);
    if (ending >= 0) {
      // Close from the innermost down to the first that ends here; reopen those that go on.
      const closed = open.splice(ending);
      for (const m of [...closed].reverse()) out += close(m);
      for (const m of closed.filter((m) => m.end > p)) {
        out += OPEN[m.type];
        open.push(m);
      }
    }
    while (next < marks.length && marks[next]!.start === p) {
      const m = marks[next++]!;
      out += OPEN[m.type];
      open.push(m);
    }
    const end = points[k + 1];
    if (end === undefined) break;
    out += escapeText(t.text.slice(p, end), lineStart && (p === 0 || t.text[p - 1] === '\n'), always);
  }
  for (const m of open.reverse()) out += close(m);
  return out;
}

/** Prefixes every line but the first (the first gets `first`). */
const indent = (text: string, first: string, rest: string) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');

/** How the export names an image file; the article's Markdown refers to it relative to itself. */
export type ImageName = (image: ImageRef) => string;

function figureLines(f: Figure, file: string): string {
  const plainCaption = f.caption && f.caption.marks.length === 0 ? f.caption.text : undefined;
  // A caption that reads like a credit or focal line, or holds a line break, goes into the quoted title.
  const titleOnly =
    plainCaption !== undefined &&
    (/^(?:Foto|Fotos|Bild|Grafik|Illustration|Fokus):/.test(plainCaption) || plainCaption.includes('\n'));
  const title = titleOnly ? ` "${plainCaption.replace(/[\\"]/g, (c) => `\\${c}`)}"` : '';
  const lines = [`![${escapeLine(f.alt, false)}](${linkDestination(file)}${title})`];
  if (f.caption && !titleOnly) lines.push(inlineMarkdown(f.caption));
  if (f.credit) lines.push(escapeLine(f.credit, false));
  const { x, y } = f.image.focal;
  if (x !== 50 || y !== 50) lines.push(`Fokus: ${x} % ${y} %`);
  return lines.join('\n');
}

/** `alternate`: this list follows one of its kind, which it would join with the same bullet or delimiter. */
function block(b: Block, alternate: boolean, name: ImageName): string {
  switch (b.type) {
    case 'paragraph':
      return inlineMarkdown(b);
    case 'subheading':
      return `${'#'.repeat(b.level)} ${inlineMarkdown(b, true, IN_HEADING)}`;
    case 'quote': {
      const text = indent(inlineMarkdown(b), '> ', '> ');
      return b.cite ? `${text}\n>\n> — ${escapeLine(b.cite, false)}` : text;
    }
    case 'list': {
      return b.items
        .map((item, i) => {
          const marker = b.ordered ? `${(b.start ?? 1) + i}${alternate ? ')' : '.'} ` : alternate ? '* ' : '- ';
          return indent(inlineMarkdown(item), marker, ' '.repeat(marker.length));
        })
        .join('\n');
    }
    case 'infobox': {
      const fence = b.title.includes('`') ? '~~~' : '```';
      // The importer takes the info string as written: no escapes there.
      return [`${fence}infobox ${b.title}`, b.paragraphs.map((p) => inlineMarkdown(p)).join('\n\n'), fence]
        .filter((part, i) => i !== 1 || part !== '')
        .join('\n');
    }
    case 'table': {
      const row = (cells: RichText[]) => `| ${cells.map((c) => inlineMarkdown(c, false)).join(' | ')} |`;
      const rule = b.align.map((a) =>
        a === 'left' ? ':---' : a === 'center' ? ':---:' : a === 'right' ? '---:' : '---',
      );
      const [head = [], ...body] = b.rows;
      return [row(head), `| ${rule.join(' | ')} |`, ...body.map(row)].join('\n');
    }
    case 'embed':
      return `<${b.url}>`;
    case 'divider':
      return '---';
    case 'image':
      return figureLines(b, name(b.image));
  }
}

/** Body blocks as Markdown, a blank line between blocks. */
export function bodyMarkdown(body: Block[], name: ImageName): string {
  const out: string[] = [];
  let alternated = false;
  for (const [i, b] of body.entries()) {
    const previous = body[i - 1];
    // A list right after another of its kind would join it: the other bullet or delimiter starts a new one.
    alternated = b.type === 'list' && previous?.type === 'list' && previous.ordered === b.ordered && !alternated;
    out.push(block(b, alternated, name));
  }
  return out.join('\n\n');
}

/** The whole article: YAML front matter (the lead and every field there, exact) and the body. */
export function articleMarkdown(article: Article, name: ImageName): string {
  const id = article.importKey?.startsWith('id:') ? article.importKey.slice(3) : (article.importKey ?? article.id);
  const lead = article.leadImage;
  const meta: Record<string, unknown> = {
    id,
    ...(article.kicker ? { kicker: article.kicker } : {}),
    headline: article.headline,
    date: article.published.value,
    authors: article.authors.map((a) => a.name),
    topics: article.topics.map((t) => t.name),
    language: article.language,
    // The stored text is final: the importer must not typeset its straight quotes.
    typeset: false,
    ...(article.status === 'draft' ? { status: 'draft' } : {}),
    ...(article.sourceUrl ? { source: article.sourceUrl } : {}),
    lead: article.lead,
    ...(lead
      ? {
          leadImage: {
            path: name(lead.image),
            alt: lead.alt,
            ...(lead.caption ? { caption: inlineMarkdown(lead.caption, false) } : {}),
            ...(lead.credit ? { credit: lead.credit } : {}),
            ...(lead.image.focal.x !== 50 || lead.image.focal.y !== 50
              ? { focal: [lead.image.focal.x, lead.image.focal.y] }
              : {}),
          },
        }
      : {}),
  };
  const front = stringify(meta, { lineWidth: 0 });
  return `---\n${front}---\n\n${bodyMarkdown(article.body, name)}\n`;
}
