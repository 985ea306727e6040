// The sitemap index and its parts on every dialect, with parts of three places so a few articles fill several:
// every published article once per language with both addresses, drafts and withdrawn articles nowhere, no part
// over its bound, the index naming exactly the parts there are.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { parsePublicationDate, type Article, type ArticleInput } from './model.ts';
import { sitemapIndex, sitemapPart } from './sitemap.ts';
import { changeState, saveArticle } from './store.ts';

const BASE = 'https://zeitung.example';
const PER_PART = 3;

function input(n: number, over: Partial<ArticleInput> = {}): ArticleInput {
  const published = parsePublicationDate(`2025-04-${String(n).padStart(2, '0')}`);
  if (typeof published === 'string') throw new Error(published);
  return {
    importKey: `sitemap:${n}`,
    headline: `Nachricht ${n}`,
    lead: 'Vorspann.',
    body: [{ type: 'paragraph', text: 'Text.', marks: [] }],
    authors: [],
    topics: [],
    language: 'de',
    published,
    status: 'published',
    ...over,
  };
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

for (const dialect of DIALECTS) {
  describe(`sitemaps (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    it('has the front page in the first part of each language while there are no articles', async () => {
      const index = await sitemapIndex(store.db, BASE, PER_PART);
      assert.deepEqual(locs(index), [`${BASE}/sitemap-de-1.xml`, `${BASE}/sitemap-en-1.xml`]);
      assert.deepEqual(locs((await sitemapPart(store.db, BASE, 'en', 0, PER_PART))!), [`${BASE}/en/`]);
      assert.equal(await sitemapPart(store.db, BASE, 'de', 1, PER_PART), undefined);
    });

    it('splits the places into parts per language, oldest first, each naming both addresses', async () => {
      const saved: Article[] = [];
      for (let n = 1; n <= 7; n++) saved.push((await saveArticle(store.db, input(n), { by: 'test' })).article);
      await saveArticle(store.db, input(8, { status: 'draft' }), { by: 'test' });
      const withdrawn = await saveArticle(store.db, input(9), { by: 'test' });
      await changeState(store.db, withdrawn.article.id, { to: 'withdrawn', note: 'Rechte' }, { by: 'test' });

      // The front page and seven articles: eight places, three parts of at most three.
      const index = await sitemapIndex(store.db, BASE, PER_PART);
      assert.equal(XMLValidator.validate(index), true);
      assert.match(index, /<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
      assert.deepEqual(
        locs(index),
        ['de', 'en'].flatMap((l) => [1, 2, 3].map((n) => `${BASE}/sitemap-${l}-${n}.xml`)),
      );
      // Each part's last change is its newest article's: articles 2, 5 and 7.
      const newest = [2, 5, 7].map((n) => saved[n - 1]!.published.instant.toISOString());
      assert.deepEqual(
        [...index.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1]),
        [...newest, ...newest],
      );

      for (const [locale, prefix] of [
        ['de', ''],
        ['en', '/en'],
      ] as const) {
        const parts: string[] = [];
        for (let part = 0; ; part++) {
          const xml = await sitemapPart(store.db, BASE, locale, part, PER_PART);
          if (xml === undefined) break;
          assert.equal(XMLValidator.validate(xml), true, `${locale} part ${part}`);
          assert.ok(locs(xml).length <= PER_PART, `${locale} part ${part} holds at most ${PER_PART}`);
          parts.push(xml);
        }
        assert.equal(parts.length, 3, `${locale}: the index's parts, no more`);
        assert.deepEqual(parts.flatMap(locs), [
          `${BASE}${prefix}/`,
          ...[1, 2, 3, 4, 5, 6, 7].map((n) => `${BASE}${prefix}/artikel/nachricht-${n}`),
        ]);
        const all = parts.join('\n');
        assert.doesNotMatch(all, /nachricht-8|nachricht-9/, 'neither the draft nor the withdrawn article');
        const four = `${BASE}${prefix}/artikel/nachricht-4`;
        const entry = all.split('\n').find((line) => line.startsWith(`<url><loc>${four}</loc>`));
        assert.equal(
          entry,
          `<url><loc>${four}</loc><lastmod>${saved[3]!.published.instant.toISOString()}</lastmod>` +
            `<xhtml:link rel="alternate" hreflang="de" href="${BASE}/artikel/nachricht-4"/>` +
            `<xhtml:link rel="alternate" hreflang="en" href="${BASE}/en/artikel/nachricht-4"/></url>`,
          `${locale}: an article with its last change and both addresses`,
        );
      }
    });
  });
}
