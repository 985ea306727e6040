// Both databases answer alike: on one generated corpus, every query of a mix finds the same articles on SQLite
// and PostgreSQL, and the same first results, although bm25 and ts_rank_cd score differently.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePublicationDate, saveArticle, type ArticleInput } from '../article/index.ts';
import type { App } from '../kernel/index.ts';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { rankedIds } from './engine.ts';
import { reindex, searchArticles } from './index.ts';
import { parseQuery, termQuery } from './query.ts';
import { LANGUAGES } from './text.ts';

const SUBJECTS = ['Die Koalition', 'Der Gipfel', 'Die Bundesregierung', 'Der Stadtrat', 'Die Feuerwehr', 'Das Gericht'];
const VERBS = ['berät über', 'streitet über', 'beschließt', 'vertagt', 'prüft', 'lehnt ab:'];
const OBJECTS = ['Bodentruppen', 'die Waffenruhe', 'den Haushalt', 'die Straßenbahn', 'neue Schulen', 'das Klimaziel'];
const PLACES = ['in Paris', 'in München', 'in Berlin', 'in Kiew', 'in Brüssel', 'in Hamburg'];

/** A deterministic corpus: 72 articles whose sentences combine the lists, dated over two years. */
function corpus(): ArticleInput[] {
  const out: ArticleInput[] = [];
  for (let i = 0; i < 72; i++) {
    const pick = (list: string[], k: number) => list[(i * k + Math.floor(i / list.length)) % list.length] ?? '';
    const sentence = (k: number) =>
      `${pick(SUBJECTS, k)} ${pick(VERBS, k + 1)} ${pick(OBJECTS, k + 2)} ${pick(PLACES, k + 3)}.`;
    const day = new Date(Date.UTC(2024, 0, 1 + i * 10)).toISOString().slice(0, 10);
    const published = parsePublicationDate(day);
    if (typeof published === 'string') throw new Error(published);
    out.push({
      importKey: `a${i}`,
      headline: `${pick(OBJECTS, 1)} ${pick(PLACES, 5)} ${i}`,
      lead: sentence(1),
      body: [2, 3, 5, 7].map((k) => ({ type: 'paragraph' as const, text: sentence(k).repeat(1 + (i % 3)), marks: [] })),
      authors: [],
      topics: [],
      language: 'de',
      published,
      status: 'published',
    });
  }
  return out;
}

const QUERIES = [
  'Bodentruppen',
  'Bodentruppe München',
  'Waffenruhe',
  '"neue Schulen"',
  'Haushalt -Berlin',
  'Kiew OR Brüssel',
  'Strassenbahn',
  'Muenchen',
  'Gericht Klimaziel',
  'Koalition',
];

describe('both databases return the same results', () => {
  const apps: { name: string; app: App; store: Store }[] = [];
  before(async () => {
    for (const dialect of DIALECTS) {
      const store = await openTestStore(dialect, MIGRATIONS);
      const app = { db: store.db, dialect: store.dialect } as App;
      for (const input of corpus()) await saveArticle(store.db, input, { by: 'test', listeners: {} });
      await reindex(app);
      apps.push({ name: dialect.name, app, store });
    }
  });
  after(async () => {
    for (const a of apps) await a.store.close();
  });

  for (const q of QUERIES)
    it(q, async () => {
      const results = await Promise.all(
        apps.map(async (a) => ({ name: a.name, r: await searchArticles(a.app, { q, perPage: 50 }) })),
      );
      const [first, ...others] = results;
      assert.ok(first && first.r.total > 0, 'the query finds something');
      for (const other of others) {
        assert.equal(other.r.total, first.r.total, `${other.name} finds as many as ${first.name}`);
        assert.deepEqual(other.r.hits.map((h) => h.slug).sort(), first.r.hits.map((h) => h.slug).sort());
        assert.deepEqual(
          other.r.hits.slice(0, 3).map((h) => h.slug),
          first.r.hits.slice(0, 3).map((h) => h.slug),
          `${other.name} ranks the top three like ${first.name}`,
        );
      }
    });

  // The engine ranks only the newest CANDIDATES matches; with a window of 5 the corpus shows what that gives up,
  // and both databases must give up the same.
  for (const q of ['Bodentruppen', 'Gericht Klimaziel', 'Kiew OR Brüssel'])
    it(`ranks the same newest matches when the window is smaller than the matches: ${q}`, async () => {
      const now = Date.UTC(2026, 0, 1);
      const results = await Promise.all(
        apps.map(async (a) => {
          const rows = await a.store.db.selectFrom('articles').select(['id', 'slug', 'published_at']).execute();
          const slug = new Map(rows.map((r) => [r.id, r.slug]));
          const published = new Map(rows.map((r) => [r.slug, r.published_at]));
          const terms = termQuery(parseQuery(q), LANGUAGES);
          const all = await rankedIds(a.app.db, a.app.dialect, terms, {}, 100, 0, now, 100);
          const window = await rankedIds(a.app.db, a.app.dialect, terms, {}, 3, 0, now, 5);
          const slugs = (r: typeof all) => r.ids.map((h) => slug.get(h.id) ?? '');
          return { name: a.name, all, window, allSlugs: slugs(all), windowSlugs: slugs(window), published };
        }),
      );
      const [first, ...others] = results;
      assert.ok(first && first.all.total > 5, 'the query matches more than the window');
      assert.equal(first.window.total, first.all.total, 'the count goes beyond the window');
      assert.equal(first.window.ranked, 5);
      assert.equal(first.windowSlugs.length, 3);
      // The window holds the newest five matches, ranked: each of its first three is at least as new as the fifth.
      const date = (s: string) => first.published.get(s) ?? '';
      const fifth = first.allSlugs.map(date).sort().reverse()[4] ?? '';
      for (const s of first.windowSlugs) assert.ok(date(s) >= fifth, `${s} is one of the five newest`);
      for (const other of others) {
        assert.equal(other.window.total, first.window.total);
        assert.deepEqual(other.windowSlugs, first.windowSlugs, `${other.name} ranks the window like ${first.name}`);
      }
    });

  // A phrase is checked among the newest articles holding all its words (PHRASE_WINDOW); with a window of 4 the
  // corpus shows what that gives up, and both databases must give up the same.
  it('looks for a phrase among the same newest articles holding its words', async () => {
    const now = Date.UTC(2026, 0, 1);
    const results = await Promise.all(
      apps.map(async (a) => {
        const rows = await a.store.db.selectFrom('articles').select(['id', 'slug']).execute();
        const slug = new Map(rows.map((r) => [r.id, r.slug]));
        const slugs = async (q: string, window: number) =>
          (
            await rankedIds(a.app.db, a.app.dialect, termQuery(parseQuery(q), LANGUAGES), {}, 100, 0, now, 100, window)
          ).ids
            .map((h) => slug.get(h.id) ?? '')
            .sort();
        return {
          name: a.name,
          all: await slugs('"neue Schulen"', 1000),
          window: await slugs('"neue Schulen"', 4),
          newest: (await slugs('neue Schulen', 1000)).length,
          words: await rankedIds(
            a.app.db,
            a.app.dialect,
            termQuery(parseQuery('neue Schulen'), LANGUAGES),
            {},
            4,
            0,
            now,
            4,
          ),
          slug,
        };
      }),
    );
    const [first, ...others] = results;
    assert.ok(first && first.newest > 4, 'more articles hold the words than the window');
    assert.ok(first.window.length > 0 && first.window.length < first.all.length, 'the window finds some, not all');
    // Every phrase match the window finds is one of the four newest articles holding both words.
    const newestFour = new Set(first.words.ids.map((h) => first.slug.get(h.id) ?? ''));
    for (const s of first.window) assert.ok(newestFour.has(s), `${s} is one of the four newest`);
    for (const other of others) {
      assert.deepEqual(other.all, first.all, `${other.name} finds the phrase like ${first.name}`);
      assert.deepEqual(other.window, first.window, `${other.name} checks the same window as ${first.name}`);
    }
  });
});
