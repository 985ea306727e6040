// A picture in the body: the image, its required alt text and its credit as fields beside the text, and the
// caption as the editable content. Images come in by the toolbar's file picker, by dropping or pasting a file
// into the text; each goes through the lead image's upload route (the image ingest) before it is inserted.
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';
import { schema } from '../schema.ts';
import { s, uploadImage } from './net.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'];

function field(label: string, value: string, required: boolean): [HTMLLabelElement, HTMLInputElement] {
  const wrap = document.createElement('label');
  wrap.className = 'field';
  const span = document.createElement('span');
  span.textContent = label;
  const input = document.createElement('input');
  input.value = value;
  input.required = required;
  wrap.append(span, input);
  return [wrap, input];
}

export class FigureView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private img: HTMLImageElement;
  private alt: HTMLInputElement;
  private credit: HTMLInputElement;
  private fields: HTMLElement;
  private node: PMNode;
  private view: EditorView;
  private getPos: () => number | undefined;

  constructor(node: PMNode, view: EditorView, getPos: () => number | undefined) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    this.dom = document.createElement('figure');
    this.dom.className = 'body-figure';
    this.img = document.createElement('img');
    this.fields = document.createElement('div');
    this.fields.className = 'figure-fields';
    this.fields.contentEditable = 'false';
    const [altField, alt] = field(s.figureAlt!, '', true);
    const [creditField, credit] = field(s.figureCredit!, '', false);
    [this.alt, this.credit] = [alt, credit];
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link-button';
    remove.textContent = s.figureRemove!;
    remove.addEventListener('click', () => {
      const pos = this.getPos();
      if (pos !== undefined) this.view.dispatch(this.view.state.tr.delete(pos, pos + this.node.nodeSize));
      this.view.focus();
    });
    const captionLabel = document.createElement('p');
    captionLabel.className = 'figure-caption-label';
    captionLabel.textContent = s.figureCaption!;
    this.fields.append(altField, creditField, remove, captionLabel);
    this.contentDOM = document.createElement('figcaption');
    this.dom.append(this.img, this.fields, this.contentDOM);
    for (const [input, attr] of [
      [alt, 'alt'],
      [credit, 'credit'],
    ] as const)
      input.addEventListener('input', () => {
        const pos = this.getPos();
        if (pos !== undefined) this.view.dispatch(this.view.state.tr.setNodeAttribute(pos, attr, input.value));
      });
    this.show(node);
  }

  private show(node: PMNode): void {
    this.node = node;
    this.dom.dataset.image = String(node.attrs.id);
    this.img.src = String(node.attrs.src);
    this.img.alt = String(node.attrs.alt);
    for (const [input, value] of [
      [this.alt, String(node.attrs.alt)],
      [this.credit, String(node.attrs.credit)],
    ] as const)
      if (document.activeElement !== input) input.value = value;
    this.alt.setAttribute('aria-invalid', String(!String(node.attrs.alt).trim()));
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    this.show(node);
    return true;
  }

  /** The fields are ordinary inputs: ProseMirror leaves their events and changes alone. */
  stopEvent(e: Event): boolean {
    return this.fields.contains(e.target as Node);
  }

  ignoreMutation(m: MutationRecord | { type: 'selection'; target: Node }): boolean {
    return m.type !== 'selection' && !this.contentDOM.contains(m.target);
  }
}

/** Uploads a picked, dropped or pasted file and inserts it as a figure at `pos` (the selection when undefined). */
export async function insertImageFile(view: EditorView, file: File, pos?: number): Promise<void> {
  const image = await uploadImage(file);
  if (!image) return;
  const figure = schema.nodes.figure.create({ id: image.id, src: image.src, alt: '', credit: '' });
  const tr = pos === undefined ? view.state.tr.replaceSelectionWith(figure) : view.state.tr.insert(pos, figure);
  view.dispatch(tr.scrollIntoView());
  focusMissingAlt(view);
}

/** The first figure without alt text: its field gets the focus; true when there was one (a save must wait). */
export function focusMissingAlt(view: EditorView): boolean {
  let found: number | undefined;
  view.state.doc.descendants((n, pos) => {
    if (found === undefined && n.type === schema.nodes.figure && !String(n.attrs.alt).trim()) found = pos;
    return found === undefined;
  });
  if (found === undefined) return false;
  const dom = view.nodeDOM(found);
  (dom as HTMLElement | null)?.querySelector<HTMLInputElement>('input[required]')?.focus();
  return true;
}

/** The image files of a drop or paste, if any. */
export function imageFiles(list: FileList | undefined | null): File[] {
  return [...(list ?? [])].filter((f) => IMAGE_TYPES.includes(f.type));
}
