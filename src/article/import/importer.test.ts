import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
import { importPaths, printable, type ImportResult } from './importer.ts';
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

    it(
      'refuses FIFOs and devices without reading them (a hang here fails by the deadline)',
      { timeout: 20_000 },
      async () => {
        const odd = join(dir, 'odd');
        await mkdir(odd);
        execFileSync('mkfifo', [join(odd, 'pipe.md')]);
        await symlink('/dev/zero', join(odd, 'zero.txt'));
        await symlink('/dev/null', join(odd, 'null.md'));
        const results = await importPaths(
          store.db,
          ['pipe.md', 'zero.txt', 'null.md'].map((f) => join(odd, f)),
        );
        assert.deepEqual(errorsOf(results), {
          'pipe.md': 'not a regular file (a FIFO): only files are imported',
          'zero.txt': 'not a regular file (a device): only files are imported',
          'null.md': 'not a regular file (a device): only files are imported',
        });
      },
    );

    it('caps every field at the documented limits and names the field and the limit', async () => {
      const capped = join(dir, 'capped');
      await mkdir(capped);
      const files: Record<string, string> = {
        'headline.md': md('cap-1', 'Lang'.repeat(100)),
        'kicker.md': md('cap-2', 'Dachzeile', `kicker: ${'k'.repeat(121)}\n`),
        'author.md': md('cap-3', 'Autor', `authors: [${'A'.repeat(121)}]\n`),
        'topics.md': md('cap-4', 'Themen', '').replace(
          '[Europa]',
          `[${Array.from({ length: 31 }, (_, i) => `T${i}`).join(', ')}]`,
        ),
        'paragraph.txt': `date 2025-03\ntitle: Absatz\n\nVorspann.\n\n${'Wort '.repeat(4_001)}\n`,
        'body.txt': `date 2025-03\ntitle: Körper\n\nVorspann.\n\n${'Ein Absatz mit Text. '.repeat(800).concat('\n\n').repeat(13)}`,
        'lead.txt': `date 2025-03\ntitle: Vorspann\n\n${'Lang. '.repeat(3_500)}\n`,
      };
      for (const [name, text] of Object.entries(files)) await writeFile(join(capped, name), text);
      assert.deepEqual(errorsOf(await importPaths(store.db, [capped])), {
        'headline.md': 'headline: 400 characters, over the limit of 300',
        'kicker.md': 'kicker: 121 characters, over the limit of 120',
        'author.md': 'authors name 1: 121 characters, over the limit of 120',
        'topics.md': 'topics: 31 names, over the limit of 30',
        'paragraph.txt': 'body block 1 (paragraph) text: 20004 characters, over the limit of 20000',
        'body.txt': 'body: more than 200000 characters of text',
        'lead.txt': 'lead: 20999 characters, over the limit of 20000',
      });
    });

    it('refuses control characters that YAML escapes smuggle past the byte filter', async () => {
      const escaped = join(dir, 'escaped');
      await mkdir(escaped);
      await writeFile(join(escaped, 'nul.md'), md('esc-1', 'Nullzeichen', 'kicker: "a\\0b"\n'));
      await writeFile(join(escaped, 'esc.md'), md('esc-2', 'Escape', 'authors: ["Eve\\x1b[31m"]\n'));
      assert.deepEqual(errorsOf(await importPaths(store.db, [escaped])), {
        'esc.md': 'authors name 1: holds the control character U+001B',
        'nul.md': 'kicker: holds the control character U+0000',
      });
    });

    it('prints YAML warnings and errors as one line each, with bidi and line separators escaped', async () => {
      const lines = join(dir, 'lines');
      await mkdir(lines);
      await writeFile(join(lines, 'tag.md'), md('warn-1', 'Gewarnt', 'kicker: !foo Dachzeile\n'));
      await writeFile(join(lines, 'bidi.md'), md('warn-2', 'Bidi', '\u202Eevil\u2028x: 1\n'));
      const named = join(lines, 'name\u2029\u202E.md');
      await writeFile(named, md('warn-3', 'Name', 'date2: [\n'));
      const results = await importPaths(store.db, [lines]);
      const tag = results.find((r) => r.path.endsWith('tag.md'))!;
      assert.ok(tag.ok, 'a warning does not stop the import');
      assert.deepEqual(tag.warnings, ['front matter: Unresolved tag: !foo at line 5, column 9']);
      const errors = errorsOf(results);
      assert.match(errors['bidi.md']!, /^unknown front matter field "\\u\{202E\}evil\\u\{2028\}x" \(known: /);
      const bad = errors['name\u2029\u202E.md']!;
      assert.match(bad, /^front matter is not valid YAML: /);
      for (const line of [...Object.values(errors), ...(tag.warnings ?? [])])
        assert.doesNotMatch(line, /[\n\r\u2028\u2029\u202A-\u202E\u2066-\u2069]/, line);
      assert.equal(printable(named).includes('\\u{2029}\\u{202E}.md'), true);
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
