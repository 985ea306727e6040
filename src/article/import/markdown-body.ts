// The Markdown body onto the content model, parsed by markdown-it (CommonMark plus tables; raw HTML off, so a
// `<script>` in the text stays text). Blocks are converted by token type in `BLOCK_RULES` and inline tokens in
// `INLINE_RULES`: a new block or inline kind is one more entry there.
import MarkdownIt from 'markdown-it';
import { checkHref, embedNetwork } from '../links.ts';
import type { Block, ColumnAlign, ImageFile, Mark, RichText } from '../model.ts';
import { InputError } from './errors.ts';
import { imageParagraph, type InlineToken } from './markdown-images.ts';
import { QuoteTypesetter, typesetQuotes } from './quotes.ts';

export type ParsedBlock = Block<ImageFile> | { type: 'title'; text: string };

// `text_join` would merge escapes (`\"`) into the text around them, where the quote typesetter could not tell them.
const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false })
  .enable('table')
  .disable('text_join');
// Links are checked by `checkHref` with a clear error instead of markdown-it silently leaving them as text.
md.validateLink = () => true;

type Token = ReturnType<typeof md.parse>[number];

/**
 * Straight quotes in text tokens become „…“ (or “…” in English); code spans, autolinks, escapes (`\"` stays
 * straight) and attributes (link targets, image alt text) are left as written.
 */
function typesetInline(t: Token, language: string): void {
  const quotes = new QuoteTypesetter(language);
  let autolink = false;
  for (const c of t.children ?? []) {
    if (c.type === 'link_open' && c.markup === 'autolink') autolink = true;
    else if (c.type === 'link_close') autolink = false;
    else if (c.type === 'text' && !autolink) c.content = quotes.typeset(c.content);
    else if (c.type === 'text' || c.type === 'text_special' || c.type === 'code_inline') quotes.pass(c.content);
    else if (c.type === 'softbreak' || c.type === 'hardbreak') quotes.space();
  }
}

function parse(markdown: string, language: string): Token[] {
  const tokens = md.parse(markdown, {});
  for (const t of tokens) if (t.type === 'inline') typesetInline(t, language);
  return tokens;
}

/** Builds one text and its marks from inline tokens, collapsing runs of spaces as a browser would. */
class TextBuilder {
  text = '';
  marks: Mark[] = [];
  private open: { type: 'em' | 'strong' | 'link'; start: number; href?: string }[] = [];

  append(piece: string): void {
    let p = piece.replace(/[ \t\r\n]+/g, ' ');
    // The last character, not a regex over the whole text: escapes and delimiters come as many small tokens.
    const last = this.text.at(-1);
    if (last === undefined || last === ' ' || last === '\n') p = p.replace(/^ /, '');
    this.text += p;
  }
  lineBreak(): void {
    if (this.text.endsWith(' ')) this.text = this.text.slice(0, -1);
    if (this.text !== '') this.text += '\n';
  }
  start(type: 'em' | 'strong' | 'link', href?: string): void {
    this.open.push({ type, start: this.text.length, ...(href === undefined ? {} : { href }) });
  }
  end(): void {
    const o = this.open.pop();
    if (o === undefined) return;
    const end = this.text.length;
    if (o.type === 'link') this.marks.push({ type: 'link', start: o.start, end, href: o.href! });
    else this.marks.push({ type: o.type, start: o.start, end });
  }
  done(): RichText {
    const text = this.text.trimEnd();
    const marks = this.marks
      .map((m) => ({ ...m, end: Math.min(m.end, text.length) }))
      .filter((m) => m.start < m.end)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    return { text, marks };
  }
}

type InlineRule = (t: Token, b: TextBuilder, line: number) => void;

const INLINE_RULES: Record<string, InlineRule> = {
  text: (t, b) => b.append(t.content),
  text_special: (t, b) => b.append(t.content),
  code_inline: (t, b) => b.append(t.content),
  softbreak: (_, b) => b.append(' '),
  hardbreak: (_, b) => b.lineBreak(),
  em_open: (_, b) => b.start('em'),
  em_close: (_, b) => b.end(),
  strong_open: (_, b) => b.start('strong'),
  strong_close: (_, b) => b.end(),
  link_open: (t, b, line) => {
    const checked = checkHref(String(t.attrGet('href') ?? ''));
    if ('error' in checked) throw new InputError(`line ${line}: ${checked.error}`);
    b.start('link', checked.href);
  },
  link_close: (_, b) => b.end(),
  image: (_, __, line) => {
    throw new InputError(`line ${line}: an image starts a paragraph of its own: ![alt](file), caption below it`);
  },
};

function inline(t: Token | undefined, line: number): RichText {
  const b = new TextBuilder();
  for (const child of t?.children ?? []) {
    const rule = INLINE_RULES[child.type];
    if (rule === undefined) throw new InputError(`line ${line}: unsupported Markdown (${child.type})`);
    rule(child, b, line);
  }
  return b.done();
}

/** The index of the token that closes the one opened at `from`. */
function closing(tokens: Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    depth += tokens[i]!.nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

const lineOf = (t: Token): number => (t.map?.[0] ?? 0) + 1;

/** The inline tokens of the paragraphs between `from` and `to`; anything else is refused with `what`. */
function paragraphs(tokens: Token[], from: number, to: number, what: string): Token[] {
  const out: Token[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.type === 'inline') out.push(t);
    else if (t.type !== 'paragraph_open' && t.type !== 'paragraph_close')
      throw new InputError(`line ${lineOf(t)}: ${what} holds text only, not ${t.type.replace(/_open$/, '')}`);
  }
  return out;
}

const CITE = /^(?:—|--|–)\s*(.+)$/s;

function quote(tokens: Token[], from: number, to: number): Block<never> {
  const inlines = paragraphs(tokens, from + 1, to, 'a quote');
  const texts = inlines.map((t) => inline(t, lineOf(t)));
  // The last line "— Name" names the speaker: it is a line of the last paragraph or a paragraph of its own.
  const last = inlines.at(-1);
  const children = last?.children ?? [];
  const breakAt = children.findLastIndex((c) => c.type === 'softbreak' || c.type === 'hardbreak');
  const ownParagraph = texts.length > 1 && CITE.exec(texts.at(-1)!.text);
  let cite: string | undefined;
  if (ownParagraph) {
    cite = ownParagraph[1]!.trim();
    texts.pop();
  } else if (last && breakAt > 0) {
    const tail = inline({ ...last, children: children.slice(breakAt + 1) } as Token, lineOf(last)).text;
    const m = CITE.exec(tail);
    if (m) {
      cite = m[1]!.trim();
      texts[texts.length - 1] = inline({ ...last, children: children.slice(0, breakAt) } as Token, lineOf(last));
    }
  }
  const joined = joinTexts(texts);
  return cite ? { type: 'quote', ...joined, cite } : { type: 'quote', ...joined };
}

/** Paragraphs of a quote as one text, a line break between them. */
function joinTexts(texts: RichText[]): RichText {
  let text = '';
  const marks: Mark[] = [];
  for (const t of texts) {
    if (text !== '') text += '\n';
    marks.push(...t.marks.map((m) => ({ ...m, start: m.start + text.length, end: m.end + text.length })));
    text += t.text;
  }
  return { text, marks };
}

function list(tokens: Token[], from: number, to: number): Block<never> {
  const items: RichText[] = [];
  for (let i = from + 1; i < to; i++) {
    if (tokens[i]!.type !== 'list_item_open') continue;
    const end = closing(tokens, i);
    const texts = paragraphs(tokens, i + 1, end, 'a list item').map((t) => inline(t, lineOf(t)));
    items.push(joinTexts(texts));
    i = end;
  }
  const ordered = tokens[from]!.type === 'ordered_list_open';
  const start = Number(tokens[from]!.attrGet('start') ?? 1);
  return ordered && start !== 1 ? { type: 'list', ordered, items, start } : { type: 'list', ordered, items };
}

function table(tokens: Token[], from: number, to: number): Block<never> {
  const rows: RichText[][] = [];
  const align: ColumnAlign[] = [];
  let header = false;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.type === 'thead_open') header = true;
    if (t.type === 'tr_open') rows.push([]);
    if (rows.length === 1 && (t.type === 'th_open' || t.type === 'td_open'))
      align.push((/text-align:(left|center|right)/.exec(String(t.attrGet('style') ?? ''))?.[1] as ColumnAlign) ?? null);
    if (t.type === 'inline') rows.at(-1)!.push(inline(t, lineOf(t)));
  }
  return { type: 'table', header, rows, align };
}

/** ```` ```infobox Titel ```` … ```` ``` ````: an info box whose paragraphs are Markdown again. */
function fence(t: Token, language: string): Block<never> {
  const [kind, ...rest] = t.info.trim().split(/\s+/);
  const line = lineOf(t);
  if (kind !== 'infobox')
    throw new InputError(`line ${line}: a fenced block must be "\`\`\`infobox Title" (code blocks are not supported)`);
  const title = typesetQuotes(rest.join(' '), language);
  if (title === '') throw new InputError(`line ${line}: an info box needs a title: "\`\`\`infobox Title"`);
  const inner = parse(t.content, language);
  const texts = paragraphs(inner, 0, inner.length, 'an info box').map((p) => inline(p, line + lineOf(p)));
  return { type: 'infobox', title, paragraphs: texts };
}

/** A paragraph that is only `<https://…>` to a known network becomes an embed. */
function paragraph(t: Token): Block<ImageFile> {
  const children = t.children ?? [];
  if (children[0]?.type === 'image') {
    const toInline = (c: InlineToken[]) => inline({ ...t, children: c as Token[] } as Token, lineOf(t));
    return { type: 'image', ...imageParagraph(children, lineOf(t), toInline) };
  }
  const [open, , close] = children;
  if (
    children.length === 3 &&
    open?.type === 'link_open' &&
    open.markup === 'autolink' &&
    close?.type === 'link_close'
  ) {
    const checked = checkHref(String(open.attrGet('href') ?? ''));
    const network = 'href' in checked ? embedNetwork(checked.href) : undefined;
    if (network !== undefined && 'href' in checked) return { type: 'embed', url: checked.href, network };
  }
  return { type: 'paragraph', ...inline(t, lineOf(t)) };
}

type BlockRule = (tokens: Token[], from: number, to: number, first: boolean, language: string) => ParsedBlock;

const BLOCK_RULES: Record<string, BlockRule> = {
  paragraph_open: (tokens, from) => paragraph(tokens[from + 1]!),
  heading_open: (tokens, from, _, first) => {
    const level = Number(tokens[from]!.tag.slice(1));
    const text = inline(tokens[from + 1], lineOf(tokens[from]!));
    if (level === 1 && first) return { type: 'title', text: text.text };
    return { type: 'subheading', level: level <= 2 ? 2 : 3, ...text };
  },
  blockquote_open: quote,
  bullet_list_open: list,
  ordered_list_open: list,
  table_open: table,
  fence: (tokens, from, _, __, language) => fence(tokens[from]!, language),
  hr: () => ({ type: 'divider' }),
  // An indented line is not code in a news text: it stays a paragraph, as it was before markdown-it.
  code_block: (tokens, from) => ({
    type: 'paragraph',
    text: tokens[from]!.content.replace(/\s+/g, ' ').trim(),
    marks: [],
  }),
};

/** One line of Markdown inline syntax (a caption in the front matter) as rich text. */
export function parseInlineMarkdown(text: string, where: string, language: string): RichText {
  const [t] = md.parseInline(text, {});
  if (t) typesetInline(t, language);
  try {
    return inline(t, 1);
  } catch (err) {
    throw new InputError(`${where}: ${(err as Error).message.replace(/^line 1: /, '')}`);
  }
}

export function parseMarkdownBody(markdown: string, language = 'de'): ParsedBlock[] {
  const tokens = parse(markdown, language);
  const blocks: ParsedBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const rule = BLOCK_RULES[t.type];
    if (rule === undefined) throw new InputError(`line ${lineOf(t)}: unsupported Markdown (${t.type})`);
    const end = t.nesting === 1 ? closing(tokens, i) : i;
    blocks.push(rule(tokens, i, end, blocks.length === 0, language));
    i = end;
  }
  return blocks;
}
