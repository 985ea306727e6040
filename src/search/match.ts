// Whether one article matches a query, decided in memory from the article as it is now, not from the index:
// follow-a-search delivery may run before the index handler has seen the article. Same terms, same rules
// (phrases within one field, every group, no exclusion) as the databases.
import type { Article } from '../article/index.ts';
import { searchDocument } from './document.ts';
import type { TermPhrase, TermQuery } from './query.ts';

/** Each term's positions; fields are separated by a gap, so a phrase never spans two. */
function positions(article: Article): Map<string, number[]> {
  const doc = searchDocument(article);
  const map = new Map<string, number[]>();
  let at = 0;
  for (const field of [doc.headline, doc.lead, doc.body, doc.captions]) {
    for (const t of field) {
      const list = map.get(t);
      if (list) list.push(at);
      else map.set(t, [at]);
      at++;
    }
    at++;
  }
  return map;
}

function hasPhrase(map: Map<string, number[]>, phrase: TermPhrase): boolean {
  const [first, ...rest] = phrase;
  const starts = first === undefined ? undefined : map.get(first);
  if (!starts) return false;
  return starts.some((s) => rest.every((t, i) => map.get(t)?.includes(s + i + 1) ?? false));
}

export function articleMatches(article: Article, q: TermQuery): boolean {
  if (q.all.length === 0) return false;
  const map = positions(article);
  return (
    q.all.every((alts) => alts.some((p) => hasPhrase(map, p))) &&
    !q.none.some((alts) => alts.some((p) => hasPhrase(map, p)))
  );
}
