// The editor's ProseMirror schema: one node or mark per thing the content model (article/model.ts) holds, and
// nothing else. Server and browser share it: the browser edits with it, the server rebuilds every saved document
// with it (an unknown node or mark, or content in the wrong place, is refused there), and pasted HTML is parsed
// through its `parseDOM` rules, so Word's and Google Docs' styling has nowhere to go.
import { Schema, type DOMOutputSpec } from 'prosemirror-model';

/** Image attributes as the editor holds them; the server fills size, focal point and share size from the store. */
export interface FigureAttrs {
  id: string;
  alt: string;
  credit: string;
  src: string;
}

const inline = 'text | hard_break';

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      content: `(${inline})*`,
      group: 'block',
      parseDOM: [{ tag: 'p' }, { tag: 'div', priority: 10 }],
      toDOM: () => ['p', 0],
    },
    subheading: {
      attrs: { level: { default: 2 } },
      content: `(${inline})*`,
      group: 'block',
      defining: true,
      // Word's and Docs' headings of every level become the two levels an article has.
      parseDOM: [
        { tag: 'h1', attrs: { level: 2 } },
        { tag: 'h2', attrs: { level: 2 } },
        { tag: 'h3', attrs: { level: 3 } },
        { tag: 'h4', attrs: { level: 3 } },
        { tag: 'h5', attrs: { level: 3 } },
        { tag: 'h6', attrs: { level: 3 } },
      ],
      toDOM: (node) => [node.attrs.level === 3 ? 'h3' : 'h2', 0],
    },
    quote: {
      attrs: { cite: { default: '' } },
      content: `(${inline})*`,
      group: 'block',
      defining: true,
      parseDOM: [
        {
          tag: 'blockquote',
          getAttrs: (dom) => ({ cite: dom.querySelector('footer, cite')?.textContent?.replace(/^[—–-]\s*/, '') ?? '' }),
          contentElement: (dom) => dom.querySelector('p') ?? dom,
        },
      ],
      toDOM: (node) => ['blockquote', { 'data-cite': node.attrs.cite as string }, ['p', 0]],
    },
    bullet_list: {
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0],
    },
    ordered_list: {
      attrs: { order: { default: 1 } },
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: Number(dom.getAttribute('start') ?? 1) || 1 }) }],
      toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order as number }, 0]),
    },
    // One paragraph an item: the model's list items are flat texts (no nested lists).
    list_item: {
      content: 'paragraph',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    infobox: {
      content: 'infobox_title paragraph+',
      group: 'block',
      defining: true,
      parseDOM: [{ tag: 'aside' }, { tag: 'div.infobox' }],
      toDOM: () => ['aside', { class: 'infobox' }, 0],
    },
    infobox_title: {
      content: 'text*',
      marks: '',
      defining: true,
      parseDOM: [{ tag: 'p.infobox-title' }],
      toDOM: () => ['p', { class: 'infobox-title' }, 0],
    },
    table: {
      attrs: { header: { default: true }, align: { default: [] } },
      content: 'table_row+',
      group: 'block',
      isolating: true,
      // tableRole is prosemirror-tables' way of finding table, row and cell (the browser's row and column
      // commands); the server reads it as nothing but a spec field.
      tableRole: 'table',
      parseDOM: [{ tag: 'table', getAttrs: (dom) => ({ header: dom.querySelector('th') !== null, align: [] }) }],
      toDOM: () => ['table', ['tbody', 0]],
    },
    table_row: {
      content: 'table_cell+',
      tableRole: 'row',
      parseDOM: [{ tag: 'tr' }],
      toDOM: () => ['tr', 0],
    },
    // The attributes prosemirror-tables expects of a cell; the model has no merged cells or widths, so a pasted
    // span is read as one cell (the table is evened out in the browser) and the server refuses any other value.
    table_cell: {
      attrs: { colspan: { default: 1 }, rowspan: { default: 1 }, colwidth: { default: null } },
      content: `(${inline})*`,
      isolating: true,
      tableRole: 'cell',
      parseDOM: [
        { tag: 'td', getAttrs: () => ({}) },
        { tag: 'th', getAttrs: () => ({}) },
      ],
      toDOM: () => ['td', 0],
    },
    embed: {
      attrs: { url: {}, network: { default: '' } },
      group: 'block',
      atom: true,
      selectable: true,
      parseDOM: [
        {
          tag: 'p.embed',
          getAttrs: (dom) => ({ url: dom.querySelector('a')?.getAttribute('href') ?? '', network: '' }),
        },
      ],
      toDOM: (node) => ['p', { class: 'embed', 'data-url': node.attrs.url as string }, node.attrs.url as string],
    },
    divider: {
      group: 'block',
      parseDOM: [{ tag: 'hr' }],
      toDOM: () => ['hr'],
    },
    // A picture of the body; its caption is the editable content. Pasted images are not taken (their files are
    // elsewhere): only uploads make figures.
    figure: {
      attrs: { id: {}, alt: { default: '' }, credit: { default: '' }, src: { default: '' } },
      content: `(${inline})*`,
      group: 'block',
      isolating: true,
      toDOM: (node): DOMOutputSpec => {
        const a = node.attrs as FigureAttrs;
        return ['figure', { 'data-image': a.id }, ['img', { src: a.src, alt: a.alt }], ['figcaption', 0]];
      },
    },
    text: { group: 'inline' },
    hard_break: {
      inline: true,
      group: 'inline',
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: () => ['br'],
    },
  },
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: dom.getAttribute('href') }) }],
      toDOM: (mark) => ['a', { href: mark.attrs.href as string, rel: 'noopener' }, 0],
    },
    em: {
      parseDOM: [
        { tag: 'i' },
        { tag: 'em' },
        // Google Docs writes emphasis as a styled span; only the emphasis survives, not the style.
        { style: 'font-style=italic' },
        { style: 'font-style=normal', clearMark: (m) => m.type.name === 'em' },
      ],
      toDOM: () => ['em', 0],
    },
    strong: {
      parseDOM: [
        { tag: 'strong' },
        // Google Docs wraps a whole paste in <b style="font-weight:normal">: that is no bold.
        { tag: 'b', getAttrs: (node) => node.style.fontWeight !== 'normal' && null },
        { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' },
        { style: 'font-weight', getAttrs: (value) => /^(bold(er)?|[6-9]\d{2,})$/.test(value) && null },
      ],
      toDOM: () => ['strong', 0],
    },
  },
});
