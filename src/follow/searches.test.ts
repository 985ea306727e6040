// Followed searches on each database: one key per search however it was typed, matching articles recorded on
// publish and dropped when an edit stops matching, the stream and the fan-out's items reading them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Article, parsePublicationDate, plain, saveArticle } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { importSeed, startTestApp, type RunningApp } from '../../test/support.ts';
import { addFollow, checkFollowable, createFollower } from './followers.ts';
import { articleItems, normaliseSearch, parseItem, searchItem } from './items.ts';
import { tokenHash } from './reader.ts';
import { matchFollowedSearches, seedSearchMatches } from './searches.ts';
import { streamArticles } from './stream.ts';

describe('a followed search is one key however it was typed', () => {
  const cases: [string, string][] = [
    ['  Koalition   der\tWilligen ', 'koalition der willigen'],
    ['Radweg OR Stadtbibliothek', 'radweg OR stadtbibliothek'],
    ['Radweg ODER Stadtbibliothek', 'radweg ODER stadtbibliothek'],
    ['"Koalition der Willigen" -Trump', '"koalition der willigen" -trump'],
    ['MÜNCHEN', 'münchen'],
    ['Mu\u0308nchen', 'münchen'],
    ['', ''],
    ['   ', ''],
    ['Paris\u0001', ''],
    ['x'.repeat(201), ''],
  ];
  for (const [typed, key] of cases)
    it(`${JSON.stringify(typed.slice(0, 30))} → ${JSON.stringify(key)}`, () => {
      assert.equal(normaliseSearch(typed), key);
    });

  it('parses only normalised keys, and checkFollowable normalises what was typed', () => {
    assert.deepEqual(parseItem('search:koalition der willigen'), { kind: 'search', key: 'koalition der willigen' });
    assert.equal(parseItem('search:Koalition'), undefined);
    assert.equal(parseItem('search:'), undefined);
    assert.equal(searchItem('  '), undefined);
  });
});

for (const dialect of DIALECTS) {
  describe(`followed searches (${dialect.name})`, () => {
    let running: RunningApp;
    let seed: Article;

    before(async () => {
      running = await startTestApp(dialect, { demo: true });
      seed = await importSeed(running.app);
    });
    after(() => running?.stop());

    const article = (headline: string, text: string, status: 'published' | 'draft' = 'published') => {
      const published = parsePublicationDate('2025-04-01');
      assert.ok(typeof published !== 'string');
      return {
        importKey: `search-test-${headline}`,
        headline,
        lead: text,
        body: [{ type: 'paragraph' as const, ...plain(text) }],
        authors: [],
        topics: [],
        language: 'de',
        published,
        status,
      };
    };

    it('checkFollowable accepts a search as typed and answers with its key', async () => {
      assert.deepEqual(await checkFollowable(running.app.db, 'search:  Koalition  der Willigen'), {
        ok: true,
        item: 'search:koalition der willigen',
      });
      const empty = await checkFollowable(running.app.db, 'search:   ');
      assert.equal(empty.ok, false);
    });

    it('records the followed searches a published article matches; the stream and the fan-out read them', async () => {
      const { db } = running.app;
      const reader = await createFollower(db, tokenHash('search-reader'));
      await addFollow(db, dialect.name, reader.id, 'search:bodentruppe');
      await addFollow(db, dialect.name, reader.id, 'search:zaunkönig');
      await addFollow(db, dialect.name, reader.id, 'search:-nur');
      assert.deepEqual(await matchFollowedSearches(running.app, seed), ['search:bodentruppe']);
      assert.ok((await articleItems(db, seed.id)).includes('search:bodentruppe'), 'the fan-out finds the follower');
      const stream = await streamArticles(db, ['search:bodentruppe'], 10);
      assert.deepEqual(
        stream.map((a) => a.id),
        [seed.id],
      );

      const { article: bird } = await saveArticle(db, article('Vogel des Jahres', 'Der Zaunkönig singt.'), {
        by: 'test',
      });
      assert.deepEqual(await matchFollowedSearches(running.app, bird), ['search:zaunkönig']);
      // An edit that takes the word out takes the article out of the search's stream.
      const { article: edited } = await saveArticle(db, article('Vogel des Jahres', 'Die Amsel singt.'), {
        by: 'test',
      });
      assert.deepEqual(await matchFollowedSearches(running.app, edited), []);
      assert.ok(!(await articleItems(db, bird.id)).includes('search:zaunkönig'));
      const { article: draft } = await saveArticle(db, article('Entwurf', 'Zaunkönig im Entwurf.', 'draft'), {
        by: 'test',
      });
      assert.deepEqual(await matchFollowedSearches(running.app, draft), [], 'a draft matches nothing');
    });

    it('a search followed for the first time brings its best current matches into the stream', async () => {
      const { db } = running.app;
      await seedSearchMatches(running.app, 'search:paris');
      const stream = await streamArticles(db, ['search:paris'], 10);
      assert.ok(stream.some((a) => a.id === seed.id));
      assert.ok(stream.every((a) => a.status === 'published'));
    });
  });
}
