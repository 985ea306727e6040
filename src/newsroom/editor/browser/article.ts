// The article's side of the editor: its fields, saving with `expectedVersion` (a stale save keeps the text and
// links the other version), the lead image (drop or choose, click for the focal point), presence and the
// preview link.
import type { EditorView } from 'prosemirror-view';
import { focusMissingAlt } from './figure.ts';
import { $, answerOf, data, post, problem, s, uploadImage, type Answer } from './net.ts';
import type { Saver } from './saving.ts';

const FIELDS = [
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
export const value = (id: string) => $<HTMLInputElement>(id).value;
const list = (id: string) =>
  value(id)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Whether autosave may go: a headline, and every picture of the body has its alt text. */
export const articleReady = (view: EditorView) => () => value('f-headline').trim() !== '' && !hasMissingAlt(view);

function hasMissingAlt(view: EditorView): boolean {
  let missing = false;
  view.state.doc.descendants((n) => {
    if (n.type.name === 'figure' && !String(n.attrs.alt).trim()) missing = true;
    return !missing;
  });
  return missing;
}

/** Sends the article; true when it was saved. */
export function articleWriter(view: EditorView, saver: () => Saver): () => Promise<boolean> {
  return async () => {
    if (focusMissingAlt(view)) {
      problem(s.altMissing);
      return false;
    }
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
    const answer = await answerOf<
      Answer & { otherVersion?: string; id?: string; version?: number; slug?: string; editUrl?: string }
    >(await post('/redaktion/artikel/speichern', JSON.stringify(payload)));
    if (!answer.ok) {
      problem(answer.message, answer.otherVersion ? { href: answer.otherVersion, text: s.otherVersion! } : undefined);
      return false;
    }
    problem(undefined);
    // A correction note goes with one save only.
    if (correction) for (const f of correction.querySelectorAll<HTMLTextAreaElement>('textarea')) f.value = '';
    const created = !data.id;
    data.id = answer.id!;
    data.version = answer.version!;
    if (!$<HTMLInputElement>('f-slug').readOnly) $<HTMLInputElement>('f-slug').value = answer.slug!;
    // A new article gets its own address (and its preview, link and presence) once it exists.
    if (created && !saver().dirty) location.replace(answer.editUrl!);
    return true;
  };
}

export function articleFields(saver: Saver): void {
  for (const id of FIELDS) $(id).addEventListener('input', () => saver.changed());
  leadImage(saver);
  void beat();
  setInterval(() => void beat(), 20_000);
  document.getElementById('make-link')?.addEventListener('click', () => void previewLink());
}

// The lead image: drop a file or choose one; click the picture to set its focal point.
function leadImage(saver: Saver): void {
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
    saver.changed();
  }

  async function upload(file: File): Promise<void> {
    const image = await uploadImage(file);
    if (!image) return;
    showImage(image.id, image.src);
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
    const answer = await answerOf<Answer & { id?: string; src?: string }>(r);
    if (answer.ok) showImage(answer.id!, answer.src!);
    else problem(answer.message);
  }
  $('remove-image').addEventListener('click', () => {
    $('lead-image').dataset.id = '';
    img.hidden = true;
    $('focal-dot').hidden = true;
    $('focal-hint').hidden = true;
    $('remove-image').hidden = true;
    saver.changed();
  });
}

// Who else has the article open, every 20 seconds.
async function beat(): Promise<void> {
  if (!data.id) return;
  const r = await post(`/redaktion/artikel/${data.id}/anwesenheit`, '{}');
  if (!r.ok) return;
  const { others } = (await r.json()) as { others: string[] };
  const box = $('presence');
  box.hidden = others.length === 0;
  box.textContent = others.length ? s.alsoOpen!.replace('{}', others.join(', ')) : '';
}

async function previewLink(): Promise<void> {
  const answer = await answerOf<Answer & { url?: string }>(
    await post(`/redaktion/artikel/${data.id}/vorschau-link`, '{}'),
  );
  if (!answer.ok) return problem(answer.message);
  $('link-out').hidden = false;
  const out = $<HTMLInputElement>('preview-url');
  out.value = answer.url!;
  out.select();
}
