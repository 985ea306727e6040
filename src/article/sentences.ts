// Sentence boundaries with offsets into the printed text: the page wraps each spoken sentence in a span, and the
// importer takes a headline from the lead's first sentence. Abbreviations ("Nr. 7") do not end a sentence.
import { abbreviationPattern, findAbbreviation, isMonth, isSentenceStarter } from './vocabulary.ts';
import type { TextLanguage } from './vocabulary.ts';

/** The word (letters only) that follows `index` after whitespace, or undefined when something else follows. */
export function wordAfter(text: string, index: number): string | undefined {
  const match = /^\s+(\p{L}+)/u.exec(text.slice(index, index + 80));
  return match?.[1];
}

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

const TERMINATORS = /[.!?…]+/y;
// Closing quotes and brackets that belong to the sentence before them: `… sagte er." Dann`, `„… gehen.“ Dann`.
const CLOSERS = /["“”’'»«)\]]*/y;
const OPENERS = '„"“‚‘»«([\'';

/** How a full stop that is part of an abbreviation may end a sentence. */
type StopKind = 'inside' | 'never' | 'maybe';

// Full stops belonging to abbreviations ("z. B.", "Nr.") or initials ("U.S.A.", "J. Trump"), by position.
function abbreviationStops(text: string, language: TextLanguage): Map<number, StopKind> {
  const stops = new Map<number, StopKind>();
  const mark = (start: number, match: string, lastKind: StopKind): void => {
    for (let i = 0; i < match.length; i++) {
      if (match[i] === '.') stops.set(start + i, i === match.length - 1 ? lastKind : 'inside');
    }
  };
  for (const m of text.matchAll(/(?<![\p{L}\p{N}.])(?:\p{Lu}\.)+(?=\s|$)/gu)) mark(m.index, m[0], 'maybe');
  for (const m of text.matchAll(abbreviationPattern(language))) {
    mark(m.index, m[0], findAbbreviation(m[0], language)?.mayEnd === true ? 'maybe' : 'never');
  }
  return stops;
}

// "am 3. März", "das 3. Treffen", "am 27.02. in Berlin": a German number with a full stop is an ordinal or date
// unless a sentence starter follows.
function isNumberStop(text: string, dot: number): boolean {
  return /(?:^|[\s(])\d{1,3}$|\d{1,2}\.\d{1,2}$/.test(text.slice(Math.max(0, dot - 8), dot));
}

function startsLikeSentence(char: string): boolean {
  return /[\p{Lu}\p{N}]/u.test(char) || OPENERS.includes(char);
}

function isBoundary(
  text: string,
  run: string,
  runStart: number,
  next: number,
  language: TextLanguage,
  stops: Map<number, StopKind>,
): boolean {
  const following = text.charAt(next);
  const starterFollows = (): boolean => {
    const word = wordAfter(text, next - 1);
    return (word !== undefined && isSentenceStarter(word, language)) || OPENERS.includes(following);
  };
  if (run.includes('!') || run.includes('?')) return startsLikeSentence(following);
  // "Dann … Stille." trails off inside a sentence; "Er zögerte … Dann ging er." starts a new one.
  if (run.length > 1 || run === '…') return starterFollows();
  const kind = stops.get(runStart);
  if (kind === 'inside' || kind === 'never') return false;
  if (kind === 'maybe') return starterFollows();
  if (language === 'de' && isNumberStop(text, runStart)) {
    const word = wordAfter(text, next - 1);
    if (word !== undefined && isMonth(word, 'de')) return false;
    return starterFollows();
  }
  return startsLikeSentence(following);
}

function span(text: string, start: number, end: number): SentenceSpan | undefined {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text.charAt(from))) from++;
  while (to > from && /\s/.test(text.charAt(to - 1))) to--;
  return from === to ? undefined : { text: text.slice(from, to), start: from, end: to };
}

/**
 * Splits `text` into sentences. Offsets point into `text` itself, with surrounding whitespace excluded. Full stops
 * of abbreviations, ordinals, dates and initials are not boundaries; colons never are; a blank line always is.
 */
export function splitSentences(text: string, language: TextLanguage): SentenceSpan[] {
  const stops = abbreviationStops(text, language);
  const sentences: SentenceSpan[] = [];
  let sentenceStart = 0;
  let i = 0;
  const close = (end: number, nextStart: number): void => {
    const sentence = span(text, sentenceStart, end);
    if (sentence !== undefined) sentences.push(sentence);
    sentenceStart = nextStart;
  };
  while (i < text.length) {
    if (text.charAt(i) === '\n' && /^\n[^\S\n]*\n/.test(text.slice(i, i + 40))) {
      close(i, i);
      i++;
      continue;
    }
    TERMINATORS.lastIndex = i;
    const run = TERMINATORS.exec(text)?.[0];
    if (run === undefined) {
      i++;
      continue;
    }
    CLOSERS.lastIndex = i + run.length;
    const end = i + run.length + (CLOSERS.exec(text)?.[0].length ?? 0);
    let next = end;
    while (next < text.length && /\s/.test(text.charAt(next))) next++;
    // Without whitespace after it ("3.5", "U.S.A.", `?“,`) a mark never ends a sentence.
    if (next < text.length && next > end && isBoundary(text, run, i, next, language, stops)) close(end, end);
    i = end;
  }
  close(text.length, text.length);
  return sentences;
}
