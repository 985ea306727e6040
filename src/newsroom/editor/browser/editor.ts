// The editor in the browser: ProseMirror over the shared schema, a toolbar of plain buttons (reachable and usable
// by keyboard), the article's fields, lead image upload by drag and drop with a focal point, saving with
// `expectedVersion` (and autosave), presence and the preview link. Bundled by ../bundle.ts; staff pages only.
import { baseKeymap, setBlockType, toggleMark } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import MarkdownIt from 'markdown-it';
import { DOMParser as PMDOMParser, Node as PMNode, type MarkType, type NodeType } from 'prosemirror-model';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from '../schema.ts';
import { stylesAsTags } from './paste.ts';

interface EditorData {
  id: string | null;
  version: number;
  csrf: string;
  doc: unknown;
  strings: Record<
    | 'saved'
    | 'saving'
    | 'unsaved'
    | 'otherVersion'
    | 'alsoOpen'
    | 'linkPrompt'
    | 'embedPrompt'
    | 'citePrompt'
    | 'speechHint',
    string
  >;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const data = JSON.parse($('editor-data').textContent) as EditorData;
const s = data.strings;
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

let dirty = false;
let saving: Promise<void> | undefined;

const view = new EditorView($('body-editor'), {
  state: EditorState.create({
    doc: PMNode.fromJSON(schema, data.doc),
    plugins: [
      history(),
      keymap({
        'Mod-z': undo,
        'Mod-y': redo,
        'Shift-Mod-z': redo,
        'Mod-b': toggleMark(marks.strong),
        'Mod-i': toggleMark(marks.em),
        'Mod-k': () => (void linkCommand(), true),
        Enter: splitListItem(nodes.list_item),
        'Shift-Tab': liftListItem(nodes.list_item),
        'Shift-Enter': (state, dispatch) => {
          dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
          return true;
        },
      }),
      keymap(baseKeymap),
      dropCursor(),
    ],
  }),
  clipboardTextParser: pastedText,
  transformPastedHTML: stylesAsTags,
  attributes: {
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': $('body-editor').getAttribute('aria-label') ?? '',
  },
  dispatchTransaction(tr) {
    view.updateState(view.state.apply(tr));
    if (tr.docChanged) changed();
    updateToolbar();
    speechSoon();
  },
});
$('body-editor').removeAttribute('aria-label');

function insert(node: PMNode): Command {
  return (state, dispatch) => {
    dispatch?.(state.tr.replaceSelectionWith(node).scrollIntoView());
    return true;
  };
}

const para = (text = '') => nodes.paragraph.create(null, text ? schema.text(text) : null);

const COMMANDS: Record<string, () => Command | Promise<void>> = {
  paragraph: () => setBlockType(nodes.paragraph),
  h2: () => setBlockType(nodes.subheading, { level: 2 }),
  h3: () => setBlockType(nodes.subheading, { level: 3 }),
  strong: () => toggleMark(marks.strong),
  em: () => toggleMark(marks.em),
  link: () => linkCommand(),
  bullet_list: () => wrapInList(nodes.bullet_list),
  ordered_list: () => wrapInList(nodes.ordered_list),
  quote: () => quoteCommand(),
  infobox: () => insert(nodes.infobox.create(null, [nodes.infobox_title.create(), para()])),
  table: () =>
    insert(
      nodes.table.create({ header: true, align: [] }, [
        nodes.table_row.create(null, [nodes.table_cell.create(), nodes.table_cell.create()]),
        nodes.table_row.create(null, [nodes.table_cell.create(), nodes.table_cell.create()]),
      ]),
    ),
  embed: () => embedCommand(),
  divider: () => insert(nodes.divider.create()),
  undo: () => undo,
  redo: () => redo,
};

const toolbar = document.querySelector<HTMLElement>('.toolbar')!;
toolbar.addEventListener('click', (e) => {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-cmd]');
  if (!button) return;
  const made = COMMANDS[button.dataset.cmd!]!();
  if (typeof made === 'function') made(view.state, view.dispatch, view);
  if (!(made instanceof Promise)) view.focus();
});

function markActive(type: MarkType): boolean {
  const { from, $from, to, empty } = view.state.selection;
  if (empty) return Boolean(type.isInSet(view.state.storedMarks ?? $from.marks()));
  return view.state.doc.rangeHasMark(from, to, type);
}

function blockIs(type: NodeType, attrs: Record<string, unknown> = {}): boolean {
  const parent = view.state.selection.$from.parent;
  return parent.type === type && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
}

function updateToolbar(): void {
  const state: Record<string, boolean> = {
    strong: markActive(marks.strong),
    em: markActive(marks.em),
    link: markActive(marks.link),
    paragraph: blockIs(nodes.paragraph),
    h2: blockIs(nodes.subheading, { level: 2 }),
    h3: blockIs(nodes.subheading, { level: 3 }),
    quote: blockIs(nodes.quote),
  };
  for (const b of toolbar.querySelectorAll<HTMLButtonElement>('button[data-cmd]')) {
    const cmd = b.dataset.cmd!;
    if (cmd in state) b.setAttribute('aria-pressed', String(state[cmd]));
    else b.removeAttribute('aria-pressed');
  }
}
updateToolbar();

/** A small accessible dialog instead of window.prompt: one labelled field, Apply or Cancel. */
function ask(label: string, value = ''): Promise<string | undefined> {
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

async function linkCommand(): Promise<void> {
  const { from, to } = view.state.selection;
  let current = '';
  view.state.doc.nodesBetween(from, to, (n) => {
    const link = marks.link.isInSet(n.marks);
    if (link) current = String(link.attrs.href);
  });
  const href = await ask(s.linkPrompt, current || 'https://');
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

async function quoteCommand(): Promise<void> {
  if (blockIs(nodes.quote)) {
    const cite = await ask(s.citePrompt, String(view.state.selection.$from.parent.attrs.cite ?? ''));
    if (cite === undefined) return;
    view.dispatch(view.state.tr.setNodeAttribute(view.state.selection.$from.before(), 'cite', cite));
    return;
  }
  setBlockType(nodes.quote)(view.state, view.dispatch);
}

async function embedCommand(): Promise<void> {
  const url = await ask(s.embedPrompt, 'https://');
  if (url && url !== 'https://') insert(nodes.embed.create({ url, network: '' }))(view.state, view.dispatch);
}

// Fields and saving.
const fields = [
  'f-kicker',
  'f-headline',
  'f-lead',
  'f-authors',
  'f-topics',
  'f-language',
  'f-slug',
  'f-seo-title',
  'f-seo-description',
  'f-alt',
  'f-caption',
  'f-credit',
];
for (const id of fields) $(id).addEventListener('input', changed);
const value = (id: string) => $<HTMLInputElement>(id).value;
const list = (id: string) =>
  value(id)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

let autosave: ReturnType<typeof setTimeout> | undefined;
function changed(): void {
  dirty = true;
  setState(s.unsaved);
  clearTimeout(autosave);
  // Drafts save themselves a few seconds after the last change, once they have a headline.
  autosave = setTimeout(() => {
    if (value('f-headline').trim()) void save();
  }, 4000);
}

function setState(text: string): void {
  $('save-state').textContent = text;
}

function problem(message: string | undefined, link?: string): void {
  const box = $('save-problem');
  box.hidden = !message;
  box.textContent = message ?? '';
  if (message && link) {
    const a = document.createElement('a');
    a.href = link;
    a.target = '_blank';
    a.textContent = s.otherVersion;
    box.append(' ', a);
  }
}

function post(path: string, body: BodyInit, type = 'application/json'): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    body,
    headers: { 'content-type': type, accept: 'application/json', 'x-csrf-token': data.csrf },
    credentials: 'same-origin',
  });
}

function save(): Promise<void> {
  clearTimeout(autosave);
  saving ??= doSave().finally(() => (saving = undefined));
  return saving;
}

async function doSave(): Promise<void> {
  setState(s.saving);
  const imageId = $('lead-image').dataset.id;
  const payload = {
    id: data.id,
    expectedVersion: data.version,
    doc: view.state.doc.toJSON() as unknown,
    fields: {
      kicker: value('f-kicker'),
      headline: value('f-headline'),
      lead: value('f-lead'),
      authors: list('f-authors'),
      topics: list('f-topics'),
      language: value('f-language'),
      slug: value('f-slug'),
      seoTitle: value('f-seo-title'),
      seoDescription: value('f-seo-description'),
      leadImage: imageId
        ? { id: imageId, alt: value('f-alt'), caption: value('f-caption'), credit: value('f-credit') }
        : null,
    },
  };
  const correction = document.getElementById('correction');
  const note = correction?.querySelector<HTMLTextAreaElement>('[name=note]');
  if (correction && note?.value.trim())
    Object.assign(payload, {
      correction: {
        kind: correction.querySelector<HTMLInputElement>('[name=kind]:checked')?.value ?? 'correction',
        wrong: correction.querySelector<HTMLTextAreaElement>('[name=wrong]')!.value,
        note: note.value,
        substantive: correction.querySelector<HTMLInputElement>('[name=substantive]')!.checked ? '1' : '',
      },
    });
  dirty = false;
  const r = await post('/redaktion/artikel/speichern', JSON.stringify(payload));
  const answer = (await r.json()) as {
    ok: boolean;
    message?: string;
    otherVersion?: string;
    id?: string;
    version?: number;
    slug?: string;
    editUrl?: string;
  };
  if (!answer.ok) {
    dirty = true;
    setState(s.unsaved);
    problem(answer.message, answer.otherVersion);
    return;
  }
  problem(undefined);
  // A correction note goes with one save only.
  if (correction) for (const f of correction.querySelectorAll<HTMLTextAreaElement>('textarea')) f.value = '';
  const created = !data.id;
  data.id = answer.id!;
  data.version = answer.version!;
  if (!$<HTMLInputElement>('f-slug').readOnly) $<HTMLInputElement>('f-slug').value = answer.slug!;
  setState(dirty ? s.unsaved : s.saved);
  // A new article gets its own address (and its preview, link and presence) once it exists.
  if (created && !dirty) location.replace(answer.editUrl!);
}

$('save').addEventListener('click', () => void save());
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') {
    e.preventDefault();
    void save();
  }
});
window.addEventListener('beforeunload', (e) => {
  if (dirty) e.preventDefault();
});

// The lead image: drop a file or choose one; click the picture to set its focal point.
const drop = $('drop');
const img = $<HTMLImageElement>('lead-img');
for (const type of ['dragenter', 'dragover'])
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer?.files[0];
  if (file) void upload(file);
});
$<HTMLInputElement>('f-image').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) void upload(file);
});

function showImage(id: string, src: string): void {
  $('lead-image').dataset.id = id;
  img.src = src;
  img.hidden = false;
  $('focal-hint').hidden = false;
  $('remove-image').hidden = false;
  changed();
}

async function upload(file: File): Promise<void> {
  setState(s.saving);
  const r = await post('/redaktion/bilder', file, file.type || 'application/octet-stream');
  const answer = (await r.json()) as { ok: boolean; id?: string; src?: string; message?: string };
  if (!answer.ok) {
    problem(answer.message);
    setState(s.unsaved);
    return;
  }
  problem(undefined);
  showImage(answer.id!, answer.src!);
  $('f-alt').focus();
}

img.addEventListener('click', (e) => void focalPoint(e));

async function focalPoint(e: MouseEvent): Promise<void> {
  const box = img.getBoundingClientRect();
  const x = Math.round(((e.clientX - box.left) / box.width) * 100);
  const y = Math.round(((e.clientY - box.top) / box.height) * 100);
  const dot = $('focal-dot');
  dot.hidden = false;
  dot.style.left = `${img.offsetLeft + (x / 100) * img.offsetWidth}px`;
  dot.style.top = `${img.offsetTop + (y / 100) * img.offsetHeight}px`;
  const r = await post('/redaktion/bilder/fokus', JSON.stringify({ id: $('lead-image').dataset.id, x, y }));
  const answer = (await r.json()) as { ok: boolean; id?: string; src?: string; message?: string };
  if (answer.ok) showImage(answer.id!, answer.src!);
  else problem(answer.message);
}
$('remove-image').addEventListener('click', () => {
  $('lead-image').dataset.id = '';
  img.hidden = true;
  $('focal-dot').hidden = true;
  $('focal-hint').hidden = true;
  $('remove-image').hidden = true;
  changed();
});

// Who else has the article open, every 20 seconds.
async function beat(): Promise<void> {
  if (!data.id) return;
  const r = await post(`/redaktion/artikel/${data.id}/anwesenheit`, '{}');
  if (!r.ok) return;
  const { others } = (await r.json()) as { others: string[] };
  const box = $('presence');
  box.hidden = others.length === 0;
  box.textContent = others.length ? s.alsoOpen.replace('{}', others.join(', ')) : '';
}
void beat();
setInterval(() => void beat(), 20_000);

document.getElementById('make-link')?.addEventListener('click', () => void previewLink());

async function previewLink(): Promise<void> {
  const r = await post(`/redaktion/artikel/${data.id}/vorschau-link`, '{}');
  const answer = (await r.json()) as { ok: boolean; url?: string; message?: string };
  if (!answer.ok) return problem(answer.message);
  $('link-out').hidden = false;
  const out = $<HTMLInputElement>('preview-url');
  out.value = answer.url!;
  out.select();
}

// The side panel's speech text: the paragraph at the cursor as Vorlesen will say it, asked for once the cursor rests.
let speechTimer: ReturnType<typeof setTimeout> | undefined;
let spokenFor = '';
function speechSoon(): void {
  clearTimeout(speechTimer);
  speechTimer = setTimeout(() => void showSpeech(), 700);
}

async function showSpeech(): Promise<void> {
  const block = view.state.selection.$from.parent;
  const text = block.isTextblock ? block.textContent : '';
  if (text === spokenFor) return;
  spokenFor = text;
  const out = $('speech-text');
  if (!text.trim()) {
    out.textContent = s.speechHint;
    return;
  }
  const r = await post('/redaktion/artikel/sprechtext', JSON.stringify({ text, language: value('f-language') }));
  const answer = (await r.json()) as { ok: boolean; spoken?: string[] };
  if (answer.ok && spokenFor === text) out.textContent = answer.spoken!.join(' ');
}
