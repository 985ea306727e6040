// Number words for German and English speech text. Written by hand: the rules are few and a dependency
// would not know the German news conventions we want ("neunzehnhundertneunzig", "eine Million").

const DE_ONES = [
  'null',
  'eins',
  'zwei',
  'drei',
  'vier',
  'fünf',
  'sechs',
  'sieben',
  'acht',
  'neun',
  'zehn',
  'elf',
  'zwölf',
  'dreizehn',
  'vierzehn',
  'fünfzehn',
  'sechzehn',
  'siebzehn',
  'achtzehn',
  'neunzehn',
];
const DE_TENS = ['', '', 'zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'];
const DE_ORDINAL_STEMS = [
  '',
  'erst',
  'zweit',
  'dritt',
  'viert',
  'fünft',
  'sechst',
  'siebt',
  'acht',
  'neunt',
  'zehnt',
  'elft',
  'zwölft',
  'dreizehnt',
  'vierzehnt',
  'fünfzehnt',
  'sechzehnt',
  'siebzehnt',
  'achtzehnt',
  'neunzehnt',
];
// Above a million the scale words are separate nouns with a singular form ("eine Million").
const DE_SCALES = [
  { value: 1e12, one: 'eine Billion', many: 'Billionen' },
  { value: 1e9, one: 'eine Milliarde', many: 'Milliarden' },
  { value: 1e6, one: 'eine Million', many: 'Millionen' },
];

/** Largest number spelled out as a whole; larger ones are read digit by digit. */
export const MAX_SPELLED = 999_999_999_999_999;

function at(list: readonly string[], index: number): string {
  return list[index] ?? '';
}

function deBelow100(n: number): string {
  if (n < 20) return at(DE_ONES, n);
  const unit = n % 10;
  const tens = at(DE_TENS, Math.floor(n / 10));
  if (unit === 0) return tens;
  return (unit === 1 ? 'ein' : at(DE_ONES, unit)) + 'und' + tens;
}

// "hundert" at the very start of a number, "einhundert" inside it ("zweitausendeinhundert").
function deBelow1000(n: number, leading: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  let words = '';
  if (hundreds === 1) words = leading ? 'hundert' : 'einhundert';
  else if (hundreds > 1) words = at(DE_ONES, hundreds) + 'hundert';
  return rest === 0 ? words : words + deBelow100(rest);
}

function deBelowMillion(n: number, leading: boolean): string {
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  let words = '';
  if (thousands === 1) words = leading ? 'tausend' : 'eintausend';
  else if (thousands > 1) words = deBelow1000(thousands, leading).replace(/eins$/, 'ein') + 'tausend';
  return rest === 0 ? words : words + deBelow1000(rest, leading && thousands === 0);
}

function digitsDe(digits: string): string {
  return [...digits].map((d) => at(DE_ONES, Number(d))).join(' ');
}

/** German cardinal, standalone form: 1 → "eins", 1500 → "tausendfünfhundert", 2100 → "zweitausendeinhundert". */
export function germanCardinal(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SPELLED) return digitsDe(String(n));
  if (n === 0) return 'null';
  const parts: string[] = [];
  let rest = n;
  for (const scale of DE_SCALES) {
    const count = Math.floor(rest / scale.value);
    rest %= scale.value;
    if (count === 0) continue;
    if (count === 1) parts.push(scale.one);
    else parts.push(deBelowMillion(count, parts.length === 0).replace(/eins$/, 'ein') + ' ' + scale.many);
  }
  if (rest > 0) parts.push(deBelowMillion(rest, parts.length === 0));
  return parts.join(' ');
}

/** Digits with a leading zero (postcodes, "007") are read one by one. */
export function germanDigits(digits: string): string {
  return digitsDe(digits);
}

/** Years 1100–1999 are read in hundreds ("neunzehnhundertneunzig"); others as cardinals. */
export function germanYear(year: number): string {
  if (year >= 1100 && year <= 1999) {
    const rest = year % 100;
    return deBelow100(Math.floor(year / 100)) + 'hundert' + (rest === 0 ? '' : deBelow100(rest));
  }
  return germanCardinal(year);
}

/** Ordinal stem without case ending: 3 → "dritt", 21 → "einundzwanzigst"; add "e", "en", "er", "es" or "em". */
export function germanOrdinalStem(n: number): string {
  if (n === 0) return 'nullt';
  const rest = n % 100;
  if (rest > 0 && rest < 20) {
    const base = n - rest;
    return (base === 0 ? '' : germanCardinal(base)) + at(DE_ORDINAL_STEMS, rest);
  }
  return (
    germanCardinal(n)
      .replace(/^eine /, '')
      .toLowerCase()
      .replace(/ /g, '') + 'st'
  );
}

const EN_ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = [
  { value: 1e12, word: 'trillion' },
  { value: 1e9, word: 'billion' },
  { value: 1e6, word: 'million' },
  { value: 1e3, word: 'thousand' },
];

function enBelow100(n: number): string {
  if (n < 20) return at(EN_ONES, n);
  const unit = n % 10;
  return at(EN_TENS, Math.floor(n / 10)) + (unit === 0 ? '' : '-' + at(EN_ONES, unit));
}

function enBelow1000(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return enBelow100(rest);
  const words = at(EN_ONES, hundreds) + ' hundred';
  return rest === 0 ? words : words + ' and ' + enBelow100(rest);
}

/** English cardinal in British news style: 105 → "one hundred and five", 1005 → "one thousand and five". */
export function englishCardinal(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SPELLED) {
    return [...String(n)].map((d) => at(EN_ONES, Number(d))).join(' ');
  }
  if (n === 0) return 'zero';
  const parts: string[] = [];
  let rest = n;
  for (const scale of EN_SCALES) {
    const count = Math.floor(rest / scale.value);
    rest %= scale.value;
    if (count > 0) parts.push(enBelow1000(count) + ' ' + scale.word);
  }
  if (rest > 0) parts.push((parts.length > 0 && rest < 100 ? 'and ' : '') + enBelow1000(rest));
  return parts.join(' ');
}

export function englishDigits(digits: string): string {
  return [...digits].map((d) => at(EN_ONES, Number(d))).join(' ');
}

const EN_ORDINAL_LAST: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

export function englishOrdinal(n: number): string {
  return englishCardinal(n).replace(/[a-z]+$/, (last) => {
    const irregular = EN_ORDINAL_LAST[last];
    if (irregular !== undefined) return irregular;
    return last.endsWith('y') ? last.slice(0, -1) + 'ieth' : last + 'th';
  });
}

/** 1999 → "nineteen ninety-nine", 1905 → "nineteen oh five", 2024 → "twenty twenty-four", 2005 → cardinal. */
export function englishYear(year: number): string {
  const century = Math.floor(year / 100);
  const rest = year % 100;
  if (year < 1100 || year > 2099 || (century === 20 && rest < 10)) return englishCardinal(year);
  if (rest === 0) return enBelow100(century) + ' hundred';
  return enBelow100(century) + ' ' + (rest < 10 ? 'oh ' + at(EN_ONES, rest) : enBelow100(rest));
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10 };

/** Value of a Roman numeral up to 39 ("XIV" → 14), or undefined for anything else ("IIII", "VX", "MIX"). */
export function romanValue(numeral: string): number | undefined {
  if (!/^X{0,3}(?:IX|IV|V?I{0,3})$/.test(numeral) || numeral === '') return undefined;
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN[numeral.charAt(i)] ?? 0;
    const next = ROMAN[numeral.charAt(i + 1)] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}
