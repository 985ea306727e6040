// The query parser and the words-to-terms pipeline, without a database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fts5Match, parseQuery, QueryError, termQuery, tsQuery } from './query.ts';
import { queryTerms, term, words } from './text.ts';

describe('parseQuery', () => {
  const CASES: [string, ReturnType<typeof parseQuery>][] = [
    ['Koalition Willigen', { all: [[['Koalition']], [['Willigen']]], none: [] }],
    ['"Koalition der Willigen"', { all: [[['Koalition', 'der', 'Willigen']]], none: [] }],
    ['Ukraine-Krieg', { all: [[['Ukraine', 'Krieg']]], none: [] }],
    ['Gipfel -Paris -"Rom Mailand"', { all: [[['Gipfel']]], none: [['Paris'], ['Rom', 'Mailand']] }],
    ['Paris OR Rom Gipfel', { all: [[['Paris'], ['Rom']], [['Gipfel']]], none: [] }],
    ['Paris or Rom', { all: [[['Paris']], [['or']], [['Rom']]], none: [] }],
    ['OR Paris OR', { all: [[['Paris']]], none: [] }],
    ['-Paris OR Rom', { all: [[['Rom']]], none: [['Paris']] }],
    ['"unbalanced quote', { all: [[['unbalanced', 'quote']]], none: [] }],
    ['a - b', { all: [[['a']], [['b']]], none: [] }],
    ['*:() ;--', { all: [], none: [] }],
    ['Koa\0lition', { all: [[['Koa']], [['lition']]], none: [] }],
  ];
  for (const [q, expected] of CASES)
    it(JSON.stringify(q), () => {
      assert.deepEqual(parseQuery(q), expected);
    });

  it('refuses what cannot be a search, naming why', () => {
    assert.throws(
      () => parseQuery('x'.repeat(10_240)),
      (e) => e instanceof QueryError && /10240 characters/.test(e.message),
    );
    assert.throws(() => parseQuery(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' ')), /more than 16 words/);
    assert.throws(() => parseQuery('-Paris'), /only excludes/);
  });
});

describe('terms', () => {
  it('cuts words in one pass: letters, digits, marks; everything else separates', () => {
    const text = 'Baden-Württemberg: „Koalition“ 2025\u0000x e\u0301 🙂';
    assert.deepEqual(
      words(text).map((w) => text.slice(w.start, w.end)),
      ['Baden', 'Württemberg', 'Koalition', '2025', 'x', 'e\u0301'],
    );
  });

  it('folds umlauts, ß and spelled-out umlauts to one stem', () => {
    const groups = [
      ['München', 'Muenchen', 'MÜNCHEN', 'munchen'],
      ['Straße', 'Strasse', 'STRASSE'],
      ['Länder', 'Land', 'Laender'],
      ['Bodentruppen', 'Bodentruppe'],
    ];
    for (const g of groups) assert.equal(new Set(g.map((w) => term(w, 'de'))).size, 1, g.join(' '));
    // A u between vowels is no umlaut: "neue" is not "neü".
    assert.equal(term('neue', 'de'), 'neu');
    assert.equal(term('Quelle', 'de'), 'quell');
    assert.equal(term('Macrón', 'de'), 'macron');
  });

  it('adds or drops the genitive s Snowball keeps after some letters, nowhere else', () => {
    assert.deepEqual(queryTerms('Selenskyj', 'de'), ['selenskyj', 'selenskyjs']);
    assert.deepEqual(queryTerms('Selenskyjs', 'de'), ['selenskyjs', 'selenskyj']);
    assert.deepEqual(queryTerms('Gipfel', 'de'), ['gipfel']);
    assert.deepEqual(queryTerms('Strasse', 'de'), ['strass']);
    assert.deepEqual(queryTerms('Obamas', 'en'), ['obama']);
  });

  it('writes FTS5 and tsquery syntax from terms only', () => {
    const q = termQuery(parseQuery('"Koalition der Willigen" Mailand OR Rom -Gipfel'), ['de']);
    assert.equal(fts5Match(q), '("koalition der willig") AND ("mailand" OR "rom") NOT (("gipfel"))');
    assert.equal(tsQuery(q), "(('koalition' <-> 'der' <-> 'willig')) & ('mailand' | 'rom') & !(('gipfel'))");
  });
});
