// "Meinten Sie …?": when nothing is found, each searched word that is not among the indexed headline, kicker and
// lead words is replaced by the closest that is (edit distance 1 for short words, 2 for longer; candidates share
// the first two letters and nearly the length, so a typo in the first two letters finds nothing). The
// suggestion is offered only if it finds something.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ParsedQuery, Phrase } from './query.ts';

const MAX_CANDIDATES = 2000;

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

async function closestWord(db: Kysely<Database>, word: string): Promise<string | undefined> {
  const lower = word.toLowerCase();
  if (lower.length < 4 || lower.length > 30) return undefined;
  const rows = await db
    .selectFrom('search_words')
    .select(['word', 'uses'])
    .where('head', '=', lower.slice(0, 2))
    .where('length', '>=', lower.length - 2)
    .where('length', '<=', lower.length + 2)
    .orderBy('uses', 'desc')
    .limit(MAX_CANDIDATES)
    .execute();
  if (rows.some((r) => r.word === lower)) return undefined;
  const allowed = lower.length <= 5 ? 1 : 2;
  let best: { word: string; distance: number } | undefined;
  for (const r of rows) {
    const distance = editDistance(lower, r.word);
    if (distance <= allowed && (!best || distance < best.distance)) best = { word: r.word, distance };
  }
  return best?.word;
}

/** The query as a reader would type it. */
export function queryText(q: ParsedQuery): string {
  const phrase = (p: Phrase) => (p.length === 1 ? (p[0] ?? '') : `"${p.join(' ')}"`);
  return [...q.all.map((group) => group.map(phrase).join(' OR ')), ...q.none.map((p) => `-${phrase(p)}`)].join(' ');
}

export async function suggestSpelling(
  db: Kysely<Database>,
  q: ParsedQuery,
  finds: (other: ParsedQuery) => Promise<boolean>,
): Promise<string | undefined> {
  let changed = false;
  const all: Phrase[][] = [];
  for (const group of q.all) {
    const next: Phrase[] = [];
    for (const phrase of group) {
      const words: string[] = [];
      for (const w of phrase) {
        const better = await closestWord(db, w);
        if (better) changed = true;
        words.push(better ?? w);
      }
      next.push(words);
    }
    all.push(next);
  }
  if (!changed) return undefined;
  const other = { all, none: q.none };
  return (await finds(other)) ? queryText(other) : undefined;
}
