// A standing page's side of the editor: its title and saving with `expectedVersion` (a stale save keeps the text
// and links the saved page). Pages hold no pictures, authors or topics.
import type { EditorView } from 'prosemirror-view';
import { $, answerOf, data, post, problem, s, type Answer } from './net.ts';
import type { Saver } from './saving.ts';

const title = () => $<HTMLTextAreaElement>('f-title').value;

/** Whether autosave may go: the page has a title. */
export const pageReady = () => title().trim() !== '';

/** Sends the page; true when it was saved. */
export function pageWriter(view: EditorView): () => Promise<boolean> {
  return async () => {
    const payload = { expectedVersion: data.version, title: title(), doc: view.state.doc.toJSON() as unknown };
    const answer = await answerOf<Answer & { otherVersion?: string; version?: number }>(
      await post(`/redaktion/seiten/${data.page!}/speichern`, JSON.stringify(payload)),
    );
    if (!answer.ok) {
      problem(answer.message, answer.otherVersion ? { href: answer.otherVersion, text: s.otherVersion! } : undefined);
      return false;
    }
    problem(undefined);
    data.version = answer.version!;
    return true;
  };
}

export function pageFields(saver: Saver): void {
  $('f-title').addEventListener('input', () => saver.changed());
}
