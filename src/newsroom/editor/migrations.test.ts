// A database whose SEO fields are still in the editor's own table: migrating moves them into the article.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { getArticleById, parsePublicationDate, saveArticle } from '../../article/index.ts';
import { MIGRATIONS } from '../../migrations.ts';
import type { Store } from '../../store/db.ts';
import { migrate } from '../../store/migrations.ts';
import { DIALECTS, openTestStore } from '../../store/testing.ts';

const published = parsePublicationDate('2025-03-27');
if (typeof published === 'string') throw new Error(published);

for (const dialect of DIALECTS) {
  describe(`moving the editor's SEO fields into the article (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    it('copies each row into its article, leaves the others empty, drops the table', async () => {
      const input = {
        headline: 'Mit SEO',
        lead: 'Vorspann.',
        body: [],
        authors: [],
        topics: [],
        language: 'de',
        published,
        status: 'published' as const,
      };
      const { article: a } = await saveArticle(store.db, input, { by: 'test' });
      const { article: b } = await saveArticle(store.db, { ...input, headline: 'Ohne SEO' }, { by: 'test' });
      // As the editor kept them before this migration.
      await sql`create table editor_articles (article_id text primary key, seo_title text not null default '', seo_description text not null default '')`.execute(
        store.db,
      );
      await sql`insert into editor_articles values (${a.id}, ${'Titel & mehr'}, ${'Beschreibung'})`.execute(store.db);
      const move = MIGRATIONS.findIndex((m) => m.name.includes('SEO fields move')) + 1;
      await store.db.deleteFrom('schema_migrations').where('version', '>=', move).execute();
      await migrate(store.db, dialect.name, MIGRATIONS);

      assert.deepEqual((await getArticleById(store.db, a.id))!.seo, {
        title: 'Titel & mehr',
        description: 'Beschreibung',
      });
      assert.deepEqual((await getArticleById(store.db, b.id))!.seo, { title: '', description: '' });
      await assert.rejects(sql`select 1 from editor_articles`.execute(store.db), 'the table is gone');
    });
  });
}
