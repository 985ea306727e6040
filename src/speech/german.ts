// German numbers, dates, times and abbreviations written out as a news reader says them.
import {
  abbreviationPattern,
  findAbbreviation,
  GERMAN_MONTHS,
  isMonth,
  isSentenceStarter,
  wordAfter,
} from '../article/index.ts';
import { isCapitalized, tokenBefore } from './context.ts';
import { germanCardinal, germanDigits, germanOrdinalStem, germanYear, romanValue } from './numbers.ts';

type Ending = 'e' | 'en' | 'er' | 'em';

// Words after which an adjective takes the weak "-en" ending: "am dritten", "des dritten", "bis fünften".
const EN_AFTER = new Set(
  (
    'am im vom zum zur beim den dem des einem einen einer eines seinem seinen seiner seines ihrem ihren ihrer ' +
    'ihres unserem unseren unserer diesem diesen jedem jeden bis'
  ).split(' '),
);
const E_AFTER = new Set(['die', 'das', 'diese', 'eine']);
const DATIVE_OR_GENITIVE_PREPOSITIONS = new Set(
  (
    'in an auf aus bei mit nach von zu vor seit hinter über unter neben zwischen während wegen trotz innerhalb ' +
    'außerhalb laut gegenüber'
  ).split(' '),
);
const CONJUNCTIONS = new Set(['und', 'oder', 'sowie', 'bis']);

/**
 * The case ending of an ordinal or "sogenannt" standing at `index`, read from the words before it.
 * "der" is nominative at a sentence's start ("der dritte Tag") but dative or genitive after a preposition or
 * noun ("in der dritten Runde", "Ende der dritten Runde").
 */
export function germanCaseEnding(text: string, index: number, fallback: Ending): Ending {
  const before = tokenBefore(text, index);
  if (before === undefined) return fallback;
  const word = before.word.toLowerCase();
  const earlier = tokenBefore(text, before.start);
  // "am 3. und 4. März": the second ordinal takes the first one's ending.
  if (CONJUNCTIONS.has(word) && earlier !== undefined && /^\d{1,3}\.$/.test(earlier.word)) {
    return germanCaseEnding(text, earlier.start, fallback);
  }
  if (word === 'ab') return 'em';
  if (EN_AFTER.has(word)) return 'en';
  if (word === 'der') {
    if (earlier === undefined || /[.!?:;,]$/.test(earlier.word)) return 'e';
    const previous = earlier.word;
    if (DATIVE_OR_GENITIVE_PREPOSITIONS.has(previous.toLowerCase())) return 'en';
    return isCapitalized(previous) && !isSentenceStarter(previous, 'de') ? 'en' : 'e';
  }
  if (E_AFTER.has(word)) return 'e';
  if (word === 'ein') return 'er';
  return fallback;
}

function monthName(month: number): string {
  return GERMAN_MONTHS[month - 1] ?? '';
}

// "27.02.2024", "27.2.", "1.1.24": read as a date with the ordinal declined for its context.
function expandDates(text: string): string {
  return text.replace(
    /(?<![\p{N}.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\p{N}])/gu,
    (match, d: string, m: string, y: string | undefined, offset: number, whole: string) => {
      const day = Number(d);
      const month = Number(m);
      if (day < 1 || day > 31 || month < 1 || month > 12) return match;
      const ordinal = germanOrdinalStem(day) + germanCaseEnding(whole, offset, 'er');
      const year = y === undefined ? '' : ' ' + (y.length === 4 ? germanYear(Number(y)) : germanCardinal(Number(y)));
      return `${ordinal} ${monthName(month)}${year}`;
    },
  );
}

// ISO dates from feeds and tools: "2024-02-27", "2025-03".
function expandIsoDates(text: string): string {
  return text
    .replace(
      /(?<![\p{N}-])(\d{4})-(\d{2})-(\d{2})(?![\p{N}])/gu,
      (match, y: string, m: string, d: string, offset: number, whole: string) => {
        const day = Number(d);
        const month = Number(m);
        if (day < 1 || day > 31 || month < 1 || month > 12) return match;
        const ordinal = germanOrdinalStem(day) + germanCaseEnding(whole, offset, 'er');
        return `${ordinal} ${monthName(month)} ${germanYear(Number(y))}`;
      },
    )
    .replace(/(?<![\p{N}-])(\d{4})-(\d{2})(?![\p{N}-])/gu, (match, y: string, m: string) => {
      const month = Number(m);
      return month < 1 || month > 12 ? match : `${monthName(month)} ${germanYear(Number(y))}`;
    });
}

function hourWords(hour: number): string {
  return hour === 1 ? 'ein' : germanCardinal(hour);
}

function clock(h: string, m: string): string {
  const minutes = Number(m);
  return `${hourWords(Number(h))} Uhr${minutes === 0 ? '' : ' ' + germanCardinal(minutes)}`;
}

// "14:30 Uhr", "14.30 Uhr", "um 9:05" are times; "2:1" is a score or ratio.
function expandTimesAndScores(text: string): string {
  return text
    .replace(/(?<![\p{N}.:,])(\d{1,2})[:.](\d{2})\s?Uhr(?![\p{L}])/gu, (_m, h: string, m: string) => clock(h, m))
    .replace(/(?<![\p{N}.:,])(\d{1,2}):(\d{2})(?![\p{N}:])/gu, (match, h: string, m: string) =>
      Number(h) <= 24 && Number(m) <= 59 ? clock(h, m) : match,
    )
    .replace(
      /(?<![\p{N}.,])(\d+):(\d+)(?![\p{N}])/gu,
      (_m, a: string, b: string) => `${germanCardinal(Number(a))} zu ${germanCardinal(Number(b))}`,
    );
}

// "2020–2024", "10-15", "3.–5. März": a dash between numbers is read "bis".
function expandRanges(text: string): string {
  return text.replace(/(\d\.?)\s?[–—-]\s?(?=\d)/gu, '$1 bis ');
}

// "40-mal" → "vierzigmal", "3-jährige" → "dreijährige", "90er" → "neunziger", "1990er" → "neunzehnhundertneunziger".
function expandNumberCompounds(text: string): string {
  return text
    .replace(
      /(?<![\p{L}\p{N}.,])(\d+)-(\p{Ll}\p{L}*)/gu,
      (_m, n: string, suffix: string) => (n === '1' ? 'ein' : germanCardinal(Number(n))) + suffix,
    )
    .replace(
      /(?<![\p{L}\p{N}.,])(\d+)(mal|fach)(?![\p{L}])/gu,
      (_m, n: string, suffix: string) => (n === '1' ? 'ein' : germanCardinal(Number(n))) + suffix,
    )
    .replace(/(?<![\p{L}\p{N}.,])(\d+)(ern?)(?![\p{L}])/gu, (_m, n: string, suffix: string) => {
      const words = (n.length === 4 ? germanYear(Number(n)) : germanCardinal(Number(n))) + suffix;
      // "die 90er Jahre" is an adjective, "in den 90ern" a noun.
      return suffix === 'ern' ? words.charAt(0).toUpperCase() + words.slice(1) : words;
    });
}

/** Whether "3." at `index` is an ordinal ("am 3. März", "das 3. Treffen") and not a number ending a sentence. */
function isOrdinalAt(text: string, index: number, afterDot: number): boolean {
  const next = wordAfter(text, afterDot);
  if (next === undefined) return false;
  if (isMonth(next, 'de')) return true;
  const before = tokenBefore(text, index);
  const word = before?.word.toLowerCase() ?? '';
  if (EN_AFTER.has(word) || E_AFTER.has(word) || word === 'der' || word === 'ab') return true;
  return !isSentenceStarter(next, 'de');
}

function expandOrdinals(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}.,:/])(\d{1,3})\.(?=\s)/gu, (match, n: string, offset: number, whole: string) => {
    if (!isOrdinalAt(whole, offset, offset + match.length)) return match;
    const next = wordAfter(whole, offset + match.length) ?? '';
    const ending = germanCaseEnding(whole, offset, isMonth(next, 'de') ? 'er' : 'e');
    return germanOrdinalStem(Number(n)) + ending;
  });
}

const QUEENS = new Set([
  'Elizabeth',
  'Elisabeth',
  'Margrethe',
  'Victoria',
  'Viktoria',
  'Maria',
  'Katharina',
  'Isabella',
  'Beatrix',
  'Juliana',
  'Wilhelmina',
  'Christina',
  'Johanna',
]);
const DATIVE_BEFORE_NAME = new Set(['von', 'vom', 'mit', 'bei', 'beim', 'unter', 'nach', 'zu', 'zum', 'vor', 'seit']);

// "Charles III." → "Charles der Dritte", "von Papst Leo XIV." → "von Papst Leo dem Vierzehnten". Only numerals of
// two or more letters after a name, so that initials ("Donald J. Trump") stay initials.
function expandRegnalNumbers(text: string): string {
  return text.replace(
    /(?<=\p{Lu}\p{Ll}+ )([IVX]{2,})\.(?=\s|$)/gu,
    (match, numeral: string, offset: number, whole: string) => {
      const value = romanValue(numeral);
      if (value === undefined) return match;
      const name = tokenBefore(whole, offset);
      let dative = false;
      let cursor = name?.start ?? 0;
      for (let i = 0; i < 3; i++) {
        const token = tokenBefore(whole, cursor);
        if (token === undefined) break;
        if (DATIVE_BEFORE_NAME.has(token.word.toLowerCase())) dative = true;
        cursor = token.start;
      }
      const ordinal = germanOrdinalStem(value);
      const queen = QUEENS.has(tokenBefore(whole, offset)?.word ?? '');
      const article = dative ? (queen ? 'der' : 'dem') : queen ? 'die' : 'der';
      return `${article} ${ordinal.charAt(0).toUpperCase()}${ordinal.slice(1)}${dative ? 'en' : 'e'}`;
    },
  );
}

const SCALES: Record<string, [singular: string, plural: string]> = {
  Million: ['Million', 'Millionen'],
  Millionen: ['Million', 'Millionen'],
  Milliarde: ['Milliarde', 'Milliarden'],
  Milliarden: ['Milliarde', 'Milliarden'],
  Billion: ['Billion', 'Billionen'],
  Billionen: ['Billion', 'Billionen'],
};
const UNITS: Record<string, string> = {
  '%': 'Prozent',
  '‰': 'Promille',
  '€': 'Euro',
  EUR: 'Euro',
  $: 'Dollar',
  USD: 'Dollar',
  '£': 'Pfund',
  '°C': 'Grad Celsius',
  '°': 'Grad',
  'km/h': 'Kilometer pro Stunde',
  'km²': 'Quadratkilometer',
  'm²': 'Quadratmeter',
  km: 'Kilometer',
  kg: 'Kilogramm',
  cm: 'Zentimeter',
  mm: 'Millimeter',
  m: 'Meter',
  ha: 'Hektar',
  Prozent: 'Prozent',
  Promille: 'Promille',
  Euro: 'Euro',
  Dollar: 'Dollar',
  Pfund: 'Pfund',
};
const PAIRED_UNITS = new Set(['Euro', 'Dollar', 'Pfund', 'Meter']);
const FEMININE = new Set(['Stunde', 'Minute', 'Sekunde', 'Woche', 'Million', 'Milliarde', 'Billion', 'Person', 'Frau']);
// After "1" these words mean the digit itself ("1 zu 0", "Platz 1 und 2"), not the article "ein".
const AFTER_BARE_ONE = new Set(
  'und oder bis zu von gegen plus minus mal durch ist war sind wird wurde hat in im am an auf bei mit nach vor für aus als'.split(
    ' ',
  ),
);
const YEAR_CUES = new Set([
  'Jahr',
  'Jahre',
  'Jahres',
  'Jahren',
  'Anfang',
  'Ende',
  'Mitte',
  'Frühjahr',
  'Frühling',
  'Sommer',
  'Herbst',
  'Winter',
]);

// A number, an optional scale word ("Millionen", from "Mio.") and an optional unit, matched whole ("m", not "mit").
const NUMBER = new RegExp(
  '(?<![\\p{L}\\p{N},.])([-−])?(\\d{1,3}(?:\\.\\d{3})+(?!\\d)|\\d+)(?:,(\\d+)|\\.(\\d{1,2})(?![\\d.]))?' +
    '(?:\\s?(Tausend|Millionen|Million|Milliarden|Milliarde|Billionen|Billion)(?![\\p{L}]))?' +
    '(?:\\s?(%|‰|€|\\$|£|°C|°|(?:Prozent|Promille|EUR|Euro|USD|Dollar|Pfund|km/h|km²|m²|km|kg|cm|mm|m|ha)' +
    '(?![\\p{L}\\p{N}])))?',
  'gu',
);

function isYear(text: string, start: number, end: number): boolean {
  const before = tokenBefore(text, start)?.word ?? '';
  if (YEAR_CUES.has(before) || isMonth(before, 'de')) return true;
  const next = wordAfter(text, end);
  return next === undefined || !isCapitalized(next) || isSentenceStarter(next, 'de');
}

function oneBefore(text: string, end: number): string {
  const next = wordAfter(text, end);
  if (next === undefined || AFTER_BARE_ONE.has(next) || isSentenceStarter(next, 'de')) return 'eins';
  return FEMININE.has(next) ? 'eine' : 'ein';
}

// "3,50 €" → "drei Euro fünfzig", "0,99 €" → "neunundneunzig Cent", "1,80 m" → "ein Meter achtzig".
function pairedUnits(value: number, fraction: string, unitWord: string): string {
  const small = Number(fraction);
  if (unitWord === 'Meter') return `${value === 1 ? 'ein' : germanCardinal(value)} Meter ${germanCardinal(small)}`;
  const smallWord = unitWord === 'Pfund' ? 'Pence' : 'Cent';
  if (value === 0) return `${germanCardinal(small)} ${smallWord}`;
  const whole = `${value === 1 ? 'ein' : germanCardinal(value)} ${unitWord}`;
  return small === 0 ? whole : `${whole} ${germanCardinal(small)}`;
}

function integerWords(int: string, text: string, start: number, end: number, plain: boolean): string {
  const value = Number(int.replace(/\./g, ''));
  if (/^0\d/.test(int)) return germanDigits(int);
  if (!plain) return int === '1' ? 'ein' : germanCardinal(value);
  if (int === '1') return oneBefore(text, end);
  if (int.length === 4 && value >= 1100 && value <= 1999 && isYear(text, start, end)) return germanYear(value);
  const words = germanCardinal(value);
  // "101 Dalmatiner" → "hundertein Dalmatiner": a final "eins" before a noun is the article form.
  return value % 100 === 1 && oneBefore(text, end) !== 'eins' ? words.replace(/eins$/, 'ein') : words;
}

function expandNumbers(text: string): string {
  return text.replace(
    NUMBER,
    (
      match,
      sign: string | undefined,
      int: string,
      comma: string | undefined,
      dot: string | undefined,
      scale: string | undefined,
      unit: string | undefined,
      offset: number,
      whole: string,
    ) => {
      const fraction = comma ?? dot;
      const unitWord = unit === undefined ? '' : (UNITS[unit] ?? unit);
      const minus = sign === undefined ? '' : 'minus ';
      if (comma !== undefined && comma.length === 2 && scale === undefined && PAIRED_UNITS.has(unitWord)) {
        return minus + pairedUnits(Number(int.replace(/\./g, '')), comma, unitWord);
      }
      const separator = comma === undefined ? 'Punkt' : 'Komma';
      let words =
        fraction === undefined
          ? integerWords(int, whole, offset, offset + match.length, scale === undefined && unit === undefined)
          : `${germanCardinal(Number(int.replace(/\./g, '')))} ${separator} ${germanDigits(fraction)}`;
      const isOne = int === '1' && fraction === undefined;
      if (scale === 'Tausend') words += fraction === undefined ? 'tausend' : ' Tausend';
      else if (scale !== undefined) {
        const forms = SCALES[scale];
        words = (isOne ? 'eine' : words) + ' ' + (forms === undefined ? scale : isOne ? forms[0] : forms[1]);
      }
      return minus + (unitWord === '' ? words : `${words} ${unitWord}`);
    },
  );
}

function expandAbbreviations(text: string): string {
  return text.replace(abbreviationPattern('de'), (match, offset: number, whole: string) => {
    const entry = findAbbreviation(match, 'de');
    if (entry === undefined) return match;
    const end = offset + match.length;
    let spoken = entry.spoken;
    if (entry.written === 'sog.') spoken += germanCaseEnding(whole, offset, 'e');
    // "Nr.1": keep the expansion apart from what follows.
    if (/^[\p{L}\p{N}]/u.test(whole.slice(end))) return spoken + ' ';
    if (!entry.mayEnd) return spoken;
    // The abbreviation's full stop also closed the sentence: keep one for the voice's intonation.
    const next = wordAfter(whole, end);
    const endsSentence = /^\s*$/.test(whole.slice(end)) || (next !== undefined && isSentenceStarter(next, 'de'));
    return endsSentence ? spoken + '.' : spoken;
  });
}

/** "§ 5" and "§§ 3 und 4" are read as "Paragraf". */
function expandSymbols(text: string): string {
  return (
    text
      .replace(/§§\s?/g, 'Paragrafen ')
      .replace(/§\s?/g, 'Paragraf ')
      .replace(/&/g, ' und ')
      // "$5 Mio." is said like "5 Mio. $": move the sign behind the amount for expandNumbers.
      .replace(
        /([€$£])\s?(\d(?:[\d.,]*\d)?)(\s?(?:Mio\.|Mrd\.|Bio\.|Tsd\.|Millionen|Milliarden|Million|Milliarde)(?![\p{L}]))?/gu,
        '$2$3 $1',
      )
  );
}

export function normalizeGerman(text: string): string {
  // Abbreviations first: "Art. 5" needs its digit, and "1 Mio." becomes "1 Millionen", which expandNumbers declines.
  let result = expandRegnalNumbers(expandAbbreviations(expandSymbols(text)));
  result = expandDates(expandIsoDates(result));
  result = expandTimesAndScores(result);
  result = expandRanges(result);
  result = expandNumberCompounds(result);
  result = expandOrdinals(result);
  result = expandNumbers(result);
  // Whatever digits are left ("1.2.3") are read as plain numbers rather than sent raw.
  result = result.replace(/\d+/g, (n) => (/^0\d/.test(n) ? germanDigits(n) : germanCardinal(Number(n))));
  // Signs without a number next to them ("in € oder $") are still words.
  result = result.replace(/[%‰€$£°]/g, (sign) => ` ${UNITS[sign] ?? ''} `);
  // "3,5-fach" → "drei Komma fünffach": the hyphen only joined digits to a suffix.
  return result.replace(/(\p{Ll})-(\p{Ll})/gu, '$1$2');
}
