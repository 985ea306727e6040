import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { SEED_FILE } from '../../../test/support.ts';
import { DIALECTS, openTestStore } from '../../store/testing.ts';
import type { Store } from '../../store/db.ts';
import { articleText } from '../model.ts';
import { countPublished, getArticleBySlug, listRevisions } from '../store.ts';
import { importPaths, type ImportResult } from './importer.ts';
import { MIGRATIONS } from '../../migrations.ts';

const md = (id: string, headline: string, extra = '') =>
  `---\nid: ${id}\nheadline: ${headline}\ndate: 2025-03-27\ntopics: [Europa]\n${extra}---\n\nVorspann von ${headline}.\n\nText.\n`;

function errorsOf(results: ImportResult[]): Record<string, string> {
  return Object.fromEntries(
    results.flatMap((r) => (r.ok ? [] : [[r.path.split('/').pop() ?? r.path, r.error] as const])),
  );
}

for (const dialect of DIALECTS) {
  describe(`import (${dialect.name})`, () => {
    let store: Store;
    let dir: string;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
      dir = await mkdtemp(join(tmpdir(), 'blattwerk-import-'));
    });
    after(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('imports the seed once; the same file again changes nothing', async () => {
      await copyFile(fileURLToPath(SEED_FILE), join(dir, 'seed.txt'));
      const [first] = await importPaths(store.db, [join(dir, 'seed.txt')]);
      assert.ok(first?.ok && first.outcome === 'created');
      const [second] = await importPaths(store.db, [join(dir, 'seed.txt')]);
      assert.ok(second?.ok && second.outcome === 'unchanged');
      assert.equal(second.article.id, first.article.id);
      assert.equal(second.article.version, 1);
      assert.equal(await countPublished(store.db), 1);
    });

    it('updates a changed file in place and keeps the previous version as a revision', async () => {
      const file = join(dir, 'seed.txt');
      const original = await readFile(file, 'utf8');
      await writeFile(file, original.replace('31 Ländern', 'einunddreißig Ländern'));
      const [changed] = await importPaths(store.db, [file]);
      assert.ok(changed?.ok && changed.outcome === 'updated');
      assert.equal(changed.article.version, 2);
      assert.ok(changed.article.updatedAt, 'a changed published article carries its update time');
      const revisions = await listRevisions(store.db, changed.article.id);
      assert.equal(revisions.length, 1);
      assert.equal(revisions[0]!.version, 1);
      assert.ok(articleText(revisions[0]!.article).includes('31 Ländern'));
      assert.ok(articleText(changed.article).includes('einunddreißig Ländern'));
      assert.equal(await countPublished(store.db), 1);
    });

    it('reports each bad file with its reason and still imports the good ones', async () => {
      const bad = join(dir, 'bad');
      await mkdir(bad);
      await writeFile(join(bad, 'a-good.md'), md('good-1', 'Gute Nachricht'));
      await writeFile(join(bad, 'empty.txt'), '');
      await writeFile(join(bad, 'binary.txt'), Buffer.from([0x64, 0x61, 0x00, 0x01, 0x02]));
      await writeFile(join(bad, 'latin1.txt'), Buffer.from('date 2025-03\n\nGr\xfc\xdfe.', 'latin1'));
      await writeFile(join(bad, 'nodate.txt'), 'Kein Datum.\n\nText.');
      await writeFile(join(bad, 'month13.txt'), 'date 2025-13\n\nText.');
      await writeFile(join(bad, 'huge.txt'), `date 2025-03\n\n${'Wort '.repeat(450_000)}`);
      await writeFile(join(bad, 'z-good.txt'), 'date 2025-03\ntitle: Zweite gute Nachricht\n\nVorspann.\n');
      const unknown = join(dir, 'article.docx');
      await writeFile(unknown, 'PK…');
      const results = await importPaths(store.db, [bad, unknown, join(dir, 'missing.md')]);
      assert.deepEqual(errorsOf(results), {
        'empty.txt': 'the file is empty',
        'binary.txt': 'binary file (contains NUL bytes), not text',
        'latin1.txt': 'not valid UTF-8 text (save the file as UTF-8)',
        'nodate.txt': 'missing date: the first line must start with "date YYYY-MM" or "date YYYY-MM-DD"',
        'month13.txt': 'date "2025-13" has no month 13',
        'huge.txt': 'file is 2.1 MB, over the 2 MB limit',
        'article.docx': 'unknown format ".docx": use .txt (plain text) or .md (Markdown)',
        'missing.md': 'no such file or folder',
      });
      assert.deepEqual(
        results.filter((r) => r.ok).map((r) => r.ok && r.article.headline),
        ['Gute Nachricht', 'Zweite gute Nachricht'],
      );
    });

    it('leaves nothing behind when saving an article fails half-way', async () => {
      // A trigger makes the topic insert fail after the article row was written in the same transaction.
      if (dialect.name === 'sqlite') {
        await sql`create trigger refuse_boom before insert on article_topics when new.topic_slug = 'boom' begin select raise(abort, 'boom refused'); end`.execute(
          store.db,
        );
      } else {
        await sql`create function refuse_boom() returns trigger as $$ begin if new.topic_slug = 'boom' then raise exception 'boom refused'; end if; return new; end $$ language plpgsql`.execute(
          store.db,
        );
        await sql`create trigger refuse_boom before insert on article_topics for each row execute function refuse_boom()`.execute(
          store.db,
        );
      }
      const file = join(dir, 'boom.md');
      await writeFile(file, md('boom-1', 'Explodiert', '').replace('topics: [Europa]', 'topics: [Boom]'));
      const before = await countPublished(store.db);
      const [result] = await importPaths(store.db, [file]);
      assert.ok(result && !result.ok);
      assert.match(result.error, /could not save: .*boom refused/);
      assert.equal(await countPublished(store.db), before);
      assert.equal(await getArticleBySlug(store.db, 'explodiert'), undefined);
      const topic = await store.db.selectFrom('topics').select('slug').where('slug', '=', 'boom').executeTakeFirst();
      assert.equal(topic, undefined, 'the topic row was rolled back too');
    });

    it('matches Markdown by its id even when the file moves or is renamed', async () => {
      const a = join(dir, 'first-name.md');
      await writeFile(a, md('stable-id', 'Bleibende Nachricht'));
      const [one] = await importPaths(store.db, [a]);
      const b = join(dir, 'renamed.md');
      await writeFile(b, md('stable-id', 'Bleibende Nachricht, ergänzt'));
      const [two] = await importPaths(store.db, [b]);
      assert.ok(one?.ok && two?.ok);
      assert.equal(two.outcome, 'updated');
      assert.equal(two.article.id, one.article.id);
      assert.equal(two.article.slug, one.article.slug, 'the URL stays stable when the headline changes');
    });

    it('gives two articles with the same headline different slugs', async () => {
      await writeFile(join(dir, 'twin-a.md'), md('twin-a', 'Zwillinge'));
      await writeFile(join(dir, 'twin-b.md'), md('twin-b', 'Zwillinge'));
      const results = await importPaths(store.db, [join(dir, 'twin-a.md'), join(dir, 'twin-b.md')]);
      assert.deepEqual(
        results.map((r) => r.ok && r.article.slug),
        ['zwillinge', 'zwillinge-2'],
      );
    });
  });
}
