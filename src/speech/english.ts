// English numbers, times and abbreviations for the English voice (articles and quotes in English).
import { abbreviationPattern, findAbbreviation, isMonth, isSentenceStarter, wordAfter } from '../article/index.ts';
import { tokenBefore } from './context.ts';
import { englishCardinal, englishDigits, englishOrdinal, englishYear, romanValue } from './numbers.ts';

const CURRENCIES: Record<string, [singular: string, plural: string]> = {
  $: ['dollar', 'dollars'],
  '€': ['euro', 'euros'],
  '£': ['pound', 'pounds'],
};
const YEAR_CUES = new Set([
  'in',
  'since',
  'by',
  'from',
  'until',
  'till',
  'of',
  'year',
  'early',
  'late',
  'mid',
  'spring',
  'summer',
  'autumn',
  'fall',
  'winter',
  'before',
  'after',
  'during',
  'and',
  'to',
]);
const YEAR_VERBS = new Set(['was', 'is', 'will', 'saw', 'had', 'has', 'marked', 'brought', 'began', 'ended']);

function amount(int: string, fraction: string | undefined): string {
  const value = Number(int.replace(/,/g, ''));
  const whole = /^0\d/.test(int) ? englishDigits(int) : englishCardinal(value);
  return fraction === undefined ? whole : `${whole} point ${englishDigits(fraction)}`;
}

// "$3.5 billion" → "three point five billion dollars", "$3.50" → "three dollars fifty", "$1" → "one dollar".
function expandMoney(text: string): string {
  return text.replace(
    /([$€£])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s?(million|billion|trillion|bn|m)(?![\p{L}]))?/gu,
    (_m, sign: string, int: string, fraction: string | undefined, scale: string | undefined) => {
      const [singular, plural] = CURRENCIES[sign] ?? ['', ''];
      if (scale !== undefined) {
        const scaleWord = scale === 'bn' ? 'billion' : scale === 'm' ? 'million' : scale;
        return `${amount(int, fraction)} ${scaleWord} ${plural}`;
      }
      const value = Number(int.replace(/,/g, ''));
      const unit = value === 1 ? singular : plural;
      if (fraction !== undefined && fraction.length === 2) {
        const cents = Number(fraction);
        return `${englishCardinal(value)} ${unit}${cents === 0 ? '' : ' ' + englishCardinal(cents)}`;
      }
      return `${amount(int, fraction)} ${fraction === undefined ? unit : plural}`;
    },
  );
}

// "10:05" → "ten oh five", "10:00" → "ten o'clock", "2:30 pm" → "two thirty P M".
function expandTimes(text: string): string {
  return text.replace(
    /(?<![\p{N}.:,])(\d{1,2}):(\d{2})(?:\s?([ap])\.?m\.?(?![\p{L}]))?(?![\p{N}:])/giu,
    (match, h: string, m: string, half: string | undefined) => {
      const minutes = Number(m);
      if (Number(h) > 24 || minutes > 59) return match;
      const hour = englishCardinal(Number(h));
      const suffix = half === undefined ? '' : ` ${half.toUpperCase()} M`;
      if (minutes === 0) return half === undefined ? `${hour} o'clock` : hour + suffix;
      return `${hour} ${minutes < 10 ? 'oh ' + englishCardinal(minutes) : englishCardinal(minutes)}${suffix}`;
    },
  );
}

function expandOrdinalsAndDecades(text: string): string {
  return text
    .replace(/(?<![\p{L}\p{N}])(\d+)(?:st|nd|rd|th)(?![\p{L}])/gu, (_m, n: string) => englishOrdinal(Number(n)))
    .replace(
      /(?<![\p{L}\p{N}])(\d{4}|\d{2})'?s(?![\p{L}])/gu,
      (_m, n: string) =>
        (n.length === 4 ? englishYear(Number(n)) : englishCardinal(Number(n))).replace(/y$/, 'ie') + 's',
    );
}

// "Charles III" → "Charles the Third"; two or more letters, so initials stay initials.
function expandRegnalNumbers(text: string): string {
  return text.replace(
    /(?<=(\p{Lu}\p{Ll}+) )([IVX]{2,})(?![\p{L}\p{N}])/gu,
    (match, before: string, numeral: string) => {
      const value = romanValue(numeral);
      if (value === undefined) return match;
      // "World War II" is counted, not a king's number.
      if (before === 'War') return englishCardinal(value).replace(/^./, (c) => c.toUpperCase());
      const ordinal = englishOrdinal(value);
      return 'the ' + ordinal.charAt(0).toUpperCase() + ordinal.slice(1);
    },
  );
}

function isYear(text: string, start: number, end: number): boolean {
  const before = (tokenBefore(text, start)?.word ?? '').toLowerCase();
  if (YEAR_CUES.has(before) || isMonth(before.charAt(0).toUpperCase() + before.slice(1).replace(/,$/, ''), 'en')) {
    return true;
  }
  const next = wordAfter(text, end);
  return next === undefined ? !/^\s*\p{L}/u.test(text.slice(end)) : YEAR_VERBS.has(next);
}

const UNITS: Record<string, string> = {
  '%': 'percent',
  km: 'kilometres',
  kg: 'kilograms',
  '°C': 'degrees Celsius',
  '°F': 'degrees Fahrenheit',
  '°': 'degrees',
};

function expandNumbers(text: string): string {
  return text.replace(
    /(?<![\p{L}\p{N}.,])([-−])?(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?(?:\s?(%|°C|°F|°|(?:km|kg)(?![\p{L}])))?/gu,
    (
      match,
      sign: string | undefined,
      int: string,
      fraction: string | undefined,
      unit: string | undefined,
      offset: number,
      whole: string,
    ) => {
      const value = Number(int.replace(/,/g, ''));
      let words: string;
      if (
        fraction === undefined &&
        unit === undefined &&
        /^\d{4}$/.test(int) &&
        value >= 1100 &&
        value <= 2099 &&
        isYear(whole, offset, offset + match.length)
      ) {
        words = englishYear(value);
      } else {
        words = amount(int, fraction);
      }
      if (sign !== undefined) words = 'minus ' + words;
      return unit === undefined ? words : `${words} ${UNITS[unit] ?? unit}`;
    },
  );
}

function expandAbbreviations(text: string): string {
  return text.replace(abbreviationPattern('en'), (match, offset: number, whole: string) => {
    const entry = findAbbreviation(match, 'en');
    if (entry === undefined) return match;
    const end = offset + match.length;
    const next = wordAfter(whole, end);
    // "St. Paul" is a saint, "Main St." a street.
    if (entry.written === 'St.' && (next === undefined || next.charAt(0) === next.charAt(0).toLowerCase())) {
      return 'Street';
    }
    if (/^[\p{L}\p{N}]/u.test(whole.slice(end))) return entry.spoken + ' ';
    if (!entry.mayEnd) return entry.spoken;
    const endsSentence = /^\s*$/.test(whole.slice(end)) || (next !== undefined && isSentenceStarter(next, 'en'));
    return endsSentence ? entry.spoken + '.' : entry.spoken;
  });
}

export function normalizeEnglish(text: string): string {
  // Abbreviations first: "No. 5" is only "number" while its digit is still there.
  let result = expandAbbreviations(text.replace(/&/g, ' and ').replace(/§\s?/g, 'section '));
  result = expandMoney(expandRegnalNumbers(result));
  result = expandTimes(result);
  result = result.replace(/(\d)\s?[–—-]\s?(?=\d)/gu, '$1 to ');
  result = expandOrdinalsAndDecades(result);
  result = expandNumbers(result);
  result = result.replace(/\d+/g, (n) => (/^0\d/.test(n) ? englishDigits(n) : englishCardinal(Number(n))));
  // Signs without a number next to them ("in € or $") are still words.
  return result.replace(/[%€$£°]/g, (sign) => ` ${UNITS[sign] ?? CURRENCIES[sign]?.[1] ?? ''} `);
}
