// The status and actions of one article for the person looking: what state it is in, when it goes out, and one
// small form per step their role allows. The status page shows it now; the editor's page places it beside the
// text. Every form posts to its own route (with its `need`) and carries the form token and the version seen.
import { articlePath, berlinTimestamp, type Article } from '../../article/index.ts';
import type { RequestContext } from '../../kernel/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { formatDateTime } from '../../web/i18n.ts';
import { staffRowById } from '../accounts.ts';
import type { NewsroomApp } from '../context.ts';
import type { StaffPrincipal } from '../principal.ts';
import { workflowMessages, type WorkflowMessages } from './messages.ts';
import { ACTIONS, actionsFor, type Action } from './rules.ts';

/** Each step's path under /redaktion/artikel/<id>/. */
export const ACTION_PATHS: Record<Action, string> = {
  submit: 'einreichen',
  return: 'zurueckgeben',
  schedule: 'planen',
  unschedule: 'planung-aufheben',
  publish: 'veroeffentlichen',
  withdraw: 'zurueckziehen',
  republish: 'wiederveroeffentlichen',
  correct: 'korrektur',
  restore: 'fassungen/wiederherstellen',
};

export const articleBase = (id: string) => `/redaktion/artikel/${id}`;
export const statusPath = (id: string) => `${articleBase(id)}/status`;
export const revisionsPath = (id: string) => `${articleBase(id)}/fassungen`;

export function wm(ctx: RequestContext): WorkflowMessages {
  return workflowMessages[ctx.locale];
}

/** A time as a datetime-local value in Berlin ("2026-11-28T09:30:00"). */
export const berlinLocal = (at: Date) => berlinTimestamp(at).slice(0, 19);

/**
 * The fields of a correction or update note (kind, what was wrong, what is right, substantive); `correctionOf`
 * reads them back. The status page's form has them; the editor's save form can carry the same.
 */
export function correctionFields(m: WorkflowMessages, key: string): SafeHtml {
  const id = (name: string) => `${name}-${key}`;
  return html`<fieldset><legend>${m.kind}</legend>
<p><input type="radio" id="${id('kc')}" name="kind" value="correction" checked> <label for="${id('kc')}">${m.kindCorrection}</label></p>
<p><input type="radio" id="${id('ku')}" name="kind" value="update"> <label for="${id('ku')}">${m.kindUpdate}</label></p></fieldset>
<label for="${id('wrong')}">${m.wrong}</label><textarea id="${id('wrong')}" name="wrong" rows="2" maxlength="2000"></textarea>
<label for="${id('right')}">${m.right}</label><textarea id="${id('right')}" name="note" rows="3" maxlength="4000"></textarea>
<p><input type="checkbox" id="${id('subst')}" name="substantive" value="1" aria-describedby="${id('subst-hint')}"> <label for="${id('subst')}">${m.substantive}</label></p>
<p class="hint" id="${id('subst-hint')}">${m.substantiveHint}</p>`;
}

export async function statusPanel(
  app: NewsroomApp,
  ctx: RequestContext,
  p: StaffPrincipal,
  article: Article,
  /** Where the forms return to (the status page or the editor). */
  back: string,
): Promise<SafeHtml> {
  const m = wm(ctx);
  const when = (d: Date) => formatDateTime(d, ctx.locale);
  const actions = actionsFor(p, article).filter((a) => a !== 'restore');
  const hidden = html`<input type="hidden" name="csrf" value="${app.keys.formToken(p.sessionId)}"><input type="hidden" name="version" value="${article.version}"><input type="hidden" name="zurueck" value="${back}">`;
  const form = (action: Action, fields: SafeHtml | string = '', primary = false) =>
    html`<form method="post" action="${articleBase(article.id)}/${ACTION_PATHS[action]}" class="staff-form step-${action}">${hidden}${fields}<button type="submit"${primary ? html` class="primary"` : ''}>${m.actions[action]}</button></form>`;
  const id = (name: string) => `${name}-${article.id}`;
  const soon = berlinLocal(new Date(Math.ceil((Date.now() + 3600_000) / 900_000) * 900_000));
  const fields: Record<Action, () => SafeHtml> = {
    submit: () => form('submit', '', true),
    return: () =>
      form(
        'return',
        html`<label for="${id('note')}">${m.noteLabel}</label><textarea id="${id('note')}" name="note" rows="2" maxlength="2000"></textarea>`,
      ),
    schedule: () =>
      form(
        'schedule',
        html`<label for="${id('at')}">${m.timeLabel}</label><input id="${id('at')}" name="at" type="datetime-local" step="1" required value="${article.scheduledAt ? berlinLocal(article.scheduledAt) : soon}">
<label for="${id('embargo')}">${m.embargoLabel}</label><input id="${id('embargo')}" name="embargo" type="datetime-local" step="1" value="${article.embargoUntil ? berlinLocal(article.embargoUntil) : ''}" aria-describedby="${id('embargo-hint')}">
<p class="hint" id="${id('embargo-hint')}">${m.embargoHint}</p>
<p><input type="checkbox" id="${id('keep')}" name="keepDate" value="1"${article.keepDate ? html` checked` : ''}> <label for="${id('keep')}">${m.keepDate}</label></p>`,
        true,
      ),
    unschedule: () => form('unschedule'),
    publish: () => form('publish', '', !actions.includes('schedule')),
    withdraw: () =>
      form(
        'withdraw',
        html`<label for="${id('reason')}">${m.reasonLabel}</label><textarea id="${id('reason')}" name="note" rows="2" maxlength="2000" required></textarea>`,
      ),
    republish: () => form('republish'),
    correct: () => html`<h3>${m.correction}</h3>${form('correct', correctionFields(m, article.id))}`,
    restore: () => html``,
  };
  const owner =
    article.createdBy === null ? m.imported : ((await staffRowById(app.db, article.createdBy))?.email ?? '—');
  // A step's route sends the person back here with `?ok=<step>`: the panel says what happened, wherever it is.
  const done = ctx.url.searchParams.get('ok') ?? '';
  const notice = (ACTIONS as readonly string[]).includes(done) ? m.done[done as Action] : undefined;
  return html`<section class="workflow" aria-labelledby="${id('state')}">
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<h2 id="${id('state')}">${m.state}: <span class="state state-${article.state}">${m.states[article.state]}</span></h2>
<dl class="facts">
<dt>${m.owner}</dt><dd>${owner}</dd>
${article.scheduledAt && article.state === 'scheduled' ? html`<dt>${m.scheduledFor}</dt><dd><time datetime="${article.scheduledAt.toISOString()}">${when(article.scheduledAt)}</time></dd>` : ''}
${article.embargoUntil ? html`<dt>${m.embargoUntil}</dt><dd><time datetime="${article.embargoUntil.toISOString()}">${when(article.embargoUntil)}</time></dd>` : ''}
${article.stateNote ? html`<dt>${m.note}</dt><dd>${article.stateNote}</dd>` : ''}
</dl>
<p>${article.state === 'published' ? html`<a href="${ctx.href(articlePath(article))}">${m.view}</a> · ` : ''}<a href="${revisionsPath(article.id)}">${m.revisions}</a></p>
${actions.length ? actions.map((a) => fields[a]()) : html`<p>${m.nothingToDo}</p>`}
</section>`;
}
