// The dashboard's article lists: drafts, in review, scheduled (soonest first), recently published and withdrawn,
// filtered by author, topic and words of the headline. Each item leads to the article's page in the staff area.
import type { Kysely } from 'kysely';
import { listByState, type Article, type ArticleState } from '../../article/index.ts';
import type { RequestContext } from '../../kernel/index.ts';
import type { Database } from '../../store/schema.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { formatDateTime } from '../../web/i18n.ts';
import { articleBase, statusPath, wm } from './panel.ts';

const LIST_SIZE = 25;

/** Where a headline in the lists leads: the editor's page for the article. */
export const editPath = (id: string) => articleBase(id);

export async function dashboardLists(db: Kysely<Database>, ctx: RequestContext): Promise<SafeHtml> {
  const m = wm(ctx);
  const q = ctx.url.searchParams;
  const filter = {
    author: q.get('autor')?.trim().slice(0, 200) || undefined,
    topic: q.get('thema')?.trim().slice(0, 200) || undefined,
    headline: q.get('q')?.trim().slice(0, 200) || undefined,
  };
  const [authors, topics] = await Promise.all([
    db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    db.selectFrom('topics').select(['slug', 'name']).orderBy('name').execute(),
  ]);
  const lists: { heading: string; id: string; states: ArticleState[] }[] = [
    { heading: m.states.draft, id: 'entwuerfe', states: ['draft'] },
    { heading: m.inReview, id: 'pruefung', states: ['review'] },
    { heading: m.scheduled, id: 'geplant', states: ['scheduled'] },
    { heading: m.recentlyPublished, id: 'veroeffentlicht', states: ['published'] },
    { heading: m.withdrawn, id: 'zurueckgezogen', states: ['withdrawn'] },
  ];
  const found = await Promise.all(lists.map((l) => listByState(db, { ...filter, states: l.states, limit: LIST_SIZE })));
  const when = (a: Article) =>
    a.state === 'scheduled' && a.scheduledAt
      ? formatDateTime(a.scheduledAt, ctx.locale)
      : formatDateTime(a.updatedAt ?? a.published.instant, ctx.locale);
  const select = (name: string, label: string, options: { slug: string; name: string }[], value?: string) =>
    html`<label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">${m.all}</option>${options.map(
      (o) => html`<option value="${o.slug}"${o.slug === value ? html` selected` : ''}>${o.name}</option>`,
    )}</select>`;
  return html`<form method="get" action="/redaktion" class="filter" role="search">
${select('autor', m.author, authors, filter.author)}
${select('thema', m.topic, topics, filter.topic)}
<label for="f-q">${m.headline}</label><input id="f-q" name="q" type="search" value="${filter.headline ?? ''}">
<button type="submit">${m.filter}</button></form>
${lists.map(
  (
    l,
    i,
  ) => html`<section aria-labelledby="liste-${l.id}"><h2 id="liste-${l.id}">${l.heading} (${found[i]!.length}${found[i]!.length === LIST_SIZE ? '+' : ''})</h2>
${
  found[i]!.length
    ? html`<ul class="article-list">${found[i]!.map(
        (a) =>
          html`<li><a href="${editPath(a.id)}">${a.headline}</a> <span class="item-meta">${a.authors.map((x) => x.name).join(', ')}${a.authors.length ? ' · ' : ''}${when(a)}</span> <a class="item-meta" href="${statusPath(a.id)}">${m.state}</a></li>`,
      )}</ul>`
    : html`<p>${m.none}</p>`
}</section>`,
)}`;
}
