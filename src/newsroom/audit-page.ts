// /redaktion/protokoll: administrators read the audit log, filtered by person, action and days (Europe/Berlin),
// each entry's details as words (audit-messages.ts), escaped like every text. `blattwerk audit` prints the same rows.
import { getArticlesByIds, parsePublicationDate } from '../article/index.ts';
import type { RequestContext, Route } from '../kernel/index.ts';
import { html } from '../web/html.ts';
import { formatDateTime } from '../web/i18n.ts';
import { listStaff } from './accounts.ts';
import { auditMessages, type AuditMessages } from './audit-messages.ts';
import { listAudit, type AuditRow } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { navOf } from './http.ts';
import { staffMessages } from './messages.ts';
import { sm, staffPage } from './page.ts';
import { staffOf } from './principal.ts';
import { isRole } from './roles.ts';
import { workflowMessages } from './workflow/messages.ts';
import { statusPath } from './workflow/panel.ts';

const PAGE_SIZE = 100;
/**
 * Detail values that are codes (a sign-in method, a correction's kind, an entity choice), said in words; others are
 * shown as given.
 */
const CODED = new Set(['method', 'kind', 'refused', 'link', 'choice']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;

/** An entry's details as one line of words, e.g. "Rolle: Mitarbeit → Redaktion" or "Weg: Passwort und Code". */
export function auditDetailText(row: AuditRow, locale: 'de' | 'en'): string {
  const a = auditMessages[locale];
  const staff = staffMessages[locale];
  const roles = staff.roles;
  const d = row.detail;
  if (!d) return '';
  const states: Record<string, string> = workflowMessages[locale].states;
  const role = (v: unknown) => (typeof v === 'string' && isRole(v) ? roles[v] : String(v));
  const state = (v: unknown) => (typeof v === 'string' ? (states[v] ?? v) : String(v));
  if (row.action === 'staff.role') return `${a.fields.role}: ${role(d.from)} → ${role(d.to)}`;
  if (row.action === 'setting.change' && row.subject === 'require2fa') return `${a.require2fa}: ${value(a, d.value)}`;
  const article = row.action.startsWith('article.');
  if (article && typeof d.from === 'string' && typeof d.to === 'string') {
    // A workflow step reads "Entwurf → In Prüfung", then its other details.
    const { from, to, ...rest } = d;
    const others = auditDetailText({ ...row, detail: rest }, locale);
    return [`${state(from)} → ${state(to)}`, others].filter(Boolean).join('; ');
  }
  return (
    Object.entries(d)
      // An empty field of an article step (no embargo) says nothing; a setting's empty value means its default.
      .filter(([, v]) => !(article && (v === '' || v === null)))
      .map(([k, v]) => {
        const shown =
          k === 'role' || k === 'to' || k === 'from'
            ? role(v)
            : k === 'voice' && typeof v === 'string'
              ? staff.voiceLabel(v)
              : k === 'language' && (v === 'de' || v === 'en')
                ? staff.languages[v]
                : Array.isArray(v)
                  ? v.map((x) => value(a, x, CODED.has(k))).join(', ')
                  : typeof v === 'string' && ISO_TIME.test(v)
                    ? formatDateTime(new Date(v), locale)
                    : value(a, v, CODED.has(k));
        return `${a.fields[k] ?? k}: ${shown}`;
      })
      .join('; ')
  );
}

function value(a: AuditMessages, v: unknown, coded = false): string {
  if (typeof v === 'boolean' || v === '') return a.values[String(v)]!;
  if (typeof v === 'string') return coded ? (a.values[v] ?? v) : v;
  if (typeof v === 'number') return String(v);
  return v === null || v === undefined ? '' : JSON.stringify(v);
}

/** A YYYY-MM-DD day's start in Berlin, `next` the day after's; undefined for empty, null for no such day. */
function dayStart(text: string | null, next = false): string | null | undefined {
  const v = (text ?? '').trim();
  if (!v) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  const day = next ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + 1)).toISOString().slice(0, 10) : v;
  const parsed = parsePublicationDate(day);
  return typeof parsed === 'string' ? null : parsed.instant.toISOString();
}

export function auditRoute(app: NewsroomApp): Route {
  return {
    method: 'GET',
    path: /^\/redaktion\/protokoll$/,
    need: 'audit.read',
    async handle(ctx: RequestContext) {
      const p = staffOf(ctx);
      const m = sm(ctx);
      const a = auditMessages[ctx.locale];
      const q = ctx.url.searchParams;
      const actorFilter = q.get('wer')?.trim() || undefined;
      const action = q.get('aktion')?.trim() || undefined;
      const before = /^\d{1,15}$/.test(q.get('vor') ?? '') ? Number(q.get('vor')) : undefined;
      const since = dayStart(q.get('von'));
      const until = dayStart(q.get('bis'), true);
      const badDay = since === null || until === null;
      const rows = badDay
        ? []
        : await listAudit(app.db, {
            actor: actorFilter,
            action,
            before,
            ...(since ? { since } : {}),
            ...(until ? { until } : {}),
            limit: PAGE_SIZE,
          });
      const staff = await listStaff(app.db);
      const names = new Map(staff.map((s) => [s.id, s.email]));
      // An article step's subject is the article: its headline, linked to its status, reads better than an id.
      const articleIds = [
        ...new Set(rows.flatMap((r) => (r.action.startsWith('article.') && r.subject ? [r.subject] : []))),
      ];
      const articles = new Map((await getArticlesByIds(app.db, articleIds)).map((x) => [x.id, x.headline]));
      const subject = (action: string, id: string | null) => {
        if (!id) return '';
        if (action === 'page.change') return html`<a href="/redaktion/seiten/${id}">/${id}</a>`;
        const headline = articles.get(id);
        return headline ? html`<a href="${statusPath(id)}">${headline}</a>` : (names.get(id) ?? id);
      };
      const kept = Object.fromEntries(
        (['wer', 'aktion', 'von', 'bis'] as const).flatMap((k) => (q.get(k)?.trim() ? [[k, q.get(k)!.trim()]] : [])),
      );
      const more = new URLSearchParams(kept);
      if (rows.length === PAGE_SIZE) more.set('vor', String(rows.at(-1)!.id));
      const main = html`<h1>${m.audit}</h1>
<p>${m.auditIntro}</p>
<form method="get" action="/redaktion/protokoll" class="filter">
<label for="wer">${m.who}</label><select id="wer" name="wer"><option value="">${m.allActions}</option>${staff.map(
        (s) => html`<option value="${s.id}"${s.id === actorFilter ? html` selected` : ''}>${s.email}</option>`,
      )}</select>
<label for="aktion">${m.action}</label><select id="aktion" name="aktion"><option value="">${m.allActions}</option>${Object.entries(
        a.actions,
      ).map(
        ([code, label]) => html`<option value="${code}"${code === action ? html` selected` : ''}>${label}</option>`,
      )}</select>
<label for="von">${a.since}</label><input id="von" name="von" type="date" value="${kept.von ?? ''}">
<label for="bis">${a.until}</label><input id="bis" name="bis" type="date" value="${kept.bis ?? ''}">
<button type="submit">${m.filter}</button></form>
${badDay ? html`<p class="problem" role="alert">${a.badDay}</p>` : ''}
${
  rows.length
    ? html`<table class="audit"><thead><tr><th scope="col">${m.when}</th><th scope="col">${m.who}</th><th scope="col">${m.what}</th><th scope="col">${m.subject}</th><th scope="col">${m.address}</th><th scope="col">${m.details}</th></tr></thead><tbody>${rows.map(
        (r) =>
          html`<tr><td>${formatDateTime(new Date(r.at), ctx.locale)}</td><td>${r.actor}</td><td>${a.actions[r.action] ?? r.action}</td><td>${subject(r.action, r.subject)}</td><td>${r.ip ?? ''}</td><td>${auditDetailText(r, ctx.locale)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${m.noEntries}</p>`
}
${more.has('vor') ? html`<p><a href="/redaktion/protokoll?${more.toString()}">${m.older}</a></p>` : ''}`;
      return staffPage(app, ctx, m.audit, main, { nav: navOf(app, ctx, p) });
    },
  };
}
