// HTML of the search page: the form with its filters, the ranked results with highlighted snippets, the pages,
// and the empty result that points somewhere. Everything goes through `html`, so a snippet is text with <mark>s.
import { articlePath, parsePublicationDate } from '../article/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { formatPublicationDate, localePath, type Locale } from '../web/i18n.ts';
import type { SearchHit, SearchResults } from './index.ts';
import type { SearchPageMessages } from './page-messages.ts';

/** What the reader asked for, as the form's fields (the page's query string) hold it. */
export interface SearchForm {
  q: string;
  topic: string;
  author: string;
  entity: string;
  from: string;
  to: string;
  language: '' | 'de' | 'en';
  page: number;
}

export interface FilterChoices {
  topics: { slug: string; name: string }[];
  authors: { slug: string; name: string }[];
  entities: { id: string; name: string }[];
}

/** A named page to go to instead: a close topic, person, place or organisation. */
export interface Nearby {
  name: string;
  path: string;
}

const PARAMS: Record<Exclude<keyof SearchForm, 'page'>, string> = {
  q: 'q',
  topic: 'thema',
  author: 'autor',
  entity: 'wer',
  from: 'von',
  to: 'bis',
  language: 'sprache',
};

/** The query string of a search, without empty fields (and without page 1). */
export function searchHref(base: string, f: SearchForm, page = 1): string {
  const params = new URLSearchParams();
  for (const [field, name] of Object.entries(PARAMS) as [keyof typeof PARAMS, string][])
    if (f[field]) params.set(name, f[field]);
  if (page > 1) params.set('seite', String(page));
  return `${base}?${params.toString()}`;
}

export { PARAMS as SEARCH_PARAMS };

function select(
  name: string,
  id: string,
  label: string,
  any: string,
  current: string,
  options: { value: string; name: string }[],
): SafeHtml {
  return html`<p><label for="${id}">${label}</label>
<select id="${id}" name="${name}"><option value="">${any}</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.name}</option>`,
  )}</select></p>`;
}

/** The big search box and its filters: a GET form, so it works without JavaScript and every result has a URL. */
export function searchForm(base: string, f: SearchForm, choices: FilterChoices, m: SearchPageMessages): SafeHtml {
  const filtered = Boolean(f.topic || f.author || f.entity || f.from || f.to || f.language);
  return html`<form class="search-form" method="get" action="${base}" role="search" aria-label="${m.formLabel}">
<p class="search-box"><label for="suche-seite-q">${m.searchLabel}</label>
<input id="suche-seite-q" type="search" name="q" value="${f.q}" maxlength="500" autocomplete="off" enterkeyhint="search" aria-describedby="suche-hilfe">
<button>${m.submit}</button></p>
<p id="suche-hilfe" class="search-help">${m.help}</p>
<details class="search-filters"${filtered ? html` open` : ''}><summary>${m.filters}</summary>
<div class="filter-grid">
${select(
  'thema',
  'suche-thema',
  m.topic,
  m.any,
  f.topic,
  choices.topics.map((t) => ({ value: t.slug, name: t.name })),
)}
${select(
  'autor',
  'suche-autor',
  m.author,
  m.any,
  f.author,
  choices.authors.map((a) => ({ value: a.slug, name: a.name })),
)}
${select(
  'wer',
  'suche-wer',
  m.entity,
  m.any,
  f.entity,
  choices.entities.map((e) => ({ value: e.id, name: e.name })),
)}
${select('sprache', 'suche-sprache', m.language, m.any, f.language, [
  { value: 'de', name: m.languages.de },
  { value: 'en', name: m.languages.en },
])}
<fieldset class="period"><legend>${m.period}</legend>
<p><label for="suche-von">${m.from}</label> <input id="suche-von" type="date" name="von" value="${f.from}"></p>
<p><label for="suche-bis">${m.to}</label> <input id="suche-bis" type="date" name="bis" value="${f.to}"></p>
</fieldset>
</div>
<p><button>${m.apply}</button>${filtered ? html` <a href="${searchHref(base, { ...f, topic: '', author: '', entity: '', from: '', to: '', language: '' })}">${m.clear}</a>` : ''}</p>
</details>
</form>`;
}

function snippet(hit: SearchHit): SafeHtml {
  return html`<p class="snippet">${hit.snippet.map((s) => (s.hit ? html`<mark>${s.text}</mark>` : s.text))}</p>`;
}

function hitDate(hit: SearchHit, locale: Locale): SafeHtml {
  const date = parsePublicationDate(hit.date);
  if (typeof date === 'string') return html``;
  return html`<p class="dateline"><time datetime="${hit.date}">${formatPublicationDate(date, locale)}</time></p>`;
}

export function resultList(results: SearchResults, locale: Locale, m: SearchPageMessages): SafeHtml {
  return html`<ol class="results" aria-label="${m.results}" start="${(results.page - 1) * results.perPage + 1}">
${results.hits.map(
  (hit) => html`<li><article class="result" lang="${hit.language}">
${hit.kicker ? html`<p class="kicker">${hit.kicker}</p>` : ''}<h2><a href="${localePath(locale, articlePath(hit))}">${hit.headline}</a></h2>
${hitDate(hit, locale)}
${snippet(hit)}
</article></li>
`,
)}</ol>`;
}

export function pager(base: string, f: SearchForm, pages: number, m: SearchPageMessages): SafeHtml {
  if (pages <= 1) return html``;
  return html`<nav class="pages" aria-label="${m.results}">
${f.page > 1 ? html`<a rel="prev" href="${searchHref(base, f, f.page - 1)}">${m.previous}</a>` : ''}
<span>${m.pageOf(f.page, pages)}</span>
${f.page < pages ? html`<a rel="next" href="${searchHref(base, f, f.page + 1)}">${m.next}</a>` : ''}
</nav>`;
}

/** No hits: the engine's spelling suggestion, close topics and people, and what else to try. */
export function emptyResult(
  base: string,
  f: SearchForm,
  suggestion: string | undefined,
  topics: Nearby[],
  people: Nearby[],
  m: SearchPageMessages,
): SafeHtml {
  const list = (items: Nearby[]) =>
    html`<ul class="nearby">${items.map((i) => html`<li><a href="${i.path}">${i.name}</a></li>`)}</ul>`;
  return html`<div class="empty" role="status"><p><strong>${m.nothing(f.q)}</strong></p>
${suggestion ? html`<p class="did-you-mean">${m.didYouMean} <a href="${searchHref(base, { ...f, q: suggestion })}">${suggestion}</a>?</p>` : ''}
</div>
${topics.length ? html`<p>${m.tryTopics}</p>${list(topics)}` : ''}
${people.length ? html`<p>${m.tryPeople}</p>${list(people)}` : ''}
<p>${m.tips}</p>`;
}
