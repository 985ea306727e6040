// The entity panel: accept or reject what Blattwerk recognised (pressing a pressed button takes the choice back),
// search entities by name and add one, or add a new name with its kind. The server answers with the list as it
// is now, rendered and escaped there.
import { $, answerOf, data, post, s, type Answer } from './net.ts';

export function entityPanel(): void {
  const list = document.getElementById('entity-list');
  if (!list || !data.id) return;
  const status = $('entity-status');

  async function send(path: string, body: unknown): Promise<void> {
    const answer = await answerOf<Answer & { html?: string }>(await post(path, JSON.stringify(body)));
    if (!answer.ok) {
      status.textContent = answer.message ?? '';
      return;
    }
    list!.innerHTML = answer.html!;
    status.textContent = s.entityDone!;
  }

  list.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-choice]');
    if (!b) return;
    const undo = b.getAttribute('aria-pressed') === 'true';
    const entity = b.dataset.entity!;
    void send(`/redaktion/artikel/${data.id}/entitaeten`, { entity, choice: undo ? '' : b.dataset.choice }).then(
      // The list was replaced: the same button of the same entity keeps the focus.
      () =>
        list
          .querySelector<HTMLButtonElement>(
            `button[data-entity="${CSS.escape(entity)}"][data-choice="${b.dataset.choice}"]`,
          )
          ?.focus(),
    );
  });

  const form = document.getElementById('entity-add') as HTMLFormElement | null;
  if (!form) return;
  const query = $<HTMLInputElement>('entity-query');
  const found = $('entity-found');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void search();
  });
  async function search(): Promise<void> {
    const r = await fetch(`/redaktion/entitaeten?q=${encodeURIComponent(query.value)}`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    const answer = await answerOf<Answer & { found?: { id: string; kind: string; name: string }[] }>(r);
    found.replaceChildren();
    if (!answer.ok) return void (status.textContent = answer.message ?? '');
    status.textContent = answer.found!.length ? '' : s.entityNothing!;
    for (const f of answer.found!) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = `${s.entityAdd!}: ${f.name} (${s[`kind_${f.kind}`] ?? f.kind})`;
      button.addEventListener('click', () => {
        found.replaceChildren();
        void send(`/redaktion/artikel/${data.id}/entitaeten`, { entity: f.id, choice: 'added' });
      });
      li.append(button);
      found.append(li);
    }
    found.querySelector('button')?.focus();
  }
  $('entity-new').addEventListener('click', () => {
    if (!query.value.trim()) return query.focus();
    void send(`/redaktion/artikel/${data.id}/entitaeten/neu`, {
      name: query.value,
      kind: $<HTMLSelectElement>('entity-kind').value,
    }).then(() => (query.value = ''));
  });
}
