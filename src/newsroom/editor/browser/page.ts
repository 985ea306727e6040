// A standing page (Impressum, Datenschutz, Kontakt, Über uns) in the editor: its title and body, saved as a whole.
import type { EditorView } from 'prosemirror-view';
import { $, answerOf, data, post, problem } from './net.ts';
import { saver, type Saver } from './saving.ts';

export function pageFields(view: EditorView): Saver {
  const title = $<HTMLInputElement>('f-title');
  const saving = saver(
    async () => {
      const answer = await answerOf(
        await post(`/redaktion/seiten/${data.id}`, JSON.stringify({ title: title.value, doc: view.state.doc.toJSON() })),
      );
      problem(answer.ok ? undefined : answer.message);
      return answer.ok;
    },
    () => title.value.trim() !== '',
  );
  title.addEventListener('input', () => saving.changed());
  return saving;
}
