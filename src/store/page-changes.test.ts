import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Store } from './db.ts';
import { PAGE_CHANGES_KEPT_MS, recordPageChanges, watchPageChanges } from './page-changes.ts';
import { DIALECTS, openTestStore } from './testing.ts';
import { MIGRATIONS } from '../migrations.ts';

/** Waits for a condition with a generous deadline that turns a hang into a named failure. */
async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`test: gave up waiting for ${what}`);
    await sleep(20);
  }
}

for (const dialect of DIALECTS) {
  describe(`page changes (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    it("tells a watcher another process's committed keys, and nothing of a rolled-back write", async () => {
      const seen: string[] = [];
      const clients: pg.Client[] = [];
      const source = {
        dialect: store.dialect,
        db: store.db,
        ...(store.newPgClient ? { newPgClient: () => clients[clients.push(store.newPgClient!()) - 1]! } : {}),
      };
      const stop = watchPageChanges(
        source,
        (keys) => seen.push(...keys),
        () => {},
      );
      try {
        // The watcher starts from the end of the log (and, on PostgreSQL, is listening) before anything happens.
        await sleep(1500);
        seen.length = 0;
        await store.db
          .transaction()
          .execute(async (tx) => {
            await recordPageChanges(tx, ['article:gone']);
            throw new Error('rolled back');
          })
          .catch(() => {});
        // Written without announcing: this process learns of it only as another process would.
        await store.db.transaction().execute((tx) => recordPageChanges(tx, ['article:a', 'topic:t']));
        await until('the committed keys', () => seen.includes('topic:t'));
        assert.ok(!seen.includes('article:gone'), 'a rolled-back write changes no page');
        assert.ok(!seen.includes('*'), `nothing was missed: ${JSON.stringify(seen)}`);

        if (store.dialect === 'postgres') {
          // A lost LISTEN connection may have missed notifications: every page goes, and listening resumes.
          const pid = (clients.at(-1) as unknown as { processID: number }).processID;
          seen.length = 0;
          await sql`select pg_terminate_backend(${pid})`.execute(store.db);
          await until('every page after the lost connection', () => seen.includes('*'));
          await until('a new listener', () => clients.length > 1);
          await sleep(1500);
          await store.db.transaction().execute((tx) => recordPageChanges(tx, ['entity:e']));
          await until('keys after reconnecting', () => seen.includes('entity:e'));
        }
      } finally {
        stop();
      }
    });

    it('prunes rows older than the watchers read back', async () => {
      const old = new Date(Date.now() - PAGE_CHANGES_KEPT_MS - 60_000).toISOString();
      await store.db.insertInto('page_changes').values({ keys: '["old"]', created_at: old }).execute();
      await store.db.transaction().execute((tx) => recordPageChanges(tx, ['new']));
      const rows = await store.db.selectFrom('page_changes').select('keys').execute();
      assert.ok(!rows.some((r) => r.keys === '["old"]'));
      assert.ok(rows.some((r) => r.keys === '["new"]'));
    });
  });
}
