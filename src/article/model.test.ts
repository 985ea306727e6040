import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePublicationDate, readingMinutes, slugify } from './model.ts';

describe('parsePublicationDate', () => {
  const valid: [string, string, string][] = [
    ['2025-03', 'month', '2025-02-28T23:00:00.000Z'],
    ['2025-07', 'month', '2025-06-30T22:00:00.000Z'],
    ['2025-03-27', 'day', '2025-03-26T23:00:00.000Z'],
    ['2024-02-29', 'day', '2024-02-28T23:00:00.000Z'],
    ['2025-03-30 12:00', 'time', '2025-03-30T10:00:00.000Z'], // the day summer time starts
    ['2025-10-26T02:30', 'time', '2025-10-26T01:30:00.000Z'],
    ['2025-10-14T18:45:00+02:00', 'time', '2025-10-14T16:45:00.000Z'],
    ['2025-10-14T18:45:00Z', 'time', '2025-10-14T18:45:00.000Z'],
  ];
  for (const [input, precision, instant] of valid) {
    it(`reads ${input} as ${precision}`, () => {
      const d = parsePublicationDate(input);
      assert.equal(typeof d, 'object');
      if (typeof d === 'string') return;
      assert.equal(d.precision, precision);
      assert.equal(d.instant.toISOString(), instant);
      assert.equal(d.value, input);
    });
  }
  const invalid: [string, RegExp][] = [
    ['2025-13', /no month 13/],
    ['2025-00', /no month 00/],
    ['2025-02-30', /no day 30/],
    ['2023-02-29', /no day 29/],
    ['2025-03-27T25:00', /impossible time/],
    ['März 2025', /not YYYY-MM/],
    ['', /not YYYY-MM/],
    ['25-03', /not YYYY-MM/],
  ];
  for (const [input, reason] of invalid) {
    it(`refuses "${input}"`, () => {
      const d = parsePublicationDate(input);
      assert.equal(typeof d, 'string');
      assert.match(d as string, reason);
    });
  }
});

describe('slugify', () => {
  const cases: [string, string][] = [
    ['In Paris trifft sich die "Koalition der Willigen"', 'in-paris-trifft-sich-die-koalition-der-willigen'],
    ['Größere Übung für Öl & Gas', 'groessere-uebung-fuer-oel-gas'],
    ['3,5 Mio. Euro für Schulen', '3-5-mio-euro-fuer-schulen'],
    ['Ça va? Señor Müller', 'ca-va-senor-mueller'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['🚀🚀', 'artikel'],
    ['a'.repeat(30) + ' ' + 'b'.repeat(30) + ' ' + 'c'.repeat(30), 'a'.repeat(30) + '-' + 'b'.repeat(30)],
  ];
  for (const [input, slug] of cases)
    it(`${input.slice(0, 40)} → ${slug.slice(0, 40)}`, () => assert.equal(slugify(input), slug));
});

describe('readingMinutes', () => {
  it('counts words at 200 a minute, at least one', () => {
    assert.equal(readingMinutes({ headline: 'Kurz', lead: 'Ganz kurz.', body: [] }), 1);
    const words = Array.from({ length: 600 }, () => 'Wort').join(' ');
    assert.equal(readingMinutes({ headline: '', lead: '', body: [{ type: 'paragraph', text: words, marks: [] }] }), 3);
  });
});
