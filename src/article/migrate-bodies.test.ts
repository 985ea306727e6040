// A database at the schema version before rich bodies, holding articles and revisions of the first model, is
// opened, migrated and rendered as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../migrations.ts';
import { migrate } from '../store/migrations.ts';
import type { Store } from '../store/db.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { messages } from '../web/i18n.ts';
import { parsePublicationDate, type ArticleInput, type Block } from './model.ts';
import { upgradeBodies } from './migrate-bodies.ts';
import { getArticleBySlug, listRevisions, saveArticle } from './store.ts';
import { articleMain } from './views.ts';

const published = parsePublicationDate('2025-03-27');
if (typeof published === 'string') throw new Error(published);

const oldBody = [
  { type: 'paragraph', text: 'Erster Absatz mit <b>Klammern</b> & mehr.' },
  { type: 'subheading', text: 'Eine Zwischenzeile' },
  { type: 'quote', text: 'Ein Zitat.', cite: 'Eine Sprecherin' },
  { type: 'quote', text: 'Ohne Quelle.' },
];
const newBody: Block[] = [
  { type: 'paragraph', text: 'Erster Absatz mit <b>Klammern</b> & mehr.', marks: [] },
  { type: 'subheading', level: 2, text: 'Eine Zwischenzeile', marks: [] },
  { type: 'quote', text: 'Ein Zitat.', marks: [], cite: 'Eine Sprecherin' },
  { type: 'quote', text: 'Ohne Quelle.', marks: [] },
];
// What the page showed for these blocks before the migration.
const OLD_PAGE_BODY = `<div class="body">
<p>Erster Absatz mit &lt;b&gt;Klammern&lt;/b&gt; &amp; mehr.</p>
<h2>Eine Zwischenzeile</h2>
<blockquote><p>Ein Zitat.</p><footer>— Eine Sprecherin</footer></blockquote>
<blockquote><p>Ohne Quelle.</p></blockquote>

</div>`;

const input = (body: unknown[], lead = 'Vorspann.'): ArticleInput => ({
  importKey: 'test:old',
  headline: 'Alte Meldung',
  lead,
  body: body as Block[],
  authors: ['Ana Beispiel'],
  topics: ['Stadt'],
  language: 'de',
  published,
  status: 'published',
});

for (const dialect of DIALECTS) {
  describe(`migrating bodies to rich blocks (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
      // Back to the version before this migration, with bodies written in the first model's shape.
      // The migrations after it run again too (they allow it).
      const bodies = MIGRATIONS.findIndex((m) => m.name.startsWith('article bodies')) + 1;
      await store.db.deleteFrom('schema_migrations').where('version', '>=', bodies).execute();
      await saveArticle(store.db, input(oldBody, 'Erster Vorspann.'), { by: 'test' });
      await saveArticle(store.db, input(oldBody), { by: 'test' });
      for (const n of [2, 3]) {
        await saveArticle(
          store.db,
          {
            ...input(oldBody.slice(0, 1), 'A.'),
            importKey: `n${n}`,
            headline: `Meldung ${n}`,
          },
          { by: 'test' },
        );
        await saveArticle(
          store.db,
          {
            ...input(oldBody.slice(0, 1), 'B.'),
            importKey: `n${n}`,
            headline: `Meldung ${n}`,
          },
          { by: 'test' },
        );
      }
      // One row per page, so that paging through articles and revisions is exercised.
      const onePerPage = MIGRATIONS.map((m, i) =>
        i === bodies - 1 ? { ...m, up: (tx: never) => upgradeBodies(tx, 1) } : m,
      );
      assert.equal(await migrate(store.db, dialect.name, onePerPage), bodies - 1);
    });
    after(() => store.close());

    it('turns stored bodies and revision snapshots into blocks with no marks', async () => {
      const a = (await getArticleBySlug(store.db, 'alte-meldung'))!;
      assert.deepEqual(a.body, newBody);
      const [revision] = await listRevisions(store.db, a.id);
      assert.deepEqual(revision!.article.body, newBody);
      assert.equal(revision!.article.lead, 'Erster Vorspann.');
    });

    it('reaches every article and revision', async () => {
      const bodies = await store.db.selectFrom('articles').select('body').execute();
      const snapshots = await store.db.selectFrom('article_revisions').select('snapshot').execute();
      assert.equal(bodies.length, 3);
      assert.equal(snapshots.length, 3);
      for (const text of [...bodies.map((b) => b.body), ...snapshots.map((s) => s.snapshot)])
        assert.match(text, /"marks":\[\]/);
    });

    it('renders the migrated article as before', async () => {
      const a = (await getArticleBySlug(store.db, 'alte-meldung'))!;
      const v = { locale: 'de' as const, t: messages.de, baseUrl: 'https://zeitung.example', siteName: 'Blattwerk' };
      const page = articleMain(a, v, { head: [], end: [], scripts: [] }).value;
      const start = page.indexOf('<div class="body">');
      const body = page.slice(start, page.indexOf('</div>', start) + 6);
      assert.equal(body, OLD_PAGE_BODY);
    });

    it('keeps an unchanged re-import a no-op', async () => {
      const { outcome, article } = await saveArticle(store.db, input(newBody), { by: 'test' });
      assert.equal(outcome, 'unchanged');
      assert.equal(article.version, 2);
    });
  });
}
