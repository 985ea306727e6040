// The content model and the editor's document, both ways. `toDoc` gives the browser a ProseMirror document of an
// article's body; `fromDoc` rebuilds a saved document with the schema (an unknown node or mark, or a node in the
// wrong place, is refused with the reason) and turns it back into blocks. Images carry only their id through the
// browser: `fromDoc` asks the store for the rest, so a client can never make up an image's size or focal point.
import { Node as PMNode, type Mark as PMMark } from 'prosemirror-model';
import type { Block, ImageRef, Mark, RichText } from '../../article/index.ts';
import { schema } from './schema.ts';

/** The JSON shape of a ProseMirror node (`Node.toJSON`). */
export interface DocJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocJson[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

/** A document the model cannot hold; `message` names what and where. */
export class DocumentError extends Error {
  override name = 'DocumentError';
}

const MARK_ORDER = ['link', 'em', 'strong'] as const;

/** Rich text as inline nodes: text split where marks begin or end, "\n" as a hard break. */
export function inlineJson(rt: RichText): DocJson[] {
  const cuts = new Set([0, rt.text.length]);
  for (const m of rt.marks) cuts.add(m.start).add(m.end);
  for (let i = rt.text.indexOf('\n'); i !== -1; i = rt.text.indexOf('\n', i + 1)) cuts.add(i).add(i + 1);
  const points = [...cuts].filter((p) => p >= 0 && p <= rt.text.length).sort((a, b) => a - b);
  const out: DocJson[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i]!, points[i + 1]!];
    const text = rt.text.slice(from, to);
    if (text === '\n') {
      out.push({ type: 'hard_break' });
      continue;
    }
    const marks = rt.marks
      .filter((m) => m.start <= from && to <= m.end)
      .sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type))
      .map((m) => (m.type === 'link' ? { type: 'link', attrs: { href: m.href } } : { type: m.type }));
    out.push(marks.length ? { type: 'text', text, marks } : { type: 'text', text });
  }
  return out;
}

const withContent = (type: string, content: DocJson[], attrs?: Record<string, unknown>): DocJson => ({
  type,
  ...(attrs ? { attrs } : {}),
  ...(content.length ? { content } : {}),
});

const paragraph = (rt: RichText) => withContent('paragraph', inlineJson(rt));

/** Where the editor shows a stored image (a plain WebP variant the staff CSP allows: same origin). */
export type ImageSrc = (image: ImageRef) => string;

export function blockJson(b: Block, src: ImageSrc): DocJson {
  switch (b.type) {
    case 'paragraph':
      return paragraph(b);
    case 'subheading':
      return withContent('subheading', inlineJson(b), { level: b.level });
    case 'quote':
      return withContent('quote', inlineJson(b), { cite: b.cite ?? '' });
    case 'list':
      return withContent(
        b.ordered ? 'ordered_list' : 'bullet_list',
        b.items.map((item) => ({ type: 'list_item', content: [paragraph(item)] })),
        b.ordered ? { order: b.start ?? 1 } : undefined,
      );
    case 'infobox':
      return withContent('infobox', [
        withContent('infobox_title', b.title ? [{ type: 'text', text: b.title }] : []),
        ...(b.paragraphs.length ? b.paragraphs : [{ text: '', marks: [] }]).map(paragraph),
      ]);
    case 'table':
      return withContent(
        'table',
        b.rows.map((row) =>
          withContent(
            'table_row',
            row.map((cell) => withContent('table_cell', inlineJson(cell))),
          ),
        ),
        { header: b.header, align: b.align },
      );
    case 'embed':
      return { type: 'embed', attrs: { url: b.url, network: b.network } };
    case 'divider':
      return { type: 'divider' };
    case 'image':
      return withContent('figure', b.caption ? inlineJson(b.caption) : [], {
        id: b.image.id,
        alt: b.alt,
        credit: b.credit ?? '',
        src: src(b.image),
      });
  }
}

/** The editor's document of a body; an empty body is one empty paragraph (a document needs a block). */
export function toDoc(body: Block[], src: ImageSrc): DocJson {
  return { type: 'doc', content: body.length ? body.map((b) => blockJson(b, src)) : [{ type: 'paragraph' }] };
}

/** Inline content as rich text: marks of one kind that touch are merged into one span. */
export function richText(node: PMNode): RichText {
  let text = '';
  const marks: Mark[] = [];
  node.forEach((child) => {
    const start = text.length;
    text += child.isText ? child.text! : '\n';
    for (const m of child.marks) addMark(marks, m, start, text.length);
  });
  return {
    text,
    marks: marks.sort((a, b) => a.start - b.start || MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type)),
  };
}

function addMark(marks: Mark[], m: PMMark, start: number, end: number): void {
  const type = m.type.name as Mark['type'];
  const href = type === 'link' ? String(m.attrs.href) : undefined;
  const before = marks.find((o) => o.type === type && o.end === start && (o.type !== 'link' || o.href === href));
  if (before) before.end = end;
  else marks.push(type === 'link' ? { type, start, end, href: href! } : { type, start, end });
}

/** The image a figure names, from the store; undefined when there is none (refused). */
export type ImageLookup = (id: string) => Promise<ImageRef | undefined>;

/** A saved document as body blocks; throws DocumentError naming the first thing the model cannot hold. */
export async function fromDoc(json: unknown, lookup: ImageLookup): Promise<Block[]> {
  let doc: PMNode;
  try {
    doc = PMNode.fromJSON(schema, json);
    doc.check();
  } catch (err) {
    throw new DocumentError(`the text does not fit the article model: ${(err as Error).message}`);
  }
  const blocks: Block[] = [];
  let index = 0;
  for (const node of nodes(doc)) {
    index++;
    blocks.push(await block(node, index, lookup));
  }
  // The editor always holds one block; an article whose text is one empty paragraph has no body yet.
  const only = blocks[0];
  return blocks.length === 1 && only?.type === 'paragraph' && only.text === '' ? [] : blocks;
}

function nodes(parent: PMNode): PMNode[] {
  const out: PMNode[] = [];
  parent.forEach((n) => out.push(n));
  return out;
}

async function block(node: PMNode, index: number, lookup: ImageLookup): Promise<Block> {
  const where = `block ${index} (${node.type.name})`;
  switch (node.type.name) {
    case 'paragraph':
      return { type: 'paragraph', ...richText(node) };
    case 'subheading': {
      const level: unknown = node.attrs.level;
      if (level !== 2 && level !== 3) throw new DocumentError(`${where}: level must be 2 or 3, not ${String(level)}`);
      return { type: 'subheading', level, ...richText(node) };
    }
    case 'quote': {
      const cite = typeof node.attrs.cite === 'string' ? node.attrs.cite.trim() : '';
      return cite ? { type: 'quote', ...richText(node), cite } : { type: 'quote', ...richText(node) };
    }
    case 'bullet_list':
    case 'ordered_list': {
      const items = nodes(node).map((li) => richText(li.firstChild!));
      if (node.type.name === 'bullet_list') return { type: 'list', ordered: false, items };
      const order: unknown = node.attrs.order;
      if (!Number.isInteger(order) || (order as number) < 0)
        throw new DocumentError(`${where}: the first number must be a whole number`);
      return order === 1
        ? { type: 'list', ordered: true, items }
        : { type: 'list', ordered: true, items, start: order as number };
    }
    case 'infobox': {
      const [title, ...paragraphs] = nodes(node);
      return { type: 'infobox', title: title!.textContent, paragraphs: paragraphs.map(richText) };
    }
    case 'table': {
      const merged = nodes(node).some((row) => nodes(row).some((c) => c.attrs.colspan !== 1 || c.attrs.rowspan !== 1));
      if (merged) throw new DocumentError(`${where}: merged cells are not part of the article model`);
      const rows = nodes(node).map((row) => nodes(row).map(richText));
      const width = rows[0]!.length;
      const uneven = rows.findIndex((r) => r.length !== width);
      if (uneven !== -1)
        throw new DocumentError(
          `${where}: row ${uneven + 1} has ${rows[uneven]!.length} cells, the first row ${width}`,
        );
      const align = Array.isArray(node.attrs.align) ? (node.attrs.align as unknown[]) : [];
      return {
        type: 'table',
        header: node.attrs.header === true,
        rows,
        align: Array.from({ length: width }, (_, i) => {
          const a = align[i];
          return a === 'left' || a === 'center' || a === 'right' ? a : null;
        }),
      };
    }
    case 'embed':
      return { type: 'embed', url: String(node.attrs.url), network: String(node.attrs.network ?? '') };
    case 'divider':
      return { type: 'divider' };
    case 'figure': {
      const id = String(node.attrs.id);
      const image = await lookup(id);
      if (!image) throw new DocumentError(`${where}: there is no stored image "${id}"`);
      const alt = String(node.attrs.alt ?? '').trim();
      if (!alt) throw new DocumentError(`${where}: the image needs an alt text (what it shows)`);
      const caption = richText(node);
      const credit = String(node.attrs.credit ?? '').trim();
      return {
        type: 'image',
        image,
        alt,
        ...(caption.text ? { caption } : {}),
        ...(credit ? { credit } : {}),
      };
    }
    default:
      throw new DocumentError(`${where}: not a block of the article model`);
  }
}
