// News folgen's storage on every dialect: recognition stored for the seed, follows, limits, fan-out order,
// the editors' corrections and the personal stream.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type Article, importPaths, parsePublicationDate, saveArticle } from '../article/index.ts';
import type { Store } from '../store/db.ts';
import { watchPageChanges } from '../store/page-changes.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import {
  articleEntities,
  countEntityArticles,
  entityArticles,
  getEntity,
  listEntities,
  mergeEntities,
  removeEntity,
  renameEntity,
  acceptEntity,
} from './entity-store.ts';
import {
  addFollow,
  checkFollowable,
  createFollower,
  deleteFollower,
  followerByTokenHash,
  listFollows,
  MAX_FOLLOWS,
  removeFollow,
} from './followers.ts';
import { articleItems, followersOfItems } from './items.ts';
import { tokenHash } from './reader.ts';
import { recognizeArticle } from './recognition.ts';
import { countStreamArticles, streamArticles } from './stream.ts';
import { MIGRATIONS } from '../migrations.ts';

const SEED_PATH = fileURLToPath(
  new URL('../../../shared/seed/article-2025-03-koalition-der-willigen.txt', import.meta.url),
);

const EXPECTED = [
  'emmanuel-macron',
  'wolodymyr-selenskyj',
  'donald-trump',
  'steve-witkoff',
  'wladimir-putin',
  'mark-rutte',
  'olaf-scholz',
  'donald-tusk',
  'giorgia-meloni',
  'paris',
  'ukraine',
  'united-states',
  'nato',
  'european-union',
];

async function collect(iter: AsyncIterable<string[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of iter) out.push(batch);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`follow storage (${dialect.name})`, () => {
    let store: Store;
    let seed: Article;

    before(async () => {
      assert.ok(existsSync(SEED_PATH), `the seed article is missing at ${SEED_PATH}`);
      store = await openTestStore(dialect, MIGRATIONS);
      const [result] = await importPaths(store.db, [SEED_PATH]);
      assert.ok(result?.ok, 'seed imported');
      seed = result.article;
      await recognizeArticle(store.db, seed);
    });
    after(() => store.close());

    it("stores the seed's people, places and organisations with their mentions, and nothing from the page furniture", async () => {
      const found = await articleEntities(store.db, seed.id);
      const ids = found.map((f) => f.entity.id);
      for (const id of EXPECTED) assert.ok(ids.includes(id), `${id} found (got ${ids.join(', ')})`);
      assert.equal(found[0]?.entity.id, 'ukraine', 'Ukraine is mentioned most');
      assert.ok(
        (found.find((f) => f.entity.id === 'emmanuel-macron')?.mentions ?? 0) >= 6,
        'Macron, Macrons: every form counts',
      );
      const all = await listEntities(store.db);
      const names = all.map((e) => `${e.name} ${e.id}`).join(' | ');
      for (const furniture of ['Vorlesen', 'News folgen', 'Artikel teilen', 'date'])
        assert.ok(!names.includes(furniture), `no "${furniture}" in ${names}`);
      assert.ok(
        all.filter((e) => e.status === 'proposed').every((e) => !ids.includes(e.id)),
        "proposals are never listed as the article's entities",
      );
    });

    it("lists an article's items: topics, authors, then active entities by mentions", async () => {
      const items = await articleItems(store.db, seed.id);
      assert.equal(items[0], 'entity:ukraine');
      assert.ok(items.includes('entity:emmanuel-macron'));
      assert.equal(new Set(items).size, items.length);
      assert.ok(items.indexOf('entity:ukraine') < items.indexOf('entity:giorgia-meloni'));
      const date = parsePublicationDate('2025-03-01');
      assert.ok(typeof date !== 'string');
      const { article } = await saveArticle(
        store.db,
        {
          headline: 'Haushalt',
          lead: 'Die EU berät.',
          body: [],
          authors: ['Ana Beispiel', 'Bo Test'],
          topics: ['Europa', 'Geld'],
          language: 'de',
          published: date,
          status: 'published',
        },
        { by: 'test' },
      );
      await recognizeArticle(store.db, article);
      assert.deepEqual(await articleItems(store.db, article.id), [
        'topic:europa',
        'topic:geld',
        'author:ana-beispiel',
        'author:bo-test',
        // The topic "Europa" is the place Europa, though the text never names it; the EU is named.
        'entity:europe',
        'entity:european-union',
      ]);
    });

    it('yields each follower of several items once, in batches, resumable after a given id', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        const f = await createFollower(store.db, tokenHash(`fan-${i}`));
        ids.push(f.id);
        // Every follower follows two or three of the items.
        await addFollow(store.db, dialect.name, f.id, 'entity:ukraine');
        await addFollow(store.db, dialect.name, f.id, 'entity:emmanuel-macron');
        if (i % 2) await addFollow(store.db, dialect.name, f.id, 'entity:paris');
      }
      const other = await createFollower(store.db, tokenHash('other'));
      await addFollow(store.db, dialect.name, other.id, 'entity:nato');
      const batches = await collect(
        followersOfItems(store.db, ['entity:ukraine', 'entity:emmanuel-macron', 'entity:paris', 'topic:nothing'], {
          batchSize: 7,
        }),
      );
      assert.deepEqual(
        batches.map((b) => b.length),
        [7, 7, 7, 4],
      );
      const flat = batches.flat();
      assert.deepEqual(flat, [...ids].sort());
      const rest = (
        await collect(followersOfItems(store.db, ['entity:ukraine', 'entity:paris'], { after: flat[9]! }))
      ).flat();
      assert.deepEqual(rest, flat.slice(10));
      assert.deepEqual((await collect(followersOfItems(store.db, []))).flat(), []);
    });

    it('follows, unfollows and stops at the limit', async () => {
      const f = await createFollower(store.db, tokenHash('limit'));
      assert.equal(await addFollow(store.db, dialect.name, f.id, 'entity:ukraine'), 'followed');
      assert.equal(await addFollow(store.db, dialect.name, f.id, 'entity:ukraine'), 'already');
      assert.equal(await removeFollow(store.db, f.id, 'entity:ukraine'), true);
      assert.equal(await removeFollow(store.db, f.id, 'entity:ukraine'), false);
      const results = { followed: 0, already: 0, limit: 0 };
      // 10,000 attempts from one reader, a few at a time so PostgreSQL sees them race.
      for (let i = 0; i < 10_000; i += 50) {
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, k) => addFollow(store.db, dialect.name, f.id, `topic:t${i + k}`)),
        );
        for (const o of outcomes) results[o]++;
      }
      assert.deepEqual(results, { followed: MAX_FOLLOWS, already: 0, limit: 10_000 - MAX_FOLLOWS });
      assert.equal((await listFollows(store.db, f.id)).length, MAX_FOLLOWS);
    });

    it('says why an item cannot be followed', async () => {
      assert.deepEqual(await checkFollowable(store.db, 'entity:ukraine'), { ok: true, item: 'entity:ukraine' });
      assert.deepEqual(await checkFollowable(store.db, 'topic:europa'), { ok: true, item: 'topic:europa' });
      assert.deepEqual(await checkFollowable(store.db, 'author:bo-test'), { ok: true, item: 'author:bo-test' });
      assert.deepEqual(await checkFollowable(store.db, 'entity:nobody-known'), {
        ok: false,
        status: 404,
        reason: 'unknown',
      });
      assert.deepEqual(await checkFollowable(store.db, 'author:nobody'), { ok: false, status: 404, reason: 'unknown' });
      assert.deepEqual(await checkFollowable(store.db, 'thing:x'), { ok: false, status: 422, reason: 'malformed' });
      assert.deepEqual(await checkFollowable(store.db, 'entity:<script>'), {
        ok: false,
        status: 422,
        reason: 'malformed',
      });
      const proposed = (await listEntities(store.db, 'proposed'))[0];
      if (proposed)
        assert.deepEqual(await checkFollowable(store.db, `entity:${proposed.id}`), {
          ok: false,
          status: 404,
          reason: 'unknown',
        });
    });

    it('deletes a reader with all their follows', async () => {
      const f = await createFollower(store.db, tokenHash('leaving'));
      await addFollow(store.db, dialect.name, f.id, 'entity:usa');
      assert.equal((await followerByTokenHash(store.db, tokenHash('leaving')))?.id, f.id);
      await deleteFollower(store.db, f.id);
      assert.equal(await followerByTokenHash(store.db, tokenHash('leaving')), undefined);
      const left = await store.db.selectFrom('follows').select('item').where('follower_id', '=', f.id).execute();
      assert.deepEqual(left, []);
    });

    it("lists a reader's stream and an entity's articles newest first", async () => {
      const date = parsePublicationDate('2025-04-02');
      assert.ok(typeof date !== 'string');
      const { article: later } = await saveArticle(
        store.db,
        {
          headline: 'Macron empfängt Tusk in Paris',
          lead: 'Emmanuel Macron und Donald Tusk sprechen über die Nato.',
          body: [{ type: 'paragraph', text: 'Macron sagte, die Nato müsse handeln.', marks: [] }],
          authors: ['Test Autorin'],
          topics: ['Europa'],
          language: 'de',
          published: date,
          status: 'published',
        },
        { by: 'test' },
      );
      await recognizeArticle(store.db, later);
      assert.deepEqual(
        (await entityArticles(store.db, 'emmanuel-macron', 10)).map((a) => a.id),
        [later.id, seed.id],
      );
      assert.equal(await countEntityArticles(store.db, 'donald-tusk'), 2);
      assert.deepEqual(
        (await entityArticles(store.db, 'ukraine', 10)).map((a) => a.id),
        [seed.id],
      );
      assert.deepEqual(
        (await streamArticles(store.db, ['entity:ukraine', 'author:test-autorin'], 10)).map((a) => a.id),
        [later.id, seed.id],
      );
      assert.equal(await countStreamArticles(store.db, ['author:test-autorin']), 1);
      assert.deepEqual(await streamArticles(store.db, [], 10), []);
    });

    it('renames, merges and removes entities the way editors expect', async () => {
      await renameEntity(store.db, 'olaf-scholz', 'Olaf Scholz (SPD)');
      assert.equal((await getEntity(store.db, 'olaf-scholz'))?.name, 'Olaf Scholz (SPD)');

      const a = await createFollower(store.db, tokenHash('merge-a'));
      const b = await createFollower(store.db, tokenHash('merge-b'));
      await addFollow(store.db, dialect.name, a.id, 'entity:donald-tusk');
      await addFollow(store.db, dialect.name, b.id, 'entity:donald-tusk');
      await addFollow(store.db, dialect.name, b.id, 'entity:giorgia-meloni');
      const tuskArticles = await countEntityArticles(store.db, 'donald-tusk');
      await mergeEntities(store.db, 'donald-tusk', 'giorgia-meloni');
      assert.deepEqual(await listFollows(store.db, a.id), ['entity:giorgia-meloni']);
      assert.deepEqual(await listFollows(store.db, b.id), ['entity:giorgia-meloni']);
      assert.equal(await countEntityArticles(store.db, 'giorgia-meloni'), tuskArticles);
      const source = await getEntity(store.db, 'donald-tusk');
      assert.equal(source?.mergedInto, 'giorgia-meloni');
      assert.deepEqual(await checkFollowable(store.db, 'entity:donald-tusk'), {
        ok: true,
        item: 'entity:giorgia-meloni',
      });
      // Recognising again counts Tusk's mentions for the target.
      await recognizeArticle(store.db, seed);
      assert.ok(!(await articleItems(store.db, seed.id)).includes('entity:donald-tusk'));

      await removeEntity(store.db, 'giorgia-meloni');
      assert.deepEqual(await listFollows(store.db, a.id), []);
      assert.ok(!(await articleItems(store.db, seed.id)).includes('entity:giorgia-meloni'));
      assert.deepEqual(await checkFollowable(store.db, 'entity:giorgia-meloni'), {
        ok: false,
        status: 404,
        reason: 'removed',
      });
      await recognizeArticle(store.db, seed);
      assert.equal((await getEntity(store.db, 'giorgia-meloni'))?.status, 'removed', 'a removal survives recognition');
    });

    it('accepts a proposal, which is then found in later articles', async () => {
      const date = parsePublicationDate('2025-04-03');
      assert.ok(typeof date !== 'string');
      const input = {
        headline: 'Treffen in Berlin',
        lead: 'Der Unterhändler Jonas Quellmann traf die Delegation.',
        body: [{ type: 'paragraph' as const, text: 'Danach sprach Jonas Quellmann mit der Presse.', marks: [] }],
        authors: [],
        topics: [],
        language: 'de',
        published: date,
        status: 'published' as const,
      };
      const { article } = await saveArticle(store.db, input, { by: 'test' });
      await recognizeArticle(store.db, article);
      assert.equal((await getEntity(store.db, 'jonas-quellmann'))?.status, 'proposed');
      assert.ok(!(await articleItems(store.db, article.id)).includes('entity:jonas-quellmann'));
      await acceptEntity(store.db, 'jonas-quellmann');
      assert.ok((await articleItems(store.db, article.id)).includes('entity:jonas-quellmann'));
      const { article: next } = await saveArticle(
        store.db,
        {
          ...input,
          headline: 'Wieder in Berlin',
          lead: 'Auch Jonas Quellmann reist erneut an.',
          body: [{ type: 'paragraph', text: 'Nichts Neues.', marks: [] }],
        },
        { by: 'test' },
      );
      await recognizeArticle(store.db, next);
      assert.ok(
        (await articleItems(store.db, next.id)).includes('entity:jonas-quellmann'),
        'an accepted name is recognised from then on',
      );
    });

    it('drops the pages of the entities an article mentioned and mentions, and its own page', async () => {
      const date = parsePublicationDate('2025-03-02');
      assert.ok(typeof date !== 'string');
      const input = {
        importKey: 'test:recognition-keys',
        headline: 'Besuch',
        lead: 'Emmanuel Macron reist nach Rom.',
        body: [],
        authors: [],
        topics: [],
        language: 'de',
        published: date,
        status: 'published' as const,
      };
      const first = await saveArticle(store.db, input, { by: 'test' });
      await recognizeArticle(store.db, first.article);
      const seen: string[] = [];
      const stop = watchPageChanges(
        { dialect: 'sqlite', db: store.db },
        (keys) => seen.push(...keys),
        () => {},
      );
      try {
        const edited = await saveArticle(store.db, { ...input, lead: 'Olaf Scholz reist nach Rom.' }, { by: 'test' });
        seen.length = 0;
        await recognizeArticle(store.db, edited.article);
        for (const key of [`article:${first.article.id}`, 'entity:emmanuel-macron', 'entity:olaf-scholz'])
          assert.ok(seen.includes(key), `${key} in ${seen.join(', ')}`);
        assert.ok(!seen.includes('front') && !seen.includes('*'), 'nothing else');
      } finally {
        stop();
      }
    });
  });
}
