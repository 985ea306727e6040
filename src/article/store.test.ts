import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../store/db.ts';
import { watchPageChanges } from '../store/page-changes.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { parsePublicationDate, type ArticleInput } from './model.ts';
import {
  countPublished,
  getArticleBySlug,
  getTopic,
  listPublished,
  listRevisions,
  listSitemapEntries,
  changeState,
  saveArticle,
  similarSlugs,
  StateError,
} from './store.ts';
import { listEvents } from './events.ts';
import { MIGRATIONS } from '../migrations.ts';

function input(n: number, over: Partial<ArticleInput> = {}): ArticleInput {
  const published = parsePublicationDate(`2025-03-${String(n).padStart(2, '0')}`);
  if (typeof published === 'string') throw new Error(published);
  return {
    importKey: `test:${n}`,
    headline: `Meldung ${n}`,
    lead: `Vorspann ${n}.`,
    body: [
      { type: 'paragraph', text: `Text ${n}.`, marks: [] },
      { type: 'quote', text: 'Zitat.', marks: [], cite: 'Quelle' },
    ],
    authors: ['Ana Beispiel'],
    topics: n % 2 ? ['Ungerade', 'Alle'] : ['Gerade', 'Alle'],
    language: 'de',
    published,
    status: 'published',
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`article store (${dialect.name})`, () => {
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    it('round-trips every field', async () => {
      const { article, outcome } = await saveArticle(
        store.db,
        input(1, { kicker: 'Dachzeile', sourceUrl: 'https://example.org/quelle', language: 'de-AT' }),
        { by: 'test' },
      );
      assert.equal(outcome, 'created');
      const loaded = await getArticleBySlug(store.db, 'meldung-1');
      assert.deepEqual(loaded, article);
      assert.equal(loaded?.kicker, 'Dachzeile');
      assert.equal(loaded?.sourceUrl, 'https://example.org/quelle');
      assert.equal(loaded?.language, 'de-AT');
      assert.deepEqual(loaded?.body[1], { type: 'quote', text: 'Zitat.', marks: [], cite: 'Quelle' });
      assert.deepEqual(loaded?.authors, [{ slug: 'ana-beispiel', name: 'Ana Beispiel' }]);
      assert.deepEqual(
        loaded?.topics.map((t) => t.slug),
        ['ungerade', 'alle'],
      );
      assert.equal(loaded?.published.value, '2025-03-01');
      assert.equal(loaded?.updatedAt, null);
    });

    it('lists published articles newest first, by topic and author, with counts', async () => {
      for (let n = 2; n <= 12; n++) await saveArticle(store.db, input(n), { by: 'test' });
      await saveArticle(store.db, input(20, { status: 'draft' }), { by: 'test' });
      const first = await listPublished(store.db, { limit: 5 });
      assert.deepEqual(
        first.map((a) => a.headline),
        ['Meldung 12', 'Meldung 11', 'Meldung 10', 'Meldung 9', 'Meldung 8'],
      );
      const third = await listPublished(store.db, { limit: 5, offset: 10 });
      assert.deepEqual(
        third.map((a) => a.headline),
        ['Meldung 2', 'Meldung 1'],
      );
      assert.equal(await countPublished(store.db), 12, 'drafts are not counted');
      assert.equal(await countPublished(store.db, { topic: 'gerade' }), 6);
      assert.deepEqual(
        (await listPublished(store.db, { topic: 'ungerade', limit: 2 })).map((a) => a.headline),
        ['Meldung 11', 'Meldung 9'],
      );
      assert.equal(await countPublished(store.db, { author: 'ana-beispiel' }), 12);
      assert.deepEqual(await getTopic(store.db, 'gerade'), { slug: 'gerade', name: 'Gerade' });
      assert.equal((await listSitemapEntries(store.db, { offset: 0, limit: 100 })).length, 12, 'drafts are not listed');
    });

    it('keeps revisions only of published versions', async () => {
      const draft = await saveArticle(store.db, input(21, { status: 'draft' }), { by: 'test' });
      const edited = await saveArticle(store.db, input(21, { status: 'draft', lead: 'Neu.' }), { by: 'test' });
      assert.equal(edited.outcome, 'updated');
      assert.equal((await listRevisions(store.db, draft.article.id)).length, 0, 'draft edits are not revisions');
      const published = await saveArticle(store.db, input(21, { lead: 'Neu.' }), { by: 'test' });
      assert.equal(published.article.updatedAt, null, 'publishing a draft is not an update');
      const now = new Date('2026-01-02T03:04:05Z');
      const changed = await saveArticle(store.db, input(21, { lead: 'Noch neuer.' }), { by: 'test', now });
      assert.equal(changed.article.updatedAt?.toISOString(), now.toISOString());
      const revisions = await listRevisions(store.db, draft.article.id);
      assert.deepEqual(
        revisions.map((r) => [r.version, r.article.lead]),
        [[3, 'Neu.']],
      );
      const unchanged = await saveArticle(store.db, input(21, { lead: 'Noch neuer.' }), { by: 'test' });
      assert.equal(unchanged.outcome, 'unchanged');
      assert.equal(unchanged.article.version, 4);
    });

    it('suggests similar slugs, treating LIKE wildcards as text', async () => {
      assert.deepEqual((await similarSlugs(store.db, 'meldung-1-alt')).map((s) => s.slug).sort(), [
        'meldung-1',
        'meldung-10',
        'meldung-11',
        'meldung-12',
      ]);
      assert.deepEqual(await similarSlugs(store.db, '%-%'), []);
    });

    it('tells page caches the keys of the article and the lists it leaves and joins, nothing when unchanged or failed', async () => {
      const seen: string[][] = [];
      const stop = watchPageChanges(
        { dialect: 'sqlite', db: store.db },
        (keys) => seen.push([...keys]),
        () => {},
      );
      try {
        const first = await saveArticle(store.db, input(31), { by: 'test' });
        assert.deepEqual(
          new Set(seen.at(-1)),
          new Set([
            `article:${first.article.id}`,
            'topic:ungerade',
            'topic:alle',
            'author:ana-beispiel',
            'front',
            'feeds',
            'sitemap',
            'podcast',
          ]),
        );
        seen.length = 0;
        await saveArticle(store.db, input(31, { topics: ['Gerade'], authors: ['Ben Beispiel'] }), { by: 'test' });
        for (const key of [
          'topic:ungerade',
          'topic:alle',
          'topic:gerade',
          'author:ana-beispiel',
          'author:ben-beispiel',
        ])
          assert.ok(seen[0]?.includes(key), `${key} in ${JSON.stringify(seen[0])}`);
        seen.length = 0;
        await saveArticle(store.db, input(31, { topics: ['Gerade'], authors: ['Ben Beispiel'] }), { by: 'test' });
        assert.deepEqual(seen, [], 'an unchanged save changes no page');
        await assert.rejects(
          saveArticle(store.db, input(30, { published: { value: 'kaputt' } as never }), { by: 'test' }),
        );
        assert.deepEqual(seen, [], 'a failed save tells nobody');
      } finally {
        stop();
      }
    });

    it('carries a correction with a save of a published article, never with a draft, and keeps a withdrawn one withdrawn', async () => {
      const { article } = await saveArticle(store.db, input(24), { by: 'test' });
      const correction = {
        kind: 'correction' as const,
        wrong: 'Vorspann 24',
        note: 'Vorspann vierzig',
        substantive: true,
      };
      const { article: fixed } = await saveArticle(store.db, input(24, { lead: 'Vorspann vierzig.' }), {
        by: 'redaktion',
        correction,
        now: new Date('2026-11-28T10:00:00Z'),
      });
      assert.equal(fixed.lead, 'Vorspann vierzig.');
      assert.deepEqual(
        fixed.corrections.map((c) => [c.kind, c.wrong, c.note, c.substantive, c.version, c.at.toISOString()]),
        [['correction', 'Vorspann 24', 'Vorspann vierzig', true, fixed.version, '2026-11-28T10:00:00.000Z']],
      );
      assert.equal(fixed.updatedAt?.toISOString(), '2026-11-28T10:00:00.000Z');
      const types = (await listEvents(store.db, article.id)).map((e) => e.type);
      assert.deepEqual(types, ['article.published', 'article.changed', 'article.corrected']);
      const { article: draft } = await saveArticle(store.db, input(25, { status: 'draft' }), { by: 'test' });
      await assert.rejects(
        saveArticle(store.db, input(25, { status: 'draft', lead: 'Neu.' }), { by: 'test', correction }),
        StateError,
      );
      assert.equal((await getArticleBySlug(store.db, draft.slug))!.lead, 'Vorspann 25.', 'nothing written');

      await changeState(store.db, article.id, { to: 'withdrawn', note: 'Rechte' }, { by: 'redaktion' });
      const again = await saveArticle(store.db, input(24, { lead: 'Import erneut.' }), { by: 'import' });
      assert.equal(again.article.state, 'withdrawn', 'an import does not bring it back');
      assert.equal(again.article.status, 'draft');
      await assert.rejects(
        changeState(store.db, article.id, { to: 'review' }, { by: 'redaktion' }),
        StateError,
        'withdrawn goes nowhere but back to published',
      );
    });

    let store: Store;
  });
}
