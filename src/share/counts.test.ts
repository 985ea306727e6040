import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { parsePublicationDate, type PublicationDate, saveArticle } from '../article/index.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { berlinDay, recordShare, shareDays, shareTotals } from './counts.ts';
import { formatTotals, shareStats } from './stats.ts';
import { MIGRATIONS } from '../migrations.ts';

const published = parsePublicationDate('2025-03-27') as PublicationDate;
const article = (key: string, headline: string) => ({
  importKey: key,
  headline,
  lead: 'Vorspann.',
  body: [{ type: 'paragraph' as const, text: 'Text.', marks: [] }],
  authors: [],
  topics: [],
  language: 'de',
  published,
  status: 'published' as const,
});

describe('berlinDay', () => {
  it('counts days as Berlin does, across midnight and daylight saving time', () => {
    const cases: [string, string][] = [
      ['2025-03-27T22:59:59Z', '2025-03-27'],
      ['2025-03-27T23:00:00Z', '2025-03-28'],
      ['2025-07-01T21:59:59Z', '2025-07-01'],
      ['2025-07-01T22:00:00Z', '2025-07-02'],
    ];
    for (const [at, day] of cases) assert.equal(berlinDay(new Date(at)), day, at);
  });
});

for (const dialect of DIALECTS) {
  describe(`share counts (${dialect.name})`, () => {
    let store: Awaited<ReturnType<typeof openTestStore>>;
    let ids: { one: string; two: string; oneSlug: string };
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
      const one = await saveArticle(store.db, article('one', 'Erster Artikel'));
      const two = await saveArticle(store.db, article('two', 'Zweiter Artikel'));
      ids = { one: one.article.id, two: two.article.id, oneSlug: one.article.slug };
    });
    after(() => store.close());

    it('increases per article, target and Berlin day', async () => {
      const day1 = new Date('2025-03-27T10:00:00Z');
      const day2 = new Date('2025-03-27T23:30:00Z'); // already the 28th in Berlin
      for (let i = 0; i < 3; i++) await recordShare(store.db, ids.one, 'whatsapp', day1);
      await recordShare(store.db, ids.one, 'whatsapp', day2);
      await recordShare(store.db, ids.one, 'mail', day2);
      await recordShare(store.db, ids.two, 'x', day1);
      assert.deepEqual(
        (await shareTotals(store.db)).map((t) => [t.slug, t.target, t.count]),
        [
          [ids.oneSlug, 'whatsapp', 4],
          [ids.oneSlug, 'mail', 1],
          ['zweiter-artikel', 'x', 1],
        ],
      );
      assert.deepEqual(await shareDays(store.db, ids.oneSlug), [
        { day: '2025-03-28', target: 'mail', count: 1 },
        { day: '2025-03-28', target: 'whatsapp', count: 1 },
        { day: '2025-03-27', target: 'whatsapp', count: 3 },
      ]);
    });

    it('stores nothing about the reader: four columns, no identifier', async () => {
      const columns =
        dialect.name === 'sqlite'
          ? (
              await sql<{ name: string }>`select name from pragma_table_info('share_counts')`.execute(store.db)
            ).rows.map((r) => r.name)
          : (
              await sql<{
                name: string;
              }>`select column_name as name from information_schema.columns where table_name = 'share_counts' and table_schema = current_schema()`.execute(
                store.db,
              )
            ).rows.map((r) => r.name);
      assert.deepEqual(columns.sort(), ['article_id', 'count', 'day', 'target']);
      const rows = await store.db.selectFrom('share_counts').selectAll().execute();
      for (const r of rows) {
        assert.ok([ids.one, ids.two].includes(r.article_id));
        assert.match(r.target, /^[a-z]+$/);
        assert.match(r.day, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(Number.isInteger(Number(r.count)));
      }
    });

    it('prints stats for editors, in total and per day for one article', async () => {
      let out = '';
      await shareStats(store.db, undefined, (t) => (out += t));
      assert.equal(
        out,
        ` total  article\n     5  ${ids.oneSlug}  (whatsapp 4, mail 1)\n     1  zweiter-artikel  (x 1)\n`,
      );
      out = '';
      await shareStats(store.db, ids.oneSlug, (t) => (out += t));
      assert.match(
        out,
        /^erster-artikel: 5 shares\n {2}whatsapp +4\n {2}mail +1\nper day \(Europe\/Berlin\):\n {2}2025-03-28 {2}mail 1, whatsapp 1\n {2}2025-03-27 {2}whatsapp 3\n$/,
      );
      await assert.rejects(
        shareStats(store.db, 'gibt-es-nicht', () => {}),
        /no article with the slug "gibt-es-nicht"/,
      );
      assert.equal(formatTotals([]), ' total  article\n\n');
    });
  });
}

describe('blattwerk share', () => {
  const bin = fileURLToPath(new URL('../../bin/blattwerk.js', import.meta.url));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });

  it('prints stats from the data directory and refuses a wrong subcommand with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blattwerk-share-cli-'));
    try {
      const stats = run(['share', 'stats', '--data', dir]);
      assert.equal(stats.status, 0, stats.stderr);
      assert.equal(stats.stdout, 'No shares counted yet.\n');
      assert.equal(run(['share', 'stats', '--data', dir, 'gibt-es-nicht']).status, 1);
      const wrong = run(['share', 'count', '--data', dir]);
      assert.equal(wrong.status, 2);
      assert.match(wrong.stderr, /usage: blattwerk share stats/);
      assert.match(run(['help']).stdout, /share stats \[--data DIR\] \[SLUG\]/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
