// `blattwerk backup` and `restore` as an operator runs them, on both databases: the restored site serves the same
// pages and files, a backup taken while the site writes is consistent, and a target that holds anything is refused
// untouched.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { listPublished, saveArticle, parsePublicationDate, type PublicationDate } from '../src/article/index.ts';
import { ingestImage } from '../src/article/images/index.ts';
import { readBytes } from '../src/store/files.ts';
import type { Manifest } from '../src/store/backup/index.ts';
import { DIALECTS, TEST_DATABASE_URL, type TestDatabase, type TestDialect } from '../src/store/testing.ts';
import { blattwerk, startTestApp, type RunningApp } from './support.ts';

/** The environment that points the command at a test database (its schema through the URL's search_path). */
function envOf(db: TestDatabase): Record<string, string> {
  const env: Record<string, string> = { BLATTWERK_DATA: db.dataDir };
  if (db.databaseUrl) {
    // libpq reads %20, not URLSearchParams' "+", as a space.
    const options = db.pgSchema ? `?options=${encodeURIComponent(`-c search_path=${db.pgSchema}`)}` : '';
    env.DATABASE_URL = `${db.databaseUrl}${options}`;
  }
  return env;
}

/** An empty target of the dialect: a new data directory, and for PostgreSQL a new database with the same (empty) schema. */
async function emptyTarget(dialect: TestDialect, source: TestDatabase): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blattwerk-restore-'));
  if (dialect.name === 'sqlite')
    return { dataDir, databaseUrl: undefined, pgSchema: undefined, cleanup: () => rm(dataDir, { recursive: true }) };
  const name = `bw_restore_${randomBytes(6).toString('hex')}`;
  await admin(TEST_DATABASE_URL, `create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  await admin(url.toString(), `create schema ${source.pgSchema}`);
  return {
    dataDir,
    databaseUrl: url.toString(),
    pgSchema: source.pgSchema,
    async cleanup() {
      // The restored site's last connections (its LISTEN client) close after stop() returns: wait for them, since
      // a forced drop would end them with an error the closed app no longer handles.
      for (let i = 0; i < 100 && (await backends(name)) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      await admin(TEST_DATABASE_URL, `drop database if exists ${name} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function backends(database: string): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = $1',
      [database],
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Front page and every article page, with the server's own origin taken out (ports differ). */
async function pages(site: RunningApp): Promise<Map<string, string>> {
  const paths = ['/', ...(await listPublished(site.app.db, { limit: 1000 })).map((a) => `/artikel/${a.slug}`)];
  const out = new Map<string, string>();
  for (const path of paths) {
    const res = await fetch(site.baseUrl + path);
    assert.equal(res.status, 200, path);
    const body = await res.text();
    out.set(path, body.replaceAll(site.baseUrl, 'ORIGIN').replaceAll(encodeURIComponent(site.baseUrl), 'ORIGIN'));
  }
  return out;
}

async function fileHashes(site: RunningApp): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await site.app.files.keys())
    out.set(
      key,
      createHash('sha256')
        .update((await readBytes(site.app.files, key))!)
        .digest('hex'),
    );
  return out;
}

/** Every image URL an article page shows answers 200: no row names a file the site lacks. */
async function imagesServed(site: RunningApp): Promise<number> {
  let count = 0;
  for (const [path, body] of await pages(site)) {
    for (const [src] of body.matchAll(/\/bilder\/[\w-]+\/[\w-]+\.(?:avif|webp|jpg)/g)) {
      const res = await fetch(site.baseUrl + src);
      assert.equal(res.status, 200, `${src} on ${path}`);
      await res.arrayBuffer();
      count++;
    }
  }
  return count;
}

const manifestOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

for (const dialect of DIALECTS) {
  describe(`backup and restore (${dialect.name})`, () => {
    let source: RunningApp;
    let work: string;
    before(async () => {
      source = await startTestApp(dialect, { demo: true });
      // Audio as Vorlesen stores it: the backup copies every file of the store, not only images.
      await source.app.files.put('audio/probe/klang.mp3', randomBytes(3000));
      work = await mkdtemp(join(tmpdir(), 'blattwerk-backup-'));
    });
    after(async () => {
      await source.stop();
      await rm(work, { recursive: true, force: true });
    });

    it('restores a backup into an empty site that serves the same pages and files', async () => {
      const dir = join(work, 'full');
      const made = await blattwerk(['backup', dir], envOf(source.testDb));
      assert.equal(made.code, 0, made.stderr);
      const manifest = await manifestOf(dir);
      assert.equal(manifest.dialect, dialect.name);
      assert.ok(manifest.migrations.length > 5 && manifest.migrations[0]!.version === 1);
      const files = await fileHashes(source);
      assert.ok(files.has('audio/probe/klang.mp3') && [...files.keys()].some((k) => k.startsWith('images/originals/')));
      assert.deepEqual(new Map(manifest.files.map((f) => [f.key, f.sha256])), files);

      const target = await emptyTarget(dialect, source.testDb);
      const restored = await blattwerk(['restore', dir], envOf(target));
      assert.equal(restored.code, 0, restored.stderr);
      const copy = await startTestApp(dialect, { database: target });
      try {
        assert.deepEqual(await pages(copy), await pages(source));
        assert.deepEqual(await fileHashes(copy), files);
        assert.ok((await imagesServed(copy)) > 0);
      } finally {
        await copy.stop();
        await target.cleanup();
      }
    });

    it('refuses a target that holds anything and changes nothing there', async () => {
      const dir = join(work, 'refuse');
      assert.equal((await blattwerk(['backup', dir], envOf(source.testDb))).code, 0);
      const again = await blattwerk(['backup', dir], envOf(source.testDb));
      assert.equal(again.code, 1);
      assert.match(again.stderr, /backup: .* is not empty .*give a new folder/);

      // A data directory with a file in it.
      const target = await emptyTarget(dialect, source.testDb);
      try {
        await writeFile(join(target.dataDir, 'notiz.txt'), 'meins');
        const refused = await blattwerk(['restore', dir], envOf(target));
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /the data directory .* is not empty \(holds notiz\.txt\); nothing was changed/);
        assert.deepEqual(await readdir(target.dataDir), ['notiz.txt']);
        assert.equal(await readFile(join(target.dataDir, 'notiz.txt'), 'utf8'), 'meins');
      } finally {
        await target.cleanup();
      }
      // The running site itself: its database holds tables (PostgreSQL), its data directory files (both).
      const before = await pages(source);
      const onLive = await blattwerk(['restore', dir], envOf(source.testDb));
      assert.equal(onLive.code, 1);
      assert.match(onLive.stderr, /is not empty/);
      assert.deepEqual(await pages(source), before);
      if (dialect.name === 'postgres') {
        const emptyDir = { ...source.testDb, dataDir: await mkdtemp(join(tmpdir(), 'blattwerk-restore-')) };
        const full = await blattwerk(['restore', dir], envOf(emptyDir));
        assert.match(full.stderr, /the database is not empty \(schema "bw_test_\w+" of that database holds \d+ tables/);
        assert.deepEqual(await readdir(emptyDir.dataDir), []);
        await rm(emptyDir.dataDir, { recursive: true });
      }
    });

    it('refuses a damaged backup before writing anything', async () => {
      const dir = join(work, 'damaged');
      assert.equal((await blattwerk(['backup', dir], envOf(source.testDb))).code, 0);
      const { files } = await manifestOf(dir);
      const victim = files.find((f) => f.key.startsWith('images/originals/'))!;
      const bytes = await readFile(join(dir, 'files', victim.key));
      bytes[100] = bytes[100]! ^ 0xff;
      await writeFile(join(dir, 'files', victim.key), bytes);
      const target = await emptyTarget(dialect, source.testDb);
      try {
        const refused = await blattwerk(['restore', dir], envOf(target));
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, new RegExp(`files/${victim.key} in the backup is damaged`));
        assert.deepEqual(await readdir(target.dataDir), []);
      } finally {
        await target.cleanup();
      }
    });

    it('takes a consistent backup while articles, images and files are written', async () => {
      const dir = join(work, 'busy');
      const published: PublicationDate = parsePublicationDate('2025-06-01') as PublicationDate;
      let writing = true;
      let written = 0;
      let failed = false;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          // An image (files first, row last) and the article that shows it, as an import stores them.
          const bytes = await sharp({
            create: { width: 64, height: 48, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 99 } },
          })
            .png()
            .toBuffer();
          const image = await ingestImage(source.app.db, source.app.files, { bytes, name: `b${i}.png` });
          await saveArticle(
            source.app.db,
            {
              importKey: `busy-${i}`,
              headline: `Meldung Nummer ${i}`,
              lead: 'Während der Sicherung geschrieben.',
              leadImage: {
                image: {
                  id: image.id,
                  width: image.width,
                  height: image.height,
                  focal: image.focal,
                  shareBytes: image.shareBytes,
                },
                alt: 'Farbfläche',
              },
              body: [],
              authors: [],
              topics: [],
              language: 'de',
              published,
              status: 'published',
            },
            { by: 'test' },
          );
          // A file written and removed again, as a superseded preview is.
          await source.app.files.put(`share-previews/busy-${i}.png`, bytes);
          await source.app.files.remove(`share-previews/busy-${i}.png`);
          written++;
        }
      })().catch((err: unknown) => {
        failed = true;
        throw err;
      });
      // The backup starts once the writer is under way; it writes until the backup has finished.
      while (written === 0 && !failed) await new Promise((r) => setTimeout(r, 20));
      if (failed) await writer;
      const made = await blattwerk(['backup', dir], envOf(source.testDb));
      writing = false;
      await writer;
      assert.equal(made.code, 0, made.stderr);

      const target = await emptyTarget(dialect, source.testDb);
      // Restoring verifies every file the manifest names against its hash: none may be missing.
      const restored = await blattwerk(['restore', dir], envOf(target));
      assert.equal(restored.code, 0, restored.stderr);
      const copy = await startTestApp(dialect, { database: target });
      try {
        const busy = (await listPublished(copy.app.db, { limit: 1000 })).filter((a) =>
          a.headline.startsWith('Meldung'),
        );
        assert.ok(busy.length > 0, 'the snapshot holds articles written during the backup');
        assert.ok((await imagesServed(copy)) > 0);
      } finally {
        await copy.stop();
        await target.cleanup();
      }
    });
  });
}
