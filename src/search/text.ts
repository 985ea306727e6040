// Words to index terms, the same on the index and the query side and on both databases: a linear scan cuts words
// (letters, digits and combining marks; anything else separates), then each is folded and stemmed by its
// language. German follows Snowball's german2 rule before stemming: "ae", "oe", "ue" are read as ä, ö, ü (not
// after q, and not when the u stands between vowels, as in "neue"), so Muenchen meets München; the stemmer makes
// ß "ss" (Strasse meets Straße) and drops umlauts in its last step (Länder meets Land). Other diacritics are
// removed after stemming (Macrón is macron). Stems are those of PostgreSQL's `german` configuration except for
// words with those spelled-out umlauts.
import snowball from 'snowball-stemmers';

export type SearchLanguage = 'de' | 'en';

export const LANGUAGES: readonly SearchLanguage[] = ['de', 'en'];

/** An article's `language` ("de", "de-AT", "en-GB") as the stemmer it is indexed with. */
export function searchLanguage(language: string): SearchLanguage {
  return language.toLowerCase().startsWith('en') ? 'en' : 'de';
}

/** A word of a text: `[start, end)` in UTF-16 offsets. */
export interface Word {
  start: number;
  end: number;
}

/** Words longer than this are cut (both sides alike): no real word is, and a 10 KB "word" must stay cheap. */
export const MAX_WORD_LENGTH = 48;

function isWordChar(code: number, ch: string): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(ch);
}
// Tested on one character at a time: nothing to backtrack over.
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

/** The words of a text, in order; linear in its length. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  let start = -1;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) ?? 0;
    const size = code > 0xffff ? 2 : 1;
    const inWord = isWordChar(code, text.slice(i, i + size));
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      out.push({ start, end: i });
      start = -1;
    }
    i += size;
  }
  if (start >= 0) out.push({ start, end: text.length });
  return out;
}

const stemmers = { de: snowball.newStemmer('german'), en: snowball.newStemmer('english') };
// Stemming costs ~20 µs a word; news vocabulary repeats, so a bounded memo makes indexing several times faster.
const memo = { de: new Map<string, string>(), en: new Map<string, string>() };
const MEMO_SIZE = 200_000;

const VOWELS = 'aeiouyäöü';

/** Snowball german2's first step: spelled-out umlauts become umlauts (see the file's comment). */
function readUmlauts(w: string): string {
  if (!(w.includes('ae') || w.includes('oe') || w.includes('ue'))) return w;
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] ?? '';
    const next = w[i + 1];
    if (next === 'e' && (c === 'a' || c === 'o' || c === 'u')) {
      const before = w[i - 1] ?? '';
      const keep = c === 'u' && (before === 'q' || (before !== '' && VOWELS.includes(before)));
      if (!keep) {
        out += c === 'a' ? 'ä' : c === 'o' ? 'ö' : 'ü';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const stripMarks = (w: string): string => (/^[\x20-\x7e]*$/.test(w) ? w : w.normalize('NFKD').replace(/\p{M}/gu, ''));

/** A word as it is indexed and searched: folded and stemmed by the language. */
export function term(word: string, language: SearchLanguage): string {
  const cache = memo[language];
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let w = word.slice(0, MAX_WORD_LENGTH).toLowerCase();
  if (language === 'de') w = readUmlauts(w);
  else w = stripMarks(w.replaceAll('ß', 'ss'));
  const stem = stripMarks(stemmers[language].stem(w));
  if (cache.size >= MEMO_SIZE) cache.clear();
  cache.set(word, stem);
  return stem;
}

/** The terms of a text, in order. */
export function terms(text: string, language: SearchLanguage): string[] {
  return words(text).map((w) => term(text.slice(w.start, w.end), language));
}

// Snowball strips a German genitive s only after b, d, f, g, h, k, l, m, n, r, t: "Selenskyjs", "Obamas" and
// "Trumps" (and "Autos") keep it. A searched word therefore also looks for its stem with such an s added or taken
// away.
const S_ENDINGS = 'bdfghklmnrt';

/** What a searched word may be indexed as: its stem, and in German the genitive s Snowball could not strip. */
export function queryTerms(word: string, language: SearchLanguage): string[] {
  const stem = term(word, language);
  if (language !== 'de' || stem.length < 3) return [stem];
  const last = stem.at(-1) ?? '';
  if (last === 's') return `${S_ENDINGS}s`.includes(stem.at(-2) ?? '') ? [stem] : [stem, stem.slice(0, -1)];
  return S_ENDINGS.includes(last) ? [stem] : [stem, `${stem}s`];
}
