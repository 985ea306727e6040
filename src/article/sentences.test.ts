import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSentences } from './sentences.ts';
import type { TextLanguage } from './vocabulary.ts';

const GERMAN: [input: string, sentences: string[]][] = [
  ['Es geht um Hilfen. Die Unterstützer beraten.', ['Es geht um Hilfen.', 'Die Unterstützer beraten.']],
  ['Ein Satz ohne Punkt', ['Ein Satz ohne Punkt']],
  ['', []],
  ['   ', []],
  ['  Viel Platz.   Hier.  ', ['Viel Platz.', 'Hier.']],
  ['Am 3. März kam er. Dann ging er.', ['Am 3. März kam er.', 'Dann ging er.']],
  ['Es ist das 3. Treffen der Koalition. Es geht weiter.', ['Es ist das 3. Treffen der Koalition.', 'Es geht weiter.']],
  ['Er kam am 3. Dezember 2024 an.', ['Er kam am 3. Dezember 2024 an.']],
  ['Die Zahl stieg auf 31. Dann kam die Wende.', ['Die Zahl stieg auf 31.', 'Dann kam die Wende.']],
  ['Das gilt z. B. für Kanada. Es ist groß.', ['Das gilt z. B. für Kanada.', 'Es ist groß.']],
  ['Das gilt z.B. für Kanada. Es ist groß.', ['Das gilt z.B. für Kanada.', 'Es ist groß.']],
  ['Er traf u. a. Dr. Müller. Sie sprachen.', ['Er traf u. a. Dr. Müller.', 'Sie sprachen.']],
  ['Nr. 5 ist vorn. Nr. 6 folgt.', ['Nr. 5 ist vorn.', 'Nr. 6 folgt.']],
  ['Sie sprach mit Prof. Dr. Meier. Er schwieg.', ['Sie sprach mit Prof. Dr. Meier.', 'Er schwieg.']],
  ['Am 27.02.2024 sprach Macron. Er sagte viel.', ['Am 27.02.2024 sprach Macron.', 'Er sagte viel.']],
  ['Es kostet 3,5 Mrd. Euro. Das ist viel.', ['Es kostet 3,5 Mrd. Euro.', 'Das ist viel.']],
  ['Es kostet 3 Mio. Das ist viel.', ['Es kostet 3 Mio.', 'Das ist viel.']],
  ['Die U.S.A. sind groß. Kanada auch.', ['Die U.S.A. sind groß.', 'Kanada auch.']],
  ['Er traf Donald J. Trump. Dann ging er.', ['Er traf Donald J. Trump.', 'Dann ging er.']],
  ['Er sagte: "Wir kommen." Dann ging er.', ['Er sagte: "Wir kommen."', 'Dann ging er.']],
  ['Er sagte: „Wir kommen.“ Dann ging er.', ['Er sagte: „Wir kommen.“', 'Dann ging er.']],
  ['„Wir kommen“, sagte er. Dann ging er.', ['„Wir kommen“, sagte er.', 'Dann ging er.']],
  ['Es bleibt so. „Wir kommen“, sagte er.', ['Es bleibt so.', '„Wir kommen“, sagte er.']],
  ['"Das Ziel ist klar", sagte Macron. Selenskyj nickte.', ['"Das Ziel ist klar", sagte Macron.', 'Selenskyj nickte.']],
  ['„Warum?“, fragte er. Niemand antwortete.', ['„Warum?“, fragte er.', 'Niemand antwortete.']],
  ['„Warum?“ fragte er.', ['„Warum?“ fragte er.']],
  ['Was nun? Die Frage bleibt!', ['Was nun?', 'Die Frage bleibt!']],
  ['Wirklich?! Ja.', ['Wirklich?!', 'Ja.']],
  ['Er zögerte … und ging.', ['Er zögerte … und ging.']],
  ['Er zögerte … Dann ging er.', ['Er zögerte …', 'Dann ging er.']],
  ['Er zögerte... Dann ging er.', ['Er zögerte...', 'Dann ging er.']],
  ['In Paris gilt: Es geht um die Ukraine.', ['In Paris gilt: Es geht um die Ukraine.']],
  ['Äpfel, Birnen usw. Dann kam er.', ['Äpfel, Birnen usw.', 'Dann kam er.']],
  ['Er kaufte Äpfel usw. und ging.', ['Er kaufte Äpfel usw. und ging.']],
  ['Am 27.02. Dann kam er.', ['Am 27.02.', 'Dann kam er.']],
  ['Das Spiel endete 2:1. Bayern jubelte.', ['Das Spiel endete 2:1.', 'Bayern jubelte.']],
  ['Im Jahr 2024. Wir kommen.', ['Im Jahr 2024.', 'Wir kommen.']],
  ['Erster Absatz\n\nZweiter Absatz', ['Erster Absatz', 'Zweiter Absatz']],
  ['Zeile eins.\nZeile zwei.', ['Zeile eins.', 'Zeile zwei.']],
  ['Die Rate lag bei 3.5 Prozent. Sie sank.', ['Die Rate lag bei 3.5 Prozent.', 'Sie sank.']],
  ['Das steht in Art. 5 GG. Es gilt.', ['Das steht in Art. 5 GG.', 'Es gilt.']],
  ['Die Partei (SPD) stimmte zu. Die Union nicht.', ['Die Partei (SPD) stimmte zu.', 'Die Union nicht.']],
  ['Er sagte (sinngemäß): „Nein.“ Dann ging er.', ['Er sagte (sinngemäß): „Nein.“', 'Dann ging er.']],
  ['Er wurde 1990 geboren. 31 Länder kamen.', ['Er wurde 1990 geboren.', '31 Länder kamen.']],
  ['Die sog. Koalition tagt. Sie berät.', ['Die sog. Koalition tagt.', 'Sie berät.']],
];

const ENGLISH: [input: string, sentences: string[]][] = [
  ['Mr. Smith arrived. He spoke.', ['Mr. Smith arrived.', 'He spoke.']],
  ['The U.S. government agreed. The EU did not.', ['The U.S. government agreed.', 'The EU did not.']],
  ['It grew 3.5 percent. Then it fell.', ['It grew 3.5 percent.', 'Then it fell.']],
  ['"We are ready," he said. Then he left.', ['"We are ready," he said.', 'Then he left.']],
  ['He said: "We are ready." Then he left.', ['He said: "We are ready."', 'Then he left.']],
  ['Apples, pears etc. The list goes on.', ['Apples, pears etc.', 'The list goes on.']],
  ['See e.g. the report. It is long.', ['See e.g. the report.', 'It is long.']],
  ['Why? Nobody knows!', ['Why?', 'Nobody knows!']],
];

function check(language: TextLanguage, input: string, expected: string[]): void {
  const spans = splitSentences(input, language);
  assert.deepEqual(
    spans.map((s) => s.text),
    expected,
  );
  for (const span of spans) {
    assert.equal(input.slice(span.start, span.end), span.text);
    assert.equal(span.text, span.text.trim());
  }
  for (let i = 1; i < spans.length; i++) assert.ok((spans[i - 1]?.end ?? 0) <= (spans[i]?.start ?? 0));
}

describe('splitSentences (German)', () => {
  it(`has enough cases (${GERMAN.length + ENGLISH.length})`, () => assert.ok(GERMAN.length + ENGLISH.length >= 35));
  for (const [input, expected] of GERMAN) {
    it(JSON.stringify(input), () => check('de', input, expected));
  }
});

describe('splitSentences (English)', () => {
  for (const [input, expected] of ENGLISH) {
    it(JSON.stringify(input), () => check('en', input, expected));
  }
});

describe('splitSentences offsets', () => {
  it('points into the original text across quotes and abbreviations', () => {
    const text = '  In Paris trifft sich die "Koalition der Willigen". Sie tagt z. B. am 3. März.  ';
    const spans = splitSentences(text, 'de');
    assert.deepEqual(
      spans.map((s) => [s.start, s.end]),
      [
        [2, 52],
        [53, 79],
      ],
    );
  });
});
