// The body's editor: ProseMirror over the shared schema, a toolbar of plain buttons (reachable and usable by
// keyboard), tables by prosemirror-tables (rows and columns added and removed from the toolbar, Tab between
// cells), pictures (figure.ts), pasting (paste.ts and Markdown for plain text).
import { baseKeymap, setBlockType, toggleMark } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import MarkdownIt from 'markdown-it';
import { DOMParser as PMDOMParser, Node as PMNode, type MarkType, type NodeType } from 'prosemirror-model';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import {
  addColumnAfter,
  addRowAfter,
  deleteColumn,
  deleteRow,
  goToNextCell,
  isInTable,
  tableEditing,
} from 'prosemirror-tables';
import { EditorView } from 'prosemirror-view';
import { schema } from '../schema.ts';
import { FigureView, imageFiles, insertImageFile } from './figure.ts';
import { $, data, s } from './net.ts';
import { stylesAsTags } from './paste.ts';

const nodes = schema.nodes;
const marks = schema.marks;

// Pasted plain text is read as Markdown (CommonMark plus tables, as the importer reads it; raw HTML off), so a
// draft from a Markdown editor keeps its headings, lists and links. Plain prose comes out as paragraphs.
const markdown = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false }).enable('table');
const parser = PMDOMParser.fromSchema(schema);

function pastedText(text: string): ReturnType<typeof parser.parseSlice> {
  // An inert document: nothing in it loads or runs (an image in the Markdown is not fetched).
  const parsed = new DOMParser().parseFromString(markdown.render(text), 'text/html');
  return parser.parseSlice(parsed.body);
}

/** Pictures may go into the text where the page offers its file picker (standing pages do not). */
const picturesAllowed = () => document.getElementById('body-image-file') !== null;

/** Called after every transaction, with whether the document changed. */
export type OnChange = (docChanged: boolean) => void;

export function bodyEditor(onChange: OnChange): EditorView {
  const view: EditorView = new EditorView($('body-editor'), {
    state: EditorState.create({
      doc: PMNode.fromJSON(schema, data.doc),
      plugins: [
        history(),
        keymap({ Tab: goToNextCell(1), 'Shift-Tab': goToNextCell(-1) }),
        keymap({
          'Mod-z': undo,
          'Mod-y': redo,
          'Shift-Mod-z': redo,
          'Mod-b': toggleMark(marks.strong),
          'Mod-i': toggleMark(marks.em),
          'Mod-k': () => (void linkCommand(view), true),
          Enter: splitListItem(nodes.list_item),
          'Shift-Tab': liftListItem(nodes.list_item),
          'Shift-Enter': (state, dispatch) => {
            dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
            return true;
          },
        }),
        keymap(baseKeymap),
        dropCursor(),
        tableEditing(),
      ],
    }),
    nodeViews: { figure: (node, v, getPos) => new FigureView(node, v, getPos) },
    clipboardTextParser: pastedText,
    transformPastedHTML: stylesAsTags,
    handleDrop(v, event) {
      const files = imageFiles(event.dataTransfer?.files);
      if (!files.length) return false;
      event.preventDefault();
      if (!picturesAllowed()) return true;
      const at = v.posAtCoords({ left: event.clientX, top: event.clientY });
      const block = at ? v.state.doc.resolve(at.pos) : undefined;
      // Between blocks: after the block the file was dropped on.
      const pos = block && block.depth > 0 ? block.after(1) : at?.pos;
      void (async () => {
        for (const file of files) await insertImageFile(v, file, pos);
      })();
      return true;
    },
    handlePaste(v, event) {
      const files = imageFiles(event.clipboardData?.files);
      if (!files.length) return false;
      if (!picturesAllowed()) return true;
      void (async () => {
        for (const file of files) await insertImageFile(v, file);
      })();
      return true;
    },
    attributes: {
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': $('body-editor').getAttribute('aria-label') ?? '',
    },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      onChange(tr.docChanged);
      updateToolbar(view);
    },
  });
  $('body-editor').removeAttribute('aria-label');
  wireToolbar(view);
  updateToolbar(view);
  return view;
}

function insert(node: PMNode): Command {
  return (state, dispatch) => {
    dispatch?.(state.tr.replaceSelectionWith(node).scrollIntoView());
    return true;
  };
}

/** A two-by-two table, with the cursor in its first cell, ready to type. */
const insertTable: Command = (state, dispatch) => {
  const table = nodes.table.create({ header: true, align: [] }, [
    nodes.table_row.create(null, [cell(), cell()]),
    nodes.table_row.create(null, [cell(), cell()]),
  ]);
  const tr = state.tr.replaceSelectionWith(table);
  let at: number | undefined;
  tr.doc.descendants((n, pos) => {
    if (n === table) at = pos;
    return at === undefined;
  });
  // table > row > cell > text: three steps in.
  if (at !== undefined) tr.setSelection(TextSelection.near(tr.doc.resolve(at + 3)));
  dispatch?.(tr.scrollIntoView());
  return true;
};

const para = (text = '') => nodes.paragraph.create(null, text ? schema.text(text) : null);
const cell = () => nodes.table_cell.create();

type Made = Command | Promise<void> | void;

const COMMANDS: Record<string, (view: EditorView) => Made> = {
  paragraph: () => setBlockType(nodes.paragraph),
  h2: () => setBlockType(nodes.subheading, { level: 2 }),
  h3: () => setBlockType(nodes.subheading, { level: 3 }),
  strong: () => toggleMark(marks.strong),
  em: () => toggleMark(marks.em),
  link: (view) => linkCommand(view),
  bullet_list: () => wrapInList(nodes.bullet_list),
  ordered_list: () => wrapInList(nodes.ordered_list),
  quote: (view) => quoteCommand(view),
  infobox: () => insert(nodes.infobox.create(null, [nodes.infobox_title.create(), para()])),
  table: () => insertTable,
  row_add: () => addRowAfter,
  row_remove: () => deleteRow,
  column_add: () => addColumnAfter,
  column_remove: () => deleteColumn,
  image: () => $('body-image-file').click(),
  embed: (view) => embedCommand(view),
  divider: () => insert(nodes.divider.create()),
  undo: () => undo,
  redo: () => redo,
};

/** Toolbar buttons that only work inside a table: disabled elsewhere. */
const TABLE_ONLY = new Set(['row_add', 'row_remove', 'column_add', 'column_remove']);

function wireToolbar(view: EditorView): void {
  const toolbar = document.querySelector<HTMLElement>('.toolbar')!;
  toolbar.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-cmd]');
    if (!button) return;
    const made = COMMANDS[button.dataset.cmd!]!(view);
    if (typeof made === 'function') made(view.state, view.dispatch, view);
    // Table buttons keep the focus, so rows can be added one after another from the keyboard.
    if (!(made instanceof Promise) && made !== undefined && !TABLE_ONLY.has(button.dataset.cmd!)) view.focus();
  });
  document.getElementById('body-image-file')?.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const files = imageFiles(input.files);
    input.value = '';
    void (async () => {
      for (const file of files) await insertImageFile(view, file);
    })();
  });
}

function markActive(view: EditorView, type: MarkType): boolean {
  const { from, $from, to, empty } = view.state.selection;
  if (empty) return Boolean(type.isInSet(view.state.storedMarks ?? $from.marks()));
  return view.state.doc.rangeHasMark(from, to, type);
}

function blockIs(view: EditorView, type: NodeType, attrs: Record<string, unknown> = {}): boolean {
  const parent = view.state.selection.$from.parent;
  return parent.type === type && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
}

function updateToolbar(view: EditorView): void {
  const state: Record<string, boolean> = {
    strong: markActive(view, marks.strong),
    em: markActive(view, marks.em),
    link: markActive(view, marks.link),
    paragraph: blockIs(view, nodes.paragraph),
    h2: blockIs(view, nodes.subheading, { level: 2 }),
    h3: blockIs(view, nodes.subheading, { level: 3 }),
    quote: blockIs(view, nodes.quote),
  };
  const inTable = isInTable(view.state);
  for (const b of document.querySelectorAll<HTMLButtonElement>('.toolbar button[data-cmd]')) {
    const cmd = b.dataset.cmd!;
    if (cmd in state) b.setAttribute('aria-pressed', String(state[cmd]));
    else b.removeAttribute('aria-pressed');
    if (TABLE_ONLY.has(cmd)) b.disabled = !inTable;
  }
}

/** A small accessible dialog instead of window.prompt: one labelled field, Apply or Cancel. */
function ask(view: EditorView, label: string, value = ''): Promise<string | undefined> {
  const dialog = $<HTMLDialogElement>('prompt');
  $('prompt-label').textContent = label;
  const input = $<HTMLInputElement>('prompt-input');
  input.value = value;
  dialog.returnValue = '';
  dialog.showModal();
  input.select();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        resolve(dialog.returnValue === 'ok' ? input.value.trim() : undefined);
        view.focus();
      },
      { once: true },
    );
  });
}

async function linkCommand(view: EditorView): Promise<void> {
  const { from, to } = view.state.selection;
  let current = '';
  view.state.doc.nodesBetween(from, to, (n) => {
    const link = marks.link.isInSet(n.marks);
    if (link) current = String(link.attrs.href);
  });
  const href = await ask(view, s.linkPrompt!, current || 'https://');
  if (href === undefined) return;
  const link = href && href !== 'https://' ? marks.link.create({ href }) : undefined;
  // Nothing selected: the address goes in as its own linked text, as in Gutenberg.
  if (from === to) {
    if (link) view.dispatch(view.state.tr.insert(from, schema.text(href, [link])));
    return;
  }
  const tr = view.state.tr.removeMark(from, to, marks.link);
  if (link) tr.addMark(from, to, link);
  view.dispatch(tr);
}

async function quoteCommand(view: EditorView): Promise<void> {
  if (blockIs(view, nodes.quote)) {
    const cite = await ask(view, s.citePrompt!, String(view.state.selection.$from.parent.attrs.cite ?? ''));
    if (cite === undefined) return;
    view.dispatch(view.state.tr.setNodeAttribute(view.state.selection.$from.before(), 'cite', cite));
    return;
  }
  setBlockType(nodes.quote)(view.state, view.dispatch);
}

async function embedCommand(view: EditorView): Promise<void> {
  const url = await ask(view, s.embedPrompt!, 'https://');
  if (url && url !== 'https://') insert(nodes.embed.create({ url, network: '' }))(view.state, view.dispatch);
}
