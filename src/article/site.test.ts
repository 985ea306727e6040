import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { localFiles } from '../store/files.ts';
import { EVERY_PAGE, watchPageChanges } from '../store/page-changes.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { parsePublicationDate } from './model.ts';
import { loadSiteFrame, readSiteSettings, setSiteSettings } from './site.ts';
import { saveArticle } from './store.ts';

async function publish(store: Store, n: number, topics: string[]): Promise<void> {
  const published = parsePublicationDate(`2025-04-${String(n).padStart(2, '0')}`);
  if (typeof published === 'string') throw new Error(published);
  await saveArticle(
    store.db,
    {
      importKey: `site:${n}`,
      headline: `Meldung ${n}`,
      lead: `Vorspann ${n}.`,
      body: [],
      authors: [],
      topics,
      language: 'de',
      published,
      status: 'published',
    },
    { by: 'test' },
  );
}

for (const dialect of DIALECTS) {
  describe(`site settings (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
      await publish(store, 1, ['Politik', 'Auenstadt']);
      await publish(store, 2, ['Auenstadt', 'Sport']);
      await publish(store, 3, ['Auenstadt', 'Politik']);
      await publish(store, 4, ['Kultur']);
    });
    after(() => store.close());

    it('makes the most used topics the sections until some are chosen, and the configured name the name', async () => {
      const frame = await loadSiteFrame(store.db, 'Auenstädter Bote');
      assert.equal(frame.name, 'Auenstädter Bote');
      assert.equal(frame.description, undefined);
      assert.deepEqual(
        frame.sections.map((s) => s.name),
        ['Auenstadt', 'Politik', 'Kultur', 'Sport'],
      );
      assert.equal(frame.sections[0]?.href, '/thema/auenstadt');
    });

    it('stores name, description and sections by topic name in the given order, and drops every cached page', async () => {
      const seen: (readonly string[])[] = [];
      const stop = watchPageChanges(
        store,
        (keys) => seen.push(keys),
        () => {},
      );
      try {
        await setSiteSettings(store.db, ['name=Der Bote', 'sections=sport, politik', 'description=Aus der Region.']);
      } finally {
        stop();
      }
      // This process hears it at once; on PostgreSQL its LISTEN connection may hear it once more.
      assert.ok(seen.length >= 1);
      for (const keys of seen) assert.deepEqual(keys, [EVERY_PAGE]);
      const frame = await loadSiteFrame(store.db, 'Blattwerk');
      assert.equal(frame.name, 'Der Bote');
      assert.equal(frame.description, 'Aus der Region.');
      assert.deepEqual(
        frame.sections.map((s) => s.href),
        ['/thema/sport', '/thema/politik'],
      );
      assert.deepEqual(await readSiteSettings(store.db), {
        name: 'Der Bote',
        description: 'Aus der Region.',
        sections: ['sport', 'politik'],
      });
    });

    it('returns a setting to its default when given empty', async () => {
      await setSiteSettings(store.db, ['name=', 'sections=']);
      const frame = await loadSiteFrame(store.db, 'Blattwerk');
      assert.equal(frame.name, 'Blattwerk');
      assert.equal(frame.sections.length, 4);
    });

    it('refuses unknown settings and topics, and overlong or multi-line texts, naming what was wrong', async () => {
      await assert.rejects(
        setSiteSettings(store.db, ['colour=x']),
        /"colour=x" is not name=value with one of name, description, sections, language, mailFrom, logo/,
      );
      await assert.rejects(
        setSiteSettings(store.db, ['logo=/gibt/es/nicht.svg'], localFiles(join(tmpdir(), 'blattwerk-no-logo'))),
        /cannot open the logo/,
      );
      await assert.rejects(setSiteSettings(store.db, ['name']), /"name" is not name=value/);
      await assert.rejects(setSiteSettings(store.db, ['sections=Politik,Wetter']), /no topic "Wetter"/);
      await assert.rejects(
        setSiteSettings(store.db, [`name=${'x'.repeat(81)}`]),
        /name must be one line of at most 80/,
      );
      await assert.rejects(setSiteSettings(store.db, ['description=a\nb']), /description must be one line/);
      assert.deepEqual(await readSiteSettings(store.db), { description: 'Aus der Region.' });
    });
  });
}
