// Word lists shared by the sentence splitter (here, in the publishing core) and Vorlesen's normaliser, so both
// agree on what "3." or "Nr." means.

export type TextLanguage = 'de' | 'en';

export const GERMAN_MONTHS = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const GERMAN_MONTH_SET = new Set([...GERMAN_MONTHS, 'Jänner']);

const ENGLISH_MONTHS = new Set([
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]);

export function isMonth(word: string, language: TextLanguage): boolean {
  return language === 'de' ? GERMAN_MONTH_SET.has(word) : ENGLISH_MONTHS.has(word);
}

// Capitalised function words that open sentences. After "3." or "usw." such a word means the full stop ended the
// sentence; a noun ("3. Treffen") or a month ("3. März") means it did not.
const GERMAN_STARTERS = new Set(
  (
    'der die das den dem des ein eine einer eines einem einen er sie es ich wir ihr man dann doch aber und oder ' +
    'auch danach damit dabei dazu deshalb deswegen daher trotzdem zudem außerdem nun so im am in auf mit nach vor ' +
    'bei für seit zum zur vom wie was wer wo wann warum als wenn weil dass da hier dort heute gestern morgen jetzt ' +
    'noch schon nicht kein keine dies diese dieser dieses jeder jede jedes alle viele mehr sein seine ihre unser ' +
    'unsere mein meine zuletzt zunächst später bisher immer nur selbst bereits inzwischen mittlerweile allerdings ' +
    'jedoch zwar dennoch somit also ob denn zugleich gleichzeitig anschließend erst'
  ).split(' '),
);
const ENGLISH_STARTERS = new Set(
  (
    'the a an he she it they we i you but and then this that these those in on at for with after before when ' +
    'while if as there here his her their its our my yet so however meanwhile also what who why how'
  ).split(' '),
);

/** True for a capitalised word that typically begins a sentence ("Dann", "Die", "The"). */
export function isSentenceStarter(word: string, language: TextLanguage): boolean {
  const first = word.charAt(0);
  if (first === '' || first === first.toLowerCase()) return false;
  return (language === 'de' ? GERMAN_STARTERS : ENGLISH_STARTERS).has(word.toLowerCase());
}

/**
 * An abbreviation with its full stop(s). `mayEnd`: it can close a sentence ("usw."), so a following sentence
 * starter means a boundary; otherwise ("z. B.", "Nr.") the full stop never ends a sentence.
 */
export interface Abbreviation {
  written: string;
  spoken: string;
  mayEnd: boolean;
  /** Only an abbreviation before a number: "Art. 5" but "auf andere Art.", "No. 5" but "No." */
  beforeNumber: boolean;
}

function abbr(written: string, spoken: string, mayEnd = false): Abbreviation {
  return { written, spoken, mayEnd, beforeNumber: false };
}

function numbered(written: string, spoken: string): Abbreviation {
  return { written, spoken, mayEnd: false, beforeNumber: true };
}

export const GERMAN_ABBREVIATIONS: readonly Abbreviation[] = [
  abbr('z. B.', 'zum Beispiel'),
  abbr('u. a.', 'unter anderem', true),
  abbr('d. h.', 'das heißt'),
  abbr('v. a.', 'vor allem'),
  abbr('z. T.', 'zum Teil'),
  abbr('u. U.', 'unter Umständen'),
  abbr('i. d. R.', 'in der Regel'),
  abbr('o. Ä.', 'oder Ähnliches', true),
  abbr('u. Ä.', 'und Ähnliches', true),
  abbr('v. Chr.', 'vor Christus', true),
  abbr('n. Chr.', 'nach Christus', true),
  abbr('e. V.', 'eingetragener Verein', true),
  abbr('bzw.', 'beziehungsweise'),
  abbr('ca.', 'zirka'),
  abbr('Dr.', 'Doktor'),
  abbr('Prof.', 'Professor'),
  // "et cetera" is what a reader says, but espeak-ng reads "cetera" with a k; the meaning is the same.
  abbr('etc.', 'und so weiter', true),
  abbr('usw.', 'und so weiter', true),
  abbr('sog.', 'sogenannt'),
  abbr('Nr.', 'Nummer'),
  abbr('Mio.', 'Millionen', true),
  abbr('Mrd.', 'Milliarden', true),
  abbr('Tsd.', 'Tausend', true),
  abbr('Bio.', 'Billionen', true),
  abbr('vgl.', 'vergleiche'),
  abbr('ggf.', 'gegebenenfalls'),
  abbr('evtl.', 'eventuell'),
  abbr('inkl.', 'inklusive'),
  abbr('bzgl.', 'bezüglich'),
  abbr('insb.', 'insbesondere'),
  abbr('zzgl.', 'zuzüglich'),
  abbr('Jh.', 'Jahrhundert', true),
  abbr('Jhd.', 'Jahrhundert', true),
  abbr('Str.', 'Straße', true),
  abbr('St.', 'Sankt'),
  numbered('Abs.', 'Absatz'),
  numbered('Art.', 'Artikel'),
  abbr('Hr.', 'Herr'),
  abbr('Fr.', 'Frau'),
  abbr('max.', 'maximal'),
  abbr('geb.', 'geboren'),
  abbr('gest.', 'gestorben'),
];

export const ENGLISH_ABBREVIATIONS: readonly Abbreviation[] = [
  abbr('e.g.', 'for example'),
  abbr('i.e.', 'that is'),
  abbr('Mr.', 'Mister'),
  abbr('Mrs.', 'Missus'),
  abbr('Ms.', 'Miz'),
  abbr('Dr.', 'Doctor'),
  abbr('Prof.', 'Professor'),
  abbr('St.', 'Saint'),
  abbr('Jr.', 'Junior', true),
  abbr('Sr.', 'Senior', true),
  abbr('etc.', 'et cetera', true),
  abbr('vs.', 'versus'),
  abbr('approx.', 'approximately'),
  numbered('No.', 'number'),
  abbr('Inc.', 'Incorporated', true),
  abbr('Ltd.', 'Limited', true),
  abbr('Gov.', 'Governor'),
  abbr('Sen.', 'Senator'),
  abbr('Rep.', 'Representative'),
  abbr('Gen.', 'General'),
];

export function abbreviations(language: TextLanguage): readonly Abbreviation[] {
  return language === 'de' ? GERMAN_ABBREVIATIONS : ENGLISH_ABBREVIATIONS;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "z. B." also matches "z.B." and "z.  B."; never inside a longer word. Longest first so "Jhd." beats "Jh.". */
const patterns = new Map<TextLanguage, RegExp>();

export function abbreviationPattern(language: TextLanguage): RegExp {
  const cached = patterns.get(language);
  // A fresh copy each time: global regexes carry lastIndex between uses.
  if (cached !== undefined) return new RegExp(cached);
  const alternatives = [...abbreviations(language)]
    .sort((a, b) => b.written.length - a.written.length)
    .map((a) => a.written.split(' ').map(escapeRegExp).join('\\s?') + (a.beforeNumber ? '(?=\\s?\\d)' : ''));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'gu');
  patterns.set(language, pattern);
  return new RegExp(pattern);
}

export function findAbbreviation(match: string, language: TextLanguage): Abbreviation | undefined {
  const compact = match.replace(/\s+/g, '');
  return abbreviations(language).find((a) => a.written.replace(/ /g, '') === compact);
}
