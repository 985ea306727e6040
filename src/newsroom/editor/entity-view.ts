// The editor's panel of the people, places and organisations Blattwerk recognised in the article, with accept
// and reject per entity and a way to add one. Rendered here only (the script swaps in the list the server sends
// after each choice), escaped by the `html` template like every page.
import type { ReviewedEntity } from '../../follow/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { EditorMessages } from './messages.ts';

/** The list; buttons only for those who may decide (Redaktion and above). */
export function entityList(m: EditorMessages, entities: ReviewedEntity[], mayDecide: boolean): SafeHtml {
  if (!entities.length) return html`<li class="hint">${m.entities.none}</li>`;
  return html`${entities.map((e) => {
    const state = e.choice ? m.entities.choices[e.choice] : e.status === 'proposed' ? m.entities.proposed : '';
    const button = (choice: 'accepted' | 'rejected', label: string) =>
      html`<button type="button" class="secondary" data-entity="${e.id}" data-choice="${choice}" aria-pressed="${String(e.choice === choice || (choice === 'accepted' && e.choice === 'added'))}" aria-label="${label}: ${e.name}">${label}</button>`;
    return html`<li class="entity${e.choice === 'rejected' ? ' rejected' : ''}"><span class="entity-name">${e.name}</span> <span class="entity-meta">${m.entities.kinds[e.kind]}${e.mentions ? ` · ${e.mentions}×` : ''}${state ? ` · ${state}` : ''}</span>${mayDecide ? html`<span class="entity-actions">${button('accepted', m.entities.accept)} ${button('rejected', m.entities.reject)}</span>` : ''}</li>`;
  })}`;
}

export function entityPanel(m: EditorMessages, entities: ReviewedEntity[] | undefined, mayDecide: boolean): SafeHtml {
  const e = m.entities;
  return html`<section class="panel entities" id="entities" aria-labelledby="entities-h">
<h2 id="entities-h">${e.title}</h2>
${
  entities === undefined
    ? html`<p class="hint">${e.saveFirst}</p>`
    : html`<p class="hint" id="entities-hint">${e.hint}</p>
<ul class="entity-list" id="entity-list" aria-describedby="entities-hint">${entityList(m, entities, mayDecide)}</ul>
<p id="entity-status" class="hint" role="status" aria-live="polite"></p>
${
  mayDecide
    ? html`<form id="entity-add" class="entity-add">
<label class="field"><span>${e.add}</span><input id="entity-query" name="q" autocomplete="off" maxlength="120"></label>
<p class="entity-add-actions"><button type="submit" class="secondary">${e.search}</button></p>
<ul id="entity-found" class="entity-found" aria-label="${e.found}"></ul>
<label class="field"><span>${e.kind}</span><select id="entity-kind">${(['person', 'place', 'organisation'] as const).map((k) => html`<option value="${k}">${e.kinds[k]}</option>`)}</select></label>
<p><button type="button" id="entity-new" class="secondary">${e.addNew}</button></p>
</form>`
    : ''
}`
}
</section>`;
}
