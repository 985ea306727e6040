// Names the gazetteer does not know, offered to an editor. Precision matters more than recall: a wrong
// proposal costs an editor's attention, a missed one only waits for the next article.
//
// German capitalises every noun, so a capital letter says little: "Ende Februar", "Premier Donald Tusk",
// "Polens Premier". The German rule therefore proposes only person-shaped names: a known first name (not
// at a sentence start) followed by a surname. English capitalises only names and titles, so there any run
// of two to four capitalised words inside a sentence is proposed, once titles, days and months are cut away.
import { GERMAN_MONTHS } from '../../article/index.ts';
import type { EntityProposal, Language } from './entity.ts';
import { gapBetween } from './tokens.ts';
import type { Token } from './tokens.ts';

// "Merz", "McAllister", "DeSantis"; not "USA", not "EU".
const NAME_SHAPED = /^\p{Lu}\p{Ll}[\p{Ll}\p{M}]*(?:\p{Lu}\p{Ll}[\p{Ll}\p{M}]*)?$/u;
const PARTICLES = new Set([
  'von',
  'van',
  'de',
  'di',
  'da',
  'del',
  'della',
  'du',
  'la',
  'le',
  'al',
  'bin',
  'ibn',
  'zu',
  'ter',
]);
// German articles are particles only after one: "von der Leyen", "van den Berg"; never "Mark der Marke".
const FOLLOWING_PARTICLES = new Set([...PARTICLES, 'der', 'den']);
const CALENDAR = [
  ...GERMAN_MONTHS,
  'January',
  'February',
  'March',
  'May',
  'June',
  'July',
  'October',
  'December',
  'Montag',
  'Dienstag',
  'Mittwoch',
  'Donnerstag',
  'Freitag',
  'Samstag',
  'Sonntag',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];
const ENGLISH_STOP = new Set([
  ...CALENDAR,
  'I',
  'The',
  'A',
  'An',
  'And',
  'Or',
  'But',
  'If',
  'In',
  'On',
  'At',
  'Of',
  'For',
  'To',
  'By',
  'With',
  'From',
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Prof',
  'Sir',
  'Dame',
  'Lord',
  'Lady',
  'King',
  'Queen',
  'Prince',
  'Princess',
  'Pope',
  'President',
  'Vice',
  'Prime',
  'Minister',
  'Chancellor',
  'Secretary',
  'Senator',
  'Governor',
  'Mayor',
  'General',
  'Chief',
  'Foreign',
  'Defense',
  'Defence',
  'Deputy',
  'Special',
  'Envoy',
  'Commissioner',
  'Ambassador',
  'Judge',
  'Justice',
  'Speaker',
  'Leader',
  'Premier',
  'Spokesman',
  'Spokeswoman',
  'Spokesperson',
  'Former',
  'Acting',
  'Executive',
]);
const GERMAN_SURNAME_STOP = new Set(CALENDAR);

export type ProposalInput = {
  text: string;
  tokens: readonly Token[];
  /** Tokens that belong to a recognised entity: never part of a proposal. */
  covered: readonly boolean[];
  language: Language;
  givenNames: ReadonlySet<string>;
};

export function findProposals(input: ProposalInput): EntityProposal[] {
  const spans = input.language === 'de' ? germanNames(input) : englishNames(input);
  const counts = new Map<string, number>();
  for (const [first, last] of spans) {
    const name = input.text.slice(input.tokens[first]?.start, input.tokens[last]?.end).replace(/\s+/gu, ' ');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  // "Pete Hegseths" is the German genitive of "Pete Hegseth": count it there when both occur.
  for (const [name, count] of counts) {
    const base = name.slice(0, -1);
    if (name.endsWith('s') && counts.has(base)) {
      counts.set(base, (counts.get(base) ?? 0) + count);
      counts.delete(name);
    }
  }
  // Map order is first appearance; the sort is stable, so ties stay in reading order.
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
}

type Span = [first: number, last: number];

function germanNames({ text, tokens, covered, givenNames }: ProposalInput): Span[] {
  const spans: Span[] = [];
  const free = (i: number): boolean => covered[i] === false && NAME_SHAPED.test(tokens[i]?.word ?? '');
  const gap = (i: number): string => gapBetween(text, tokens[i - 1] as Token, tokens[i]);
  const isGiven = (i: number): boolean => free(i) && givenNames.has(tokens[i]?.word ?? '');

  for (let i = 0; i < tokens.length; i++) {
    if (!isGiven(i) || tokens[i]?.sentenceStart === true) continue;
    // Further first names ("Hans Peter", "Frank-Walter"), as long as a surname can still follow.
    let last = i;
    while (isGiven(last + 1) && [' ', '-'].includes(gap(last + 1)) && free(last + 2)) last++;
    let surname = last + 1;
    while (
      (surname === last + 1 ? PARTICLES : FOLLOWING_PARTICLES).has(tokens[surname]?.word ?? '') &&
      gap(surname) === ' '
    ) {
      surname++;
    }
    const fits = (at: number): boolean =>
      free(at) && gap(at) === ' ' && !GERMAN_SURNAME_STOP.has(tokens[at]?.word ?? '');
    // "Joe Kent, …": the last first name was the surname after all.
    if (!fits(surname)) surname = last > i && fits(last) ? last : -1;
    if (surname < 0) continue;
    // A double surname: "Kramp-Karrenbauer".
    if (free(surname + 1) && gap(surname + 1) === '-') surname++;
    spans.push([i, surname]);
    i = surname;
  }
  return spans;
}

function englishNames({ text, tokens, covered }: ProposalInput): Span[] {
  const spans: Span[] = [];
  const titleCaseLines = titleCaseLineStarts(text);
  const inName = (i: number): boolean =>
    covered[i] === false && NAME_SHAPED.test(tokens[i]?.word ?? '') && !ENGLISH_STOP.has(tokens[i]?.word ?? '');
  let run: number[] = [];
  const close = (): void => {
    while (run.length > 0 && FOLLOWING_PARTICLES.has(tokens[run[run.length - 1] ?? -1]?.word ?? '')) run.pop();
    const names = run.filter((i) => !FOLLOWING_PARTICLES.has(tokens[i]?.word ?? ''));
    const first = run[0];
    const last = run[run.length - 1];
    if (names.length >= 2 && names.length <= 4 && first !== undefined && last !== undefined) spans.push([first, last]);
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const joins = run.length > 0 && [' ', '-'].includes(gapBetween(text, tokens[i - 1] as Token, token));
    if (!joins) close();
    const previous = tokens[i - 1]?.word ?? '';
    const particle = run.length > 0 && (PARTICLES.has(previous) ? FOLLOWING_PARTICLES : PARTICLES).has(token.word);
    if (particle || (inName(i) && !token.sentenceStart && !titleCaseLines.has(lineStart(text, token.start))))
      run.push(i);
    else close();
  }
  close();
  return spans;
}

// A headline in Title Case ("Zelensky Criticises New US Stance") says nothing about names.
function titleCaseLineStarts(text: string): Set<number> {
  const starts = new Set<number>();
  let offset = 0;
  for (const line of text.split('\n')) {
    // Title Case leaves short words ("of", "in", "the") small, so count only the longer ones.
    const words = (line.match(/\p{L}+/gu) ?? []).filter((word) => word.length >= 3);
    const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
    if (words.length >= 4 && capitalised / words.length >= 0.8) starts.add(offset);
    offset += line.length + 1;
  }
  return starts;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
