// `blattwerk entities …` on every dialect, in process (against an opened store, as the command line hands it), plus the
// real child process once for the wiring into `blattwerk`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { importPaths } from '../article/index.ts';
import { MIGRATIONS } from '../migrations.ts';
import { openStore, type Store } from '../store/db.ts';
import { DIALECTS, type TestDatabase } from '../store/testing.ts';
import { runEntities } from './commands.ts';
import { addFollow, createFollower, listFollows } from './followers.ts';
import { tokenHash } from './reader.ts';
import { recognizeArticle } from './recognition.ts';

const BIN = fileURLToPath(new URL('../../bin/blattwerk.js', import.meta.url));
const SEED_PATH = fileURLToPath(
  new URL('../../../shared/seed/article-2025-03-koalition-der-willigen.txt', import.meta.url),
);

/** Runs the command against this database, returning exit code and what it printed. */
async function entities(store: Store, args: string[]): Promise<{ code: number; out: string; error?: string }> {
  let out = '';
  try {
    const code = await runEntities(store.db, args, (text) => (out += text));
    return { code, out };
  } catch (err) {
    return {
      code: (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1,
      out,
      error: (err as Error).message,
    };
  }
}

for (const dialect of DIALECTS) {
  describe(`blattwerk entities (${dialect.name})`, () => {
    let testDb: TestDatabase;
    let store: Store;
    let seedId: string;

    before(async () => {
      testDb = await dialect.create();
      store = await openStore({
        databaseUrl: testDb.databaseUrl,
        dataDir: testDb.dataDir,
        migrations: MIGRATIONS,
        ...(testDb.pgSchema ? { pgSchema: testDb.pgSchema } : {}),
      });
      const [result] = await importPaths(store.db, [SEED_PATH]);
      assert.ok(result?.ok);
      seedId = result.article.id;
      await recognizeArticle(store.db, result.article);
    });
    after(async () => {
      await store.close();
      await testDb.cleanup();
    });

    it('lists entities with kind, status, article count and names, proposals included', async () => {
      const { code, out } = await entities(store, ['list']);
      assert.equal(code, 0);
      assert.match(out, /^emmanuel-macron\tperson\tactive\t1\tEmmanuel Macron\tEmmanuel Macron$/m);
      assert.match(out, /^wolodymyr-selenskyj\tperson\tactive\t1\tWolodymyr Selenskyj\tVolodymyr Zelensky$/m);
      const active = await entities(store, ['list', '--status', 'active']);
      assert.ok(
        active.out
          .split('\n')
          .filter(Boolean)
          .every((line) => line.split('\t')[2] === 'active'),
      );
    });

    it('renames, merges, removes, accepts and rescans', async () => {
      assert.equal((await entities(store, ['rename', 'nato', 'NATO', '--en', 'NATO'])).code, 0);
      assert.match((await entities(store, ['list'])).out, /^nato\torganisation\tactive\t1\tNATO\tNATO$/m);

      const reader = await createFollower(store.db, tokenHash('cli'));
      await addFollow(store.db, dialect.name, reader.id, 'entity:kyiv');
      assert.equal((await entities(store, ['merge', 'kyiv', 'ukraine'])).code, 0);
      assert.deepEqual(await listFollows(store.db, reader.id), ['entity:ukraine']);
      assert.match((await entities(store, ['list'])).out, /^kyiv\tplace\tmerged→ukraine\t0\t/m);

      assert.equal((await entities(store, ['remove', 'ukraine'])).code, 0);
      assert.deepEqual(await listFollows(store.db, reader.id), []);
      assert.match((await entities(store, ['list', '--status', 'removed'])).out, /^ukraine\tplace\tremoved\t1\t/m);

      await store.db
        .insertInto('entities')
        .values({
          id: 'jonas-quellmann',
          kind: 'person',
          name: 'Jonas Quellmann',
          name_en: 'Jonas Quellmann',
          aliases: '[]',
          status: 'proposed',
          merged_into: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      assert.equal((await entities(store, ['accept', 'jonas-quellmann', '--kind', 'organisation'])).code, 0);
      assert.match((await entities(store, ['list'])).out, /^jonas-quellmann\torganisation\tactive\t0\t/m);

      const scan = await entities(store, ['scan']);
      assert.deepEqual([scan.code, scan.out], [0, 'recognised 1 articles\n']);
      const stored = await store.db
        .selectFrom('article_entities')
        .select('entity_id')
        .where('article_id', '=', seedId)
        .execute();
      assert.ok(stored.some((s) => s.entity_id === 'emmanuel-macron'));
    });

    it('refuses bad usage with 2 and unknown entities with 1, saying why', async () => {
      const cases: [string[], number, RegExp][] = [
        [[], 2, /needs one of list, rename, merge, remove, accept, scan/],
        [['explode'], 2, /got "explode"/],
        [['rename', 'nato'], 2, /usage: blattwerk entities rename ID NAME/],
        [['list', '--status', 'weird'], 2, /--status must be one of/],
        [['accept', 'x', '--kind', 'planet'], 2, /--kind must be one of/],
        [['merge', 'nobody', 'nato'], 1, /no entity "nobody"/],
        [['merge', 'nato', 'nato'], 1, /cannot be merged into itself/],
        [['merge', 'nato', 'kyiv'], 1, /was itself merged into "ukraine"/],
        [['remove', 'nobody'], 1, /no entity "nobody"/],
      ];
      for (const [args, code, message] of cases) {
        const r = await entities(store, args);
        assert.equal(r.code, code, args.join(' '));
        assert.match(r.error ?? '', message, args.join(' '));
      }
    });
  });
}

describe('blattwerk entities as a command', () => {
  it('is listed in help and answers bad usage with exit code 2', async () => {
    const run = promisify(execFile);
    const help = await run(process.execPath, [BIN, 'help']);
    assert.match(help.stdout, /entities list \[--status active\|proposed\|removed\]/);
    assert.match(help.stdout, /entities merge SOURCE TARGET/);
    // The command line opens the app before the command reads its arguments: give it a data folder of its own.
    const data = await mkdtemp(join(tmpdir(), 'blattwerk-entities-'));
    const bad = await run(process.execPath, [BIN, 'entities', 'explode', '--data', data], {
      env: { ...process.env, DATABASE_URL: '' },
    })
      .catch((e: unknown) => e as { code: number; stderr: string })
      .finally(() => rm(data, { recursive: true, force: true }));
    assert.equal((bad as { code: number }).code, 2);
    assert.match((bad as { stderr: string }).stderr, /blattwerk entities: entities needs one of/);
  });
});
