// The query as people type it: words (all must match), "a phrase", -exclude, OR (also ODER) between two words or
// phrases. One linear pass, no regular expression over the input; syntax characters of SQL or FTS5 are only
// separators here, and terms reach the databases as bound parameters, never as SQL.
import { searchMessages, type QueryProblem } from './messages.ts';
import { queryTerms, term, words, type SearchLanguage } from './text.ts';

/**
 * A query the search refuses (HTTP 400). `problem` names what was wrong; callers say it in the reader's language
 * with `searchMessages[locale].queryError`. The message is the English text, for logs.
 */
export class QueryError extends Error {
  readonly problem: QueryProblem;
  constructor(problem: QueryProblem) {
    super(searchMessages.en.queryError(problem));
    this.problem = problem;
  }
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_WORDS = 16;

/** A word or phrase as typed, cut into words; a hyphenated "Ukraine-Krieg" is a phrase of two. */
export type Phrase = string[];

export interface ParsedQuery {
  /** Every group must match; a group matches when one of its phrases does (OR). */
  all: Phrase[][];
  /** No article containing one of these matches. */
  none: Phrase[];
}

interface Chunk {
  words: string[];
  negated: boolean;
  or: boolean;
}

const isSpace = (c: string): boolean =>
  c <= ' ' || c === '\u00a0' || c === '\u3000' || (c >= '\u2000' && c <= '\u200b');

function wordsOf(text: string): string[] {
  return words(text).map((w) => text.slice(w.start, w.end));
}

function chunks(q: string): Chunk[] {
  const out: Chunk[] = [];
  let i = 0;
  while (i < q.length) {
    if (isSpace(q[i] ?? '')) {
      i++;
      continue;
    }
    const negated = q[i] === '-' && i + 1 < q.length && !isSpace(q[i + 1] ?? '');
    if (negated) i++;
    if (q[i] === '"') {
      // An unbalanced quote runs to the end of the query.
      const close = q.indexOf('"', i + 1);
      const end = close < 0 ? q.length : close;
      out.push({ words: wordsOf(q.slice(i + 1, end)), negated, or: false });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < q.length && !isSpace(q[end] ?? '') && q[end] !== '"') end++;
    const text = q.slice(i, end);
    out.push({ words: wordsOf(text), negated, or: !negated && (text === 'OR' || text === 'ODER') });
    i = end;
  }
  return out;
}

/** Parses what a reader typed; throws QueryError for what cannot be a search. No words at all: empty `all`. */
export function parseQuery(q: string): ParsedQuery {
  if (q.length > MAX_QUERY_LENGTH) throw new QueryError({ kind: 'too-long', length: q.length, max: MAX_QUERY_LENGTH });
  const all: Phrase[][] = [];
  const none: Phrase[] = [];
  let joinNext = false;
  let lastPositive = false;
  let count = 0;
  for (const c of chunks(q)) {
    if (c.or) {
      joinNext = lastPositive;
      continue;
    }
    if (c.words.length === 0) continue;
    count += c.words.length;
    if (count > MAX_QUERY_WORDS) throw new QueryError({ kind: 'too-many-words', max: MAX_QUERY_WORDS });
    if (c.negated) {
      none.push(c.words);
      lastPositive = false;
    } else {
      const group = joinNext ? all.at(-1) : undefined;
      if (group) group.push(c.words);
      else all.push([c.words]);
      lastPositive = true;
    }
    joinNext = false;
  }
  if (all.length === 0 && none.length > 0) throw new QueryError({ kind: 'only-excludes' });
  return { all, none };
}

/** A phrase of index terms (one term for a word). */
export type TermPhrase = string[];

/** What the databases match: each entry of `all` is a set of alternatives; `none` excludes. */
export interface TermQuery {
  all: TermPhrase[][];
  none: TermPhrase[][];
}

/** The index terms a phrase may have been indexed as, in each language searched; no duplicates. */
function alternatives(phrase: Phrase, languages: readonly SearchLanguage[]): TermPhrase[] {
  const seen = new Map<string, TermPhrase>();
  for (const language of languages) {
    const forms: TermPhrase[] =
      phrase.length === 1
        ? queryTerms(phrase[0] ?? '', language).map((t) => [t])
        : [phrase.map((w) => term(w, language))];
    for (const f of forms) seen.set(f.join(' '), f);
  }
  return [...seen.values()];
}

export function termQuery(parsed: ParsedQuery, languages: readonly SearchLanguage[]): TermQuery {
  return {
    all: parsed.all.map((group) => group.flatMap((p) => alternatives(p, languages))),
    none: parsed.none.map((p) => alternatives(p, languages)),
  };
}

/** Every term a matching article may contain, for highlighting: excluded words never are. */
export function highlightTerms(q: TermQuery): Set<string> {
  return new Set(q.all.flat(2));
}

/** The indexed fields, as FTS5 columns and tsvector weights. */
export const FIELDS = [
  { column: 'headline', weight: 'A' },
  { column: 'lead', weight: 'B' },
  { column: 'body', weight: 'C' },
  { column: 'captions', weight: 'D' },
] as const;

export type Field = (typeof FIELDS)[number];

const ftsPhrase = (p: TermPhrase, loose = false): string =>
  loose && p.length > 1 ? `(${p.map((t) => ftsPhrase([t])).join(' AND ')})` : `"${p.join(' ').replaceAll('"', '""')}"`;
const ftsAnyOf = (alts: TermPhrase[], loose = false) => `(${alts.map((p) => ftsPhrase(p, loose)).join(' OR ')})`;

/**
 * Loose: each phrase is only its words, anywhere in the article (a superset of the phrase's matches, which both
 * databases find without reading positions); an excluded phrase then excludes nothing, excluded words still do.
 */
const looseNone = (q: TermQuery) => q.none.map((alts) => alts.filter((p) => p.length === 1)).filter((a) => a.length);

/** FTS5's query syntax; terms are letters and digits only, quoted all the same. */
export function fts5Match(q: TermQuery, loose = false): string {
  const positive = q.all.map((alts) => ftsAnyOf(alts, loose)).join(' AND ');
  const none = loose ? looseNone(q) : q.none;
  return none.length ? `${positive} NOT (${none.map((alts) => ftsAnyOf(alts)).join(' OR ')})` : positive;
}

/** One group of alternatives, found within one field. */
export function fts5FieldMatch(alts: TermPhrase[], field: Field): string {
  return `{${field.column}} : ${ftsAnyOf(alts)}`;
}

const lexeme = (t: string, weight = '') =>
  `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${weight && `:${weight}`}`;
const tsPhrase = (p: TermPhrase, weight?: string, loose = false) =>
  p.length === 1 ? lexeme(p[0] ?? '', weight) : `(${p.map((t) => lexeme(t, weight)).join(loose ? ' & ' : ' <-> ')})`;
const tsAnyOf = (alts: TermPhrase[], weight?: string, loose = false) =>
  `(${alts.map((p) => tsPhrase(p, weight, loose)).join(' | ')})`;

/** PostgreSQL's tsquery syntax (read with `::tsquery`, no parser or dictionary in between); loose as fts5Match. */
export function tsQuery(q: TermQuery, loose = false): string {
  const positive = q.all.map((alts) => tsAnyOf(alts, undefined, loose)).join(' & ');
  const none = loose ? looseNone(q) : q.none;
  return none.length ? `${positive} & !(${none.map((alts) => tsAnyOf(alts)).join(' | ')})` : positive;
}

/** Whether the query has a phrase to match (not only to exclude): such a query is checked in a window. */
export const hasPhrase = (q: TermQuery): boolean => q.all.some((alts) => alts.some((p) => p.length > 1));

/** One group of alternatives, found within one field (lexemes of that weight). */
export function tsFieldQuery(alts: TermPhrase[], field: Field): string {
  return tsAnyOf(alts, field.weight);
}
