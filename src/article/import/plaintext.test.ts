import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { articleText } from '../model.ts';
import { describe, it } from 'node:test';
import { SEED_FILE } from '../../../test/support.ts';
import { decode } from './files.ts';
import { headlineFromLead, isSubheading, parsePlainText } from './plaintext.ts';

const FURNITURE_WORDS = ['Vorlesen', '0:00', 'News folgen', 'Artikel teilen'];

describe('the seed article', () => {
  const text = decode(readFileSync(SEED_FILE));
  const a = parsePlainText(text);
  const all = articleText(a).split('\n');

  it('keeps the month-only date', () => {
    assert.equal(a.published.value, '2025-03');
    assert.equal(a.published.precision, 'month');
  });
  it('takes the first paragraph as the lead', () =>
    assert.match(a.lead, /^In Paris trifft sich die „Koalition der Willigen“: Es geht um Hilfen für die Ukraine\./));
  it('derives a headline from the lead', () =>
    assert.equal(a.headline, 'In Paris trifft sich die „Koalition der Willigen“'));
  it('recognises both subheadings, and only them', () => {
    assert.deepEqual(
      a.body.filter((b) => b.type === 'subheading').map((b) => b.text),
      ['Selenskyj kritisiert die USA', 'Die Idee von Friedenstruppen scheint vom Tisch zu sein'],
    );
    assert.equal(a.body.filter((b) => b.type === 'paragraph').length, 6);
  });
  it('ends where the text is cut off, inventing nothing', () =>
    assert.deepEqual(a.body.at(-1), {
      type: 'subheading',
      level: 2,
      text: 'Die Idee von Friedenstruppen scheint vom Tisch zu sein',
      marks: [],
    }));
  it('never lets page furniture into the article', () => {
    for (const word of FURNITURE_WORDS)
      for (const t of all) assert.ok(!t.includes(word), `"${word}" found in "${t.slice(0, 50)}"`);
  });
  it('keeps every body word of the source, with German quotation marks', () => {
    const source = text.split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
    assert.equal(
      articleText({ ...a, headline: '' })
        .trim()
        .replace(/\n/g, ' ')
        .replace(/[„“]/g, '"'),
      source,
    );
    assert.ok(!articleText(a).includes('"'), 'a straight quote is left');
  });
});

describe('plain-text format', () => {
  const base =
    'date 2025-03-06 Vorlesen 0:00 0:00 · News folgen · Artikel teilen\n\nDer Vorspann steht hier. Er hat zwei Sätze.\n\nErster Absatz.\n\nEine Zwischenzeile\n\nZweiter Absatz.\n';

  it('reads a day date and furniture with separators', () => {
    const a = parsePlainText(base);
    assert.equal(a.published.value, '2025-03-06');
    assert.equal(a.lead, 'Der Vorspann steht hier. Er hat zwei Sätze.');
    assert.deepEqual(
      a.body.map((b) => b.type),
      ['paragraph', 'subheading', 'paragraph'],
    );
  });
  it('tolerates a BOM, CRLF line ends and trailing spaces', () => {
    const messy = decode(Buffer.from(`\uFEFF${base.replace(/\n/g, '  \r\n')}`));
    assert.deepEqual(parsePlainText(messy), parsePlainText(base));
  });
  it('takes the headline from a title: line, and --headline over both', () => {
    const titled = base.replace(
      '\n\n',
      '\ntitle: Ein gesetzter Titel\nkicker: Dachzeile\nauthors: Ana Beispiel, Bo Muster\ntopics: Politik; Europa\n\n',
    );
    const a = parsePlainText(titled);
    assert.equal(a.headline, 'Ein gesetzter Titel');
    assert.equal(a.kicker, 'Dachzeile');
    assert.deepEqual(a.authors, ['Ana Beispiel', 'Bo Muster']);
    assert.deepEqual(a.topics, ['Politik', 'Europa']);
    assert.equal(parsePlainText(titled, { headline: 'Von der Kommandozeile' }).headline, 'Von der Kommandozeile');
  });
  it('joins lines of one paragraph', () => {
    const a = parsePlainText('date 2025-03\n\nZeile eins\nund Zeile zwei.\n\nText.');
    assert.equal(a.lead, 'Zeile eins und Zeile zwei.');
  });
  it('drops furniture lines standing alone', () => {
    const a = parsePlainText('date 2025-03\n\nVorspann.\n\nArtikel teilen\n\nText.');
    assert.deepEqual(a.body, [{ type: 'paragraph', text: 'Text.', marks: [] }]);
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '   \n\n', /empty/],
    ['no date line', 'Nur Text.\n\nMehr Text.', /missing date/],
    ['impossible month', 'date 2025-13\n\nText.', /no month 13/],
    ['impossible day', 'date 2025-02-30\n\nText.', /no day 30/],
    ['only a date', 'date 2025-03 Vorlesen\n', /no text/],
    ['words after the date', 'date 2025-03 Heute wichtig\n\nText.', /unexpected text after the date/],
  ];
  for (const [name, input, reason] of bad) {
    it(`refuses ${name}`, () => assert.throws(() => parsePlainText(input), reason));
  }
});

describe('isSubheading', () => {
  const cases: [string, boolean][] = [
    ['Selenskyj kritisiert die USA', true],
    ['Was bedeutet das für Europa?', true],
    ['Jetzt erst recht!', true],
    ['Ein ganzer Satz mit Punkt.', false],
    ['Ein Satz, der mit Doppelpunkt endet:', false],
    ['kleingeschrieben beginnt kein Titel', false],
    ['"Wir bleiben"', true],
    [
      'Ein sehr langer Absatz ohne Punkt am Ende der aber viel zu viele Wörter hat um eine Zwischenzeile zu sein',
      false,
    ],
  ];
  for (const [text, expected] of cases)
    it(`${expected ? 'is' : 'is not'}: ${text.slice(0, 40)}`, () => assert.equal(isSubheading(text), expected));
});

describe('headlineFromLead', () => {
  const cases: [string, string][] = [
    ['Berlin plant neue Regeln. Der Rest folgt.', 'Berlin plant neue Regeln'],
    ['Eilmeldung: Der Rat tagt heute.', 'Eilmeldung: Der Rat tagt heute'],
    ['Was wird aus dem Hafen? Niemand weiß es.', 'Was wird aus dem Hafen?'],
    ['Ohne Satzende', 'Ohne Satzende'],
    ['Die Linie Nr. 7 fährt wieder. Ab Montag.', 'Die Linie Nr. 7 fährt wieder'],
    ['Das gilt z. B. für den Hafen. Mehr folgt.', 'Das gilt z. B. für den Hafen'],
    ['Am 3. März tagt der Rat. Dann wird gewählt.', 'Am 3. März tagt der Rat'],
  ];
  for (const [lead, headline] of cases)
    it(`${lead} → ${headline}`, () => assert.equal(headlineFromLead(lead), headline));
  it('cuts long sentences at a word with an ellipsis', () => {
    const h = headlineFromLead(`${'Wort '.repeat(40)}Ende.`);
    assert.ok(h.length <= 112, h);
    assert.match(h, /Wort …$/);
  });
});
