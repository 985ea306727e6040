import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  englishCardinal,
  englishOrdinal,
  englishYear,
  germanCardinal,
  germanOrdinalStem,
  germanYear,
} from './numbers.ts';

const UNITS: Record<string, number> = {
  ein: 1,
  eins: 1,
  eine: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  elf: 11,
  zwölf: 12,
  dreizehn: 13,
  vierzehn: 14,
  fünfzehn: 15,
  sechzehn: 16,
  siebzehn: 17,
  achtzehn: 18,
  neunzehn: 19,
  zwanzig: 20,
  dreißig: 30,
  vierzig: 40,
  fünfzig: 50,
  sechzig: 60,
  siebzig: 70,
  achtzig: 80,
  neunzig: 90,
};

// An independent reader of German number words, to check every spelling against its value.
function readBelowMillion(word: string): number {
  if (word === '') return 0;
  const thousand = word.indexOf('tausend');
  if (thousand >= 0) {
    return (
      (thousand === 0 ? 1 : readBelowMillion(word.slice(0, thousand))) * 1000 +
      readBelowMillion(word.slice(thousand + 'tausend'.length))
    );
  }
  const hundred = word.indexOf('hundert');
  if (hundred >= 0) {
    return (
      (hundred === 0 ? 1 : readBelowMillion(word.slice(0, hundred))) * 100 +
      readBelowMillion(word.slice(hundred + 'hundert'.length))
    );
  }
  const and = word.indexOf('und');
  if (and > 0) return readBelowMillion(word.slice(0, and)) + readBelowMillion(word.slice(and + 3));
  const value = UNITS[word];
  if (value === undefined) throw new Error(`unknown number word ${word}`);
  return value;
}

const SCALES: Record<string, number> = {
  Milliarde: 1e9,
  Milliarden: 1e9,
  Million: 1e6,
  Millionen: 1e6,
  Billion: 1e12,
  Billionen: 1e12,
};

function readGerman(words: string): number {
  if (words === 'null') return 0;
  let total = 0;
  let pending = 0;
  for (const part of words.split(' ')) {
    const scale = SCALES[part];
    if (scale === undefined) pending = readBelowMillion(part);
    else {
      total += pending * scale;
      pending = 0;
    }
  }
  return total + pending;
}

describe('germanCardinal', () => {
  it('spells every number from 0 to 20 000 so that it reads back', () => {
    for (let n = 0; n <= 20_000; n++) assert.equal(readGerman(germanCardinal(n)), n, germanCardinal(n));
  });

  it('spells random numbers up to 999 999 999 999 so that they read back', () => {
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const n = Math.floor((seed / 2147483647) * 1e12);
      assert.equal(readGerman(germanCardinal(n)), n, germanCardinal(n));
    }
  });

  const cases: [number, string][] = [
    [1, 'eins'],
    [16, 'sechzehn'],
    [17, 'siebzehn'],
    [31, 'einunddreißig'],
    [100, 'hundert'],
    [1_100, 'tausendeinhundert'],
    [1_000_001, 'eine Million eins'],
    [2_001_000, 'zwei Millionen eintausend'],
    [1_000_000_000_000, 'eine Billion'],
  ];
  for (const [n, words] of cases) it(`${n} → ${words}`, () => assert.equal(germanCardinal(n), words));

  it('reads numbers beyond its range digit by digit', () => {
    assert.equal(
      germanCardinal(1e16),
      'eins null null null null null null null null null null null null null null null null',
    );
  });
});

describe('german ordinals and years', () => {
  const ordinals: [number, string][] = [
    [1, 'erst'],
    [2, 'zweit'],
    [3, 'dritt'],
    [7, 'siebt'],
    [8, 'acht'],
    [19, 'neunzehnt'],
    [20, 'zwanzigst'],
    [21, 'einundzwanzigst'],
    [100, 'hundertst'],
    [101, 'hunderterst'],
    [103, 'hundertdritt'],
    [1000, 'tausendst'],
  ];
  for (const [n, stem] of ordinals) it(`${n}. → ${stem}`, () => assert.equal(germanOrdinalStem(n), stem));
  const years: [number, string][] = [
    [1099, 'tausendneunundneunzig'],
    [1100, 'elfhundert'],
    [1871, 'achtzehnhunderteinundsiebzig'],
    [1999, 'neunzehnhundertneunundneunzig'],
    [2000, 'zweitausend'],
    [2024, 'zweitausendvierundzwanzig'],
  ];
  for (const [n, words] of years) it(`year ${n} → ${words}`, () => assert.equal(germanYear(n), words));
});

describe('english numbers', () => {
  const cases: [string, string][] = [
    [englishCardinal(0), 'zero'],
    [englishCardinal(13), 'thirteen'],
    [englishCardinal(40), 'forty'],
    [englishCardinal(999_999), 'nine hundred and ninety-nine thousand nine hundred and ninety-nine'],
    [englishCardinal(2_000_001), 'two million and one'],
    [englishOrdinal(12), 'twelfth'],
    [englishOrdinal(40), 'fortieth'],
    [englishOrdinal(103), 'one hundred and third'],
    [englishYear(1900), 'nineteen hundred'],
    [englishYear(2010), 'twenty ten'],
    [englishYear(2000), 'two thousand'],
  ];
  for (const [actual, expected] of cases) it(expected, () => assert.equal(actual, expected));
});
