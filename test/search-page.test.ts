// The search page and its suggestions over real HTTP, against each database: results with escaped, highlighted
// snippets, filters, the helpful empty result, hostile queries (400 or an empty result, never a 500), English.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importPaths } from '../src/article/import/importer.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { importSeed, runArticleEvents, startTestApp, type RunningApp } from './support.ts';

const HOSTILE = `<script>alert("x")</script> & "Zitat"`;

for (const dialect of DIALECTS) {
  describe(`search page (${dialect.name})`, () => {
    let running: RunningApp;
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(running.baseUrl + path, { headers });
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
    };

    before(async () => {
      running = await startTestApp(dialect, { demo: true });
      await importSeed(running.app);
      const dir = await mkdtemp(join(tmpdir(), 'blattwerk-search-page-'));
      await writeFile(
        join(dir, 'zaun.md'),
        `---\nid: zaunkoenig\nkicker: ${JSON.stringify(`Natur ${HOSTILE}`)}\nheadline: Der Zaunkönig ist zurück\ntypeset: false\ndate: 2025-04-02\ntopics: [Natur]\n---\n\nIm Stadtpark singt wieder ein Zaunkönig. ${HOSTILE}\n`,
      );
      const results = await importPaths(running.app.db, [dir], { listeners: running.app.articleEvents });
      assert.ok(results.every((r) => r.ok));
      await runArticleEvents(running.app);
      await rm(dir, { recursive: true, force: true });
    });

    after(() => running?.stop());

    it('lists ranked results with kicker, headline, date and the matched word marked', async () => {
      const r = await get('/suche?q=Bodentruppe');
      assert.equal(r.status, 200);
      assert.match(r.body, /<h1>Suche nach „Bodentruppe“<\/h1>/);
      assert.match(r.body, /<ol class="results" aria-label="Suchergebnisse" start="1">/);
      assert.match(r.body, /<mark>Bodentruppen<\/mark>/i, 'the inflected form in the text is marked');
      assert.match(r.body, /<time datetime="2025-03">März 2025<\/time>/);
      assert.match(r.body, /<meta name="robots" content="noindex">/);
      assert.match(r.body, /href="\/folgen\?item=search%3ABodentruppe"/, 'the follow link names the search');
    });

    it('escapes what articles say: a kicker or snippet with markup is text', async () => {
      const r = await get('/suche?q=Zaunk%C3%B6nig');
      assert.equal(r.status, 200);
      assert.ok(!r.body.includes('<script>alert'), 'no markup from the article');
      assert.match(
        r.body,
        /<p class="kicker">Natur &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &quot;Zitat&quot;<\/p>/,
      );
      assert.match(r.body, /<mark>Zaunkönig<\/mark>/);
    });

    it('filters by topic, author, entity, dates and language, and keeps them in the page links', async () => {
      const all = await get('/suche?q=Paris');
      const count = (body: string) => (body.match(/<article class="result"/g) ?? []).length;
      assert.ok(count(all.body) >= 2);
      const byAuthor = await get('/suche?q=Paris&autor=lena-hartmann');
      assert.ok(count(byAuthor.body) >= 1 && count(byAuthor.body) < count(all.body));
      assert.match(byAuthor.body, /<option value="lena-hartmann" selected>/);
      assert.match(byAuthor.body, /<details class="search-filters" open>/, 'an active filter opens the filters');
      const byEntity = await get('/suche?q=Paris&wer=emmanuel-macron');
      assert.ok(count(byEntity.body) >= 1);
      const outside = await get('/suche?q=Paris&von=2026-01-01&bis=2026-01-31');
      assert.equal(count(outside.body), 0, 'nothing about Paris in January 2026');
      const english = await get('/suche?q=Paris&sprache=en');
      assert.equal(count(english.body), 0, 'the Paris articles are German');
    });

    it('helps when nothing is found: a spelling suggestion, close topics and people', async () => {
      const r = await get('/suche?q=Koalitoin');
      assert.equal(r.status, 200);
      assert.match(r.body, /Keine Artikel zu „Koalitoin“/);
      assert.match(r.body, /Meinten Sie <a href="\/suche\?q=koalition">koalition<\/a>\?/);
      const close = await get('/suche?q=Ukrane%20Selenski');
      // The topic Ukraine is the place Ukraine, with one page: offered once.
      assert.match(close.body, /<a href="\/ort\/ukraine">Ukraine<\/a>/);
      assert.doesNotMatch(close.body, /<a href="\/thema\/ukraine">/);
      assert.match(close.body, /<a href="\/person\/wolodymyr-selenskyj">Wolodymyr Selenskyj<\/a>/);
    });

    it('answers hostile or malformed queries with 400 and a reason, or an empty result; never a 500', async () => {
      const cases: [string, number, RegExp][] = [
        ['/suche?q=-Paris', 400, /role="alert"/],
        [`/suche?q=${'a'.repeat(10_000)}`, 400, /höchstens 500 Zeichen/],
        ['/suche?q=Paris&von=2025-13-01', 400, /Das Datum „von“ ist ungültig/],
        ['/suche?q=Paris&seite=0', 400, /Seitenzahl ist ungültig/],
        ['/suche?q=Paris&seite=999', 400, /Seitenzahl ist ungültig/],
        [`/suche?q=${encodeURIComponent("' OR 1=1; --")}`, 200, /Suche nach/],
        [`/suche?q=${encodeURIComponent('"Koalition der')}`, 200, /Suche nach/],
        [`/suche?q=${encodeURIComponent('NEAR(a b) * ^ : ( ) {col}')}`, 200, /Suche nach/],
        ['/suche?q=%00', 200, /Suche/],
        ['/suche?q=Paris&wer=%00', 400, /role="alert"/],
      ];
      for (const [path, status, body] of cases) {
        const r = await get(path);
        assert.equal(r.status, status, path.slice(0, 80));
        assert.match(r.body, body, path.slice(0, 80));
      }
    });

    it('speaks English at /en/search', async () => {
      const r = await get('/en/search?q=Koalition');
      assert.equal(r.status, 200);
      assert.match(r.body, /<h1>Search for “Koalition”<\/h1>/);
      assert.match(r.body, /action="\/en\/search"/);
      assert.match(r.body, /Follow this search/);
    });

    it('suggests completions as OpenSearch suggestions: names first, then words of headlines', async () => {
      const r = await get('/suche/vorschlaege?q=Sel');
      assert.equal(r.status, 200);
      assert.match(r.type, /^application\/x-suggestions\+json/);
      const [typed, list] = JSON.parse(r.body) as [string, string[]];
      assert.equal(typed, 'Sel');
      assert.equal(list[0], 'Wolodymyr Selenskyj');
      const [, completed] = JSON.parse((await get('/suche/vorschlaege?q=Der%20Zaunk')).body) as [string, string[]];
      assert.deepEqual(completed, ['Der Zaunkönig'], 'the last word is completed, the rest kept');
      assert.deepEqual(JSON.parse((await get('/suche/vorschlaege?q=a')).body), ['a', []]);
      assert.deepEqual(JSON.parse((await get('/suche/vorschlaege')).body), ['', []]);
    });
  });
}
