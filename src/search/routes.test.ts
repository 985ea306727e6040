// The JSON search and the OpenSearch description over real HTTP, on both databases: answers, 400s with a
// message for what cannot be searched, and never a 500 for hostile input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { importSeed, startTestApp, type RunningApp } from '../../test/support.ts';
import { DIALECTS } from '../store/testing.ts';
import type { SearchResults } from './index.ts';

for (const dialect of DIALECTS) {
  describe(`search over HTTP (${dialect.name})`, () => {
    let site: RunningApp;
    before(async () => {
      site = await startTestApp(dialect);
      await importSeed(site.app);
    });
    after(() => site.stop());

    const get = (path: string, language = 'en') => fetch(`${site.baseUrl}${language === 'en' ? '/en' : ''}${path}`);
    const search = (params: Record<string, string>, language?: string) =>
      get(`/api/v1/search?${new URLSearchParams(params).toString()}`, language);

    it('finds the seed article by an inflected word, with a snippet in segments', async () => {
      const res = await search({ q: 'Willige' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as SearchResults;
      assert.equal(body.total, 1);
      assert.equal(body.hits[0]?.slug, 'in-paris-trifft-sich-die-koalition-der-willigen');
      assert.ok(body.hits[0]?.snippet.every((s) => typeof s.text === 'string' && typeof s.hit === 'boolean'));
    });

    const BAD: [Record<string, string>, RegExp][] = [
      [{ q: 'x'.repeat(10_240) }, /at most 500/],
      [{ q: '-Koalition' }, /only excludes/],
      [{ q: 'Koalition', page: 'zwei' }, /page must be a whole number/],
      [{ q: 'Koalition', perPage: '51' }, /perPage must be a whole number from 1 to 50/],
      [{ q: 'Koalition', language: 'fr' }, /language must be de or en/],
      [{ q: 'Koalition', from: '2025-13-01' }, /from must be a date/],
    ];
    for (const [params, message] of BAD)
      it(`400 with a message: ${JSON.stringify(params).slice(0, 60)}`, async () => {
        const res = await search(params);
        assert.equal(res.status, 400);
        assert.match(((await res.json()) as { error: string }).error, message);
      });

    const GERMAN: [Record<string, string>, RegExp][] = [
      [{ q: 'x'.repeat(10_240) }, /^Die Suche ist 10\.240 Zeichen lang; durchsucht werden höchstens 500\.$/],
      [{ q: '-Koalition' }, /schließt nur Wörter aus/],
      [{ q: 'Koalition', perPage: '51' }, /^perPage muss eine ganze Zahl von 1 bis 50 sein\.$/],
      [{ q: 'Koalition', from: '2025-13-01' }, /^from muss ein Datum der Form JJJJ-MM-TT sein/],
    ];
    for (const [params, message] of GERMAN)
      it(`400 in German for a German reader: ${JSON.stringify(params).slice(0, 60)}`, async () => {
        const res = await search(params, 'de-DE,de;q=0.9');
        assert.equal(res.status, 400);
        assert.match(((await res.json()) as { error: string }).error, message);
      });

    it('answers hostile queries with 200 or 400, never 500', async () => {
      for (const q of [
        '"',
        "'; drop table articles; --",
        'NEAR(a b)',
        'a*',
        '\0',
        '(((',
        'OR',
        '-"',
        '%00',
        'ä\u0301ß',
      ])
        assert.ok([200, 400].includes((await search({ q })).status), q);
      assert.equal((await get('/api/v1/search?q=%E0%A4%A')).status < 500, true);
    });

    it('describes the search for browsers (OpenSearch) and links the description from every page', async () => {
      const res = await get('/opensearch.xml');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/opensearchdescription\+xml/);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(await res.text()) as {
        OpenSearchDescription: { Url: { '@_type': string; '@_template': string }[] };
      };
      const html = doc.OpenSearchDescription.Url.find((u) => u['@_type'] === 'text/html');
      assert.equal(html?.['@_template'], `${site.baseUrl}/suche?q={searchTerms}`);
      const suggestions = doc.OpenSearchDescription.Url.find((u) => u['@_type'] === 'application/x-suggestions+json');
      assert.equal(suggestions?.['@_template'], `${site.baseUrl}/suche/vorschlaege?q={searchTerms}`);
      const offered = await get(
        new URL(suggestions['@_template'].replace('{searchTerms}', 'Koal')).pathname + '?q=Koal',
      );
      assert.match(offered.headers.get('content-type') ?? '', /^application\/x-suggestions\+json/);
      const [typed, list] = (await offered.json()) as [string, string[]];
      assert.equal(typed, 'Koal');
      assert.ok(
        list.some((w) => w.startsWith('Koalition')),
        `suggestions for Koal: ${JSON.stringify(list)}`,
      );
      const front = await (await get('/')).text();
      assert.match(front, /<link rel="search" type="application\/opensearchdescription\+xml" href="\/opensearch\.xml"/);
    });
  });
}
