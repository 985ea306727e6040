// The workflow's staff routes: an article's status page with its actions, one POST route per step (each with
// the permission it needs; the owner rule is checked in `act`), the revisions with their diff and restore.
import { getArticleById, parsePublicationDate, type Article, type CorrectionInput } from '../../article/index.ts';
import type { RequestContext, Route } from '../../kernel/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { formatDateTime } from '../../web/i18n.ts';
import type { NewsroomApp } from '../context.ts';
import { back, clientIp, navOf, staffForm } from '../http.ts';
import { problemPage, sm, staffPage } from '../page.ts';
import { staffOf } from '../principal.ts';
import { act, ActionRefused, type ActionInput, type Refusal } from './actions.ts';
import { ACTION_PATHS, articleBase, revisionsPath, statusPanel, statusPath, wm } from './panel.ts';
import { versionsOf, versionText, wordDiff } from './revisions.ts';
import { ACTIONS, mayAct, mayEdit, RULES, type Action } from './rules.ts';

const ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/** A datetime-local value read as Berlin time; undefined when empty, null when it is no time. */
export function berlinTime(value: string | null): Date | null | undefined {
  const v = (value ?? '').trim();
  if (!v) return undefined;
  if (!LOCAL_TIME.test(v)) return null;
  const parsed = parsePublicationDate(v);
  return typeof parsed === 'string' ? null : parsed.instant;
}

/** What a correction form (here, or the editor's save form) carries; undefined when it carries none. */
export function correctionOf(form: URLSearchParams): CorrectionInput | undefined {
  const note = (form.get('note') ?? '').trim().slice(0, 4000);
  const kind = form.get('kind') === 'update' ? 'update' : 'correction';
  if (!note) return undefined;
  return {
    kind,
    note,
    wrong: kind === 'correction' ? (form.get('wrong') ?? '').trim().slice(0, 2000) || undefined : undefined,
    substantive: kind === 'correction' && form.get('substantive') === '1',
  };
}

export function workflowRoutes(app: NewsroomApp): Route[] {
  function refusalText(ctx: RequestContext, r: Refusal): string {
    const m = wm(ctx);
    switch (r.reason) {
      case 'not-found':
        return m.notFound;
      case 'forbidden':
        return sm(ctx).forbidden;
      case 'wrong-state':
        return m.wrongState;
      case 'stale':
        return m.stale;
      case 'embargo':
        return m.embargoed(formatDateTime(r.until, ctx.locale));
      case 'no-time':
        return m.badTime;
      case 'past-time':
        return m.pastTime;
      case 'no-reason':
        return m.noReason;
      case 'no-correction':
        return m.noCorrectionText;
      case 'unknown-version':
        return m.unknownVersion;
    }
  }

  async function statusPage(ctx: RequestContext, article: Article, status = 200, problem?: string) {
    const p = staffOf(ctx);
    const m = wm(ctx);
    const main = html`<h1>${m.statusOf(article.headline)}</h1>
${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
${await statusPanel(app, ctx, p, article, statusPath(article.id))}`;
    return staffPage(app, ctx, m.statusOf(article.headline), main, { status, nav: navOf(app, ctx, p) });
  }

  const stepRoute = (action: Action): Route =>
    staffForm(
      app,
      new RegExp(`^/redaktion/artikel/${ID}/${ACTION_PATHS[action]}$`),
      RULES[action].need,
      async (ctx, p, f) => {
        const id = ctx.params[0]!;
        const input: ActionInput = {};
        const version = f.get('version') ?? '';
        if (/^\d{1,9}$/.test(version)) input.version = Number(version);
        const note = (f.get('note') ?? '').trim().slice(0, 2000);
        if (note && (action === 'return' || action === 'withdraw')) input.note = note;
        if (action === 'schedule') {
          const at = berlinTime(f.get('at'));
          const embargo = berlinTime(f.get('embargo'));
          if (at) input.scheduledAt = at;
          if (embargo === null) input.scheduledAt = undefined;
          input.embargoUntil = embargo ?? null;
          input.keepDate = f.get('keepDate') === '1';
        }
        if (action === 'correct') {
          const c = correctionOf(f);
          if (c) input.correction = c;
        }
        if (action === 'restore' && /^\d{1,9}$/.test(f.get('fassung') ?? ''))
          input.restoreVersion = Number(f.get('fassung'));
        let moved: Article;
        try {
          moved = await act(app, p, id, action, input, clientIp(app, ctx));
        } catch (err) {
          if (!(err instanceof ActionRefused)) throw err;
          const r = err.refusal;
          const article = r.status === 404 ? undefined : await getArticleById(app.db, id);
          if (!article) return problemPage(app, ctx, r.status, refusalText(ctx, r));
          return statusPage(ctx, article, r.status, refusalText(ctx, r));
        }
        // Back where the form was, unless that is the editor and the step took the article out of the person's hands.
        const asked = back(f.get('zurueck'));
        const target = asked === articleBase(id) && !mayEdit(p, moved) ? statusPath(id) : asked;
        return `${target}${target.includes('?') ? '&' : '?'}ok=${action}`;
      },
    );

  return [
    {
      method: 'GET',
      path: new RegExp(`^/redaktion/artikel/${ID}/status$`),
      need: 'articles.write',
      async handle(ctx) {
        const article = await getArticleById(app.db, ctx.params[0]!);
        return article ? statusPage(ctx, article) : problemPage(app, ctx, 404, wm(ctx).notFound);
      },
    },
    ...ACTIONS.map(stepRoute),
    {
      method: 'GET',
      path: new RegExp(`^/redaktion/artikel/${ID}/fassungen$`),
      need: 'articles.write',
      async handle(ctx) {
        const p = staffOf(ctx);
        const m = wm(ctx);
        const article = await getArticleById(app.db, ctx.params[0]!);
        if (!article) return problemPage(app, ctx, 404, m.notFound);
        const versions = await versionsOf(app.db, article);
        const q = ctx.url.searchParams;
        const pick = (name: string, fallback: number | undefined) => {
          const v = q.get(name);
          return v && /^\d{1,9}$/.test(v) ? Number(v) : fallback;
        };
        const from = pick('von', versions.at(-2)?.version);
        const to = pick('bis', versions.at(-1)?.version);
        const a = versions.find((v) => v.version === from);
        const b = versions.find((v) => v.version === to);
        const asked = q.has('von') || q.has('bis');
        let diff: SafeHtml | string = '';
        if (a && b) {
          const before = versionText(a.article);
          const after = versionText(b.article);
          diff = html`<h2>${m.diffOf(a.version, b.version)}</h2>${before === after ? html`<p>${m.noChange}</p>` : wordDiff(before, after, m)}`;
        }
        const restore = mayAct(p, 'restore', article) && RULES.restore.from.includes(article.state);
        const csrf = app.keys.formToken(p.sessionId);
        const options = (selected: number | undefined) =>
          versions.map(
            (v) =>
              html`<option value="${v.version}"${v.version === selected ? html` selected` : ''}>${v.version}</option>`,
          );
        const main = html`<h1>${m.revisionsOf(article.headline)}</h1>
${ctx.url.searchParams.get('ok') === 'restore' ? html`<p class="notice" role="status">${m.done.restore}</p>` : ''}
<p><a href="${statusPath(article.id)}">${m.state}: ${m.states[article.state]}</a></p>
${versions.length < 2 ? html`<p>${m.noRevisions}</p>` : ''}
<table class="staff-table"><thead><tr><th scope="col">${m.version}</th><th scope="col">${m.savedBy}</th><th scope="col">${m.savedAt}</th><th scope="col">${m.headlineColumn}</th>${restore ? html`<th scope="col"><span class="vh">${m.actions.restore}</span></th>` : ''}</tr></thead>
<tbody>${versions
          .slice()
          .reverse()
          .map(
            (v) =>
              html`<tr><td>${v.version}${v.current ? html` (${m.current})` : ''}</td><td>${v.by ?? '—'}</td><td>${v.at ? formatDateTime(v.at, ctx.locale) : '—'}</td><td>${v.article.headline}</td>${
                restore
                  ? html`<td>${v.current ? '' : html`<form method="post" action="${revisionsPath(article.id)}/wiederherstellen"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="version" value="${article.version}"><input type="hidden" name="fassung" value="${v.version}"><input type="hidden" name="zurueck" value="${revisionsPath(article.id)}"><button type="submit">${m.actions.restore} (${v.version})</button></form>`}</td>`
                  : ''
              }</tr>`,
          )}</tbody></table>
${
  versions.length > 1
    ? html`<form method="get" action="${revisionsPath(article.id)}" class="filter"><label for="von">${m.compareFrom}</label><select id="von" name="von">${options(from)}</select><label for="bis">${m.compareTo}</label><select id="bis" name="bis">${options(to)}</select><button type="submit">${m.compare}</button></form>`
    : ''
}
${asked && !(a && b) ? html`<p class="problem" role="alert">${m.unknownVersion}</p>` : diff}`;
        return staffPage(app, ctx, m.revisionsOf(article.headline), main, {
          status: asked && !(a && b) ? 404 : 200,
          nav: navOf(app, ctx, p),
        });
      },
    },
  ];
}
