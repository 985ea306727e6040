// Rich text to HTML, for the article page and the feeds alike. Marks and Vorlesen's sentence spans are combined
// here: sentences are the outer spans, marks are cut at sentence ends and reopened inside the next one, so the
// markup always nests and no word is cut (sentences begin and end at whitespace).
import { html, type SafeHtml } from '../web/html.ts';
import { embedNetwork, isExternal, isSafeHref } from './links.ts';
import { fallbackVariant, imageUrl, pictureHtml } from './images/index.ts';
import type { Block, Figure, Mark, RichText } from './model.ts';

export interface SentenceMark {
  start: number;
  end: number;
  /** Attributes for the sentence's span, e.g. its start time in the audio. */
  attrs: Record<string, string>;
}

/** The key of one text of an article: -2 headline, -1 lead, 0… body blocks; part: list item, info box part … */
export const textKey = (block: number, part = 0): string => `${block}:${part}`;

export interface RenderContext {
  /** This site's origin: links elsewhere are marked external. */
  baseUrl: string;
  /** Sentence spans by `textKey`, on the page when audio is ready. */
  sentences?: Map<string, SentenceMark[]> | undefined;
  /** The link card's text for an embed, in the reader's language. */
  embedLabel(network: string): string;
  /** Feeds: a quote's source as a paragraph, since feed readers drop `<footer>`. */
  feed?: boolean;
}

const RANK = { link: 0, strong: 1, em: 2 } as const;

/** Marks that fit their text and whose link is one we would accept today; anything else is ignored. */
function usable(rt: RichText): Mark[] {
  return rt.marks.filter(
    (m) =>
      Number.isInteger(m.start) &&
      Number.isInteger(m.end) &&
      m.start >= 0 &&
      m.start < m.end &&
      m.end <= rt.text.length &&
      (m.type !== 'link' || isSafeHref(m.href)),
  );
}

function open(m: Mark, baseUrl: string): SafeHtml {
  if (m.type !== 'link') return m.type === 'em' ? html`<em>` : html`<strong>`;
  return isExternal(m.href, baseUrl)
    ? html`<a class="ext" href="${m.href}" rel="noopener">`
    : html`<a href="${m.href}">`;
}

const close = (m: Mark): SafeHtml =>
  m.type === 'em' ? html`</em>` : m.type === 'strong' ? html`</strong>` : html`</a>`;

/** Text with "\n" as a line break. */
function withBreaks(text: string): (SafeHtml | string)[] {
  return text.split('\n').flatMap((line, i) => (i ? [html`<br>`, line] : [line]));
}

/** One text with its marks and, on the page, its sentence spans. */
export function inlineHtml(rt: RichText, ctx: RenderContext, key?: string): SafeHtml {
  const text = rt.text;
  const marks = usable(rt);
  const sentences = (key === undefined ? undefined : ctx.sentences?.get(key)) ?? [];
  const cuts = new Set([0, text.length]);
  for (const r of [...marks, ...sentences]) {
    cuts.add(Math.min(Math.max(r.start, 0), text.length));
    cuts.add(Math.min(Math.max(r.end, 0), text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: (SafeHtml | string)[] = [];
  let stack: Mark[] = [];
  let sentence: SentenceMark | undefined;
  const closeAll = () => {
    out.push(...stack.reverse().map(close));
    stack = [];
    if (sentence) out.push(html`</span>`);
    sentence = undefined;
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i]!, points[i + 1]!];
    const inSentence = sentences.find((s) => s.start <= from && to <= s.end);
    if (inSentence !== sentence) {
      closeAll();
      if (inSentence) {
        const attrs = Object.entries(inSentence.attrs).map(([k, v]) => html` ${k}="${v}"`);
        out.push(html`<span class="s"${attrs}>`);
      }
      sentence = inSentence;
    }
    const wanted = marks
      .filter((m) => m.start <= from && to <= m.end)
      .sort((a, b) => a.start - b.start || b.end - a.end || RANK[a.type] - RANK[b.type])
      // A link inside a link is not HTML: the outer one wins.
      .filter((m, i, all) => m.type !== 'link' || all.findIndex((o) => o.type === 'link') === i);
    let same = 0;
    while (same < stack.length && same < wanted.length && stack[same] === wanted[same]) same++;
    out.push(...stack.slice(same).reverse().map(close));
    out.push(...wanted.slice(same).map((m) => open(m, ctx.baseUrl)));
    stack = wanted;
    out.push(...withBreaks(text.slice(from, to)));
  }
  closeAll();
  return html`${out}`;
}

/** One body block; `index` is its position, for the sentence keys. */
export function blockHtml(b: Block, index: number, ctx: RenderContext): SafeHtml {
  const text = (rt: RichText, part = 0) => inlineHtml(rt, ctx, textKey(index, part));
  switch (b.type) {
    case 'paragraph':
      return html`<p>${text(b)}</p>\n`;
    case 'subheading':
      return b.level === 3 ? html`<h3>${text(b)}</h3>\n` : html`<h2>${text(b)}</h2>\n`;
    case 'quote': {
      const cite = b.cite ? (ctx.feed ? html`<p>— ${b.cite}</p>` : html`<footer>— ${b.cite}</footer>`) : '';
      return html`<blockquote><p>${text(b)}</p>${cite}</blockquote>\n`;
    }
    case 'list': {
      const items = b.items.map((item, i) => html`<li>${text(item, i)}</li>`);
      if (!b.ordered) return html`<ul>${items}</ul>\n`;
      return b.start === undefined ? html`<ol>${items}</ol>\n` : html`<ol start="${b.start}">${items}</ol>\n`;
    }
    case 'infobox':
      return html`<div class="infobox" role="note"><p class="infobox-title"><strong>${text({ text: b.title, marks: [] }, 0)}</strong></p>${b.paragraphs.map((p, i) => html`<p>${text(p, i + 1)}</p>`)}</div>\n`;
    case 'table': {
      const head = b.header ? b.rows[0] : undefined;
      const rest = b.header ? b.rows.slice(1) : b.rows;
      // Alignment by class: the CSP allows no style attributes.
      const cls = (col: number) => (b.align[col] ? html` class="al-${b.align[col]}"` : '');
      const cells = (row: RichText[], tag: 'th' | 'td') =>
        row.map((c, col) =>
          tag === 'th' ? html`<th scope="col"${cls(col)}>${text(c)}</th>` : html`<td${cls(col)}>${text(c)}</td>`,
        );
      return html`<table>${head ? html`<thead><tr>${cells(head, 'th')}</tr></thead>` : ''}<tbody>${rest.map((r) => html`<tr>${cells(r, 'td')}</tr>`)}</tbody></table>\n`;
    }
    case 'embed': {
      // A plain link: nothing is loaded from the network before the reader follows it.
      if (!isSafeHref(b.url)) return html``;
      const network = embedNetwork(b.url) ?? b.network;
      const shown = b.url.replace(/^https:\/\/(www\.)?/, '');
      return html`<p class="embed"><a class="ext" href="${b.url}" rel="noopener"><strong>${ctx.embedLabel(network)}</strong> <span class="embed-url">${shown}</span></a></p>\n`;
    }
    case 'divider':
      return html`<hr>\n`;
    case 'image':
      return figureHtml(b, ctx);
  }
}

function feedImage(f: Figure, baseUrl: string, shape: 'full' | '16x9'): SafeHtml {
  const v = fallbackVariant(f.image, shape);
  const src = baseUrl + imageUrl(f.image, v, 'webp');
  return html`<img src="${src}" width="${v.width}" height="${v.height}" alt="${f.alt}">`;
}

/**
 * An image with its caption and credit. In the body it loads lazily; the lead image (`lead`) is a 16:9 crop
 * around the focal point, loaded at once with high priority. Feeds get one absolute `<img>`: readers ignore srcset.
 */
export function figureHtml(f: Figure, ctx: RenderContext, lead = false): SafeHtml {
  const caption = f.caption && f.caption.text !== '' ? inlineHtml(f.caption, ctx) : '';
  const credit = f.credit ? html`<span class="credit">${f.credit}</span>` : '';
  const shape = lead ? '16x9' : 'full';
  const picture = ctx.feed
    ? feedImage(f, ctx.baseUrl, shape)
    : pictureHtml(f.image, { alt: f.alt, shape, aboveFold: lead });
  const text =
    caption || credit ? html`<figcaption>${caption}${caption && credit ? ' ' : ''}${credit}</figcaption>` : '';
  return html`<figure${lead ? html` class="lead-image"` : ''}>${picture}${text}</figure>\n`;
}
