import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdown } from './markdown.ts';

const doc = `---
id: beispiel-1
kicker: Dachzeile
headline: Die Überschrift
date: 2025-03-27
authors: [Ana Beispiel, Bo Muster]
topics: Europa, Ukraine
---

Der Vorspann mit **fetten** und *kursiven* Wörtern und einem [Link](https://example.org).

## Eine Zwischenzeile

Ein Absatz
über zwei Zeilen.

> Ein Zitat,
> das weitergeht.
> — Eine Sprecherin

> Ohne Quelle.
`;

describe('Markdown with front matter', () => {
  it('maps front matter and body onto the content model', () => {
    const a = parseMarkdown(doc);
    assert.equal(a.importKey, 'id:beispiel-1');
    assert.equal(a.kicker, 'Dachzeile');
    assert.equal(a.headline, 'Die Überschrift');
    assert.equal(a.published.precision, 'day');
    assert.deepEqual(a.authors, ['Ana Beispiel', 'Bo Muster']);
    assert.deepEqual(a.topics, ['Europa', 'Ukraine']);
    assert.equal(a.lead, 'Der Vorspann mit fetten und kursiven Wörtern und einem Link.');
    assert.deepEqual(a.body, [
      { type: 'subheading', level: 2, text: 'Eine Zwischenzeile', marks: [] },
      { type: 'paragraph', text: 'Ein Absatz über zwei Zeilen.', marks: [] },
      { type: 'quote', text: 'Ein Zitat, das weitergeht.', marks: [], cite: 'Eine Sprecherin' },
      { type: 'quote', text: 'Ohne Quelle.', marks: [] },
    ]);
    assert.equal(a.language, 'de');
    assert.equal(a.status, 'published');
  });
  it('takes lead from front matter and headline from a "# " line', () => {
    const a = parseMarkdown(
      '---\ndate: 2025-03\nlead: Vorspann aus dem Kopf.\nlanguage: en\nstatus: draft\n---\n# Titel im Text\n\nErster Absatz.\n',
    );
    assert.equal(a.headline, 'Titel im Text');
    assert.equal(a.lead, 'Vorspann aus dem Kopf.');
    assert.deepEqual(a.body, [{ type: 'paragraph', text: 'Erster Absatz.', marks: [] }]);
    assert.equal(a.language, 'en');
    assert.equal(a.status, 'draft');
    assert.equal(a.published.precision, 'month');
  });
  it('keeps snake_case words and lone asterisks as they are', () => {
    const a = parseMarkdown('---\ndate: 2025-03\nheadline: H\n---\nDie Variable file_name_x kostet 5 * 3 Euro.\n');
    assert.equal(a.lead, 'Die Variable file_name_x kostet 5 * 3 Euro.');
  });

  const bad: [string, string, RegExp][] = [
    ['no front matter', '# Titel\n\nText.', /missing front matter/],
    ['invalid YAML', '---\ndate: [2025\n---\nText.', /not valid YAML/],
    ['a list as front matter', '---\n- a\n---\nText.', /mapping/],
    ['no date', '---\nheadline: H\n---\nText.', /missing date/],
    ['impossible date', '---\nheadline: H\ndate: 2025-13\n---\nText.', /no month 13/],
    ['no headline', '---\ndate: 2025-03\n---\nText.', /no headline/],
    ['no lead', '---\ndate: 2025-03\nheadline: H\n---\n## Nur Zwischenzeile\n', /no lead/],
    ['an unknown field', '---\ndate: 2025-03\nheadline: H\ntitel: x\n---\nText.', /unknown front matter field "titel"/],
    ['a bad status', '---\ndate: 2025-03\nheadline: H\nstatus: live\n---\nText.', /status "live"/],
    ['a mapping where text belongs', '---\ndate: 2025-03\nheadline: {a: 1}\n---\nText.', /"headline" must be text/],
  ];
  for (const [name, input, reason] of bad)
    it(`refuses ${name}`, () => assert.throws(() => parseMarkdown(input), reason));
});
