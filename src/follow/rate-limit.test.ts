// Abuse without limits was possible: 2,000 readers in 10 s from one address. Creating readers is now limited per
// client address in the database, so a burst is refused with 429 and Retry-After, and a second process serving
// the same database counts with the first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SEED_FILE, startTestApp, type RunningApp } from '../../test/support.ts';
import { importPaths } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { fileURLToPath } from 'node:url';
import { NEW_READERS } from './follow-routes.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const dialect of DIALECTS) {
  describe(`reader creation is rate limited per address (${dialect.name})`, () => {
    let site: RunningApp;
    let other: RunningApp;
    let form: string;

    before(async () => {
      site = await startTestApp(dialect);
      const [result] = await importPaths(site.app.db, [fileURLToPath(SEED_FILE)], {
        onSaved: (a, o) => site.app.articleSaved(a, o),
      });
      assert.ok(result?.ok);
      other = await startTestApp(dialect, { database: site.testDb });
      form = `/artikel/${result.article.slug}/folgen`;
    });
    after(async () => {
      await other.stop();
      await site.stop();
    });

    /** A reader's first follow, as a script would send it: a fresh form token, no cookie. */
    async function createReader(baseUrl: string): Promise<Response> {
      const page = await (await fetch(baseUrl + form)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? assert.fail('no csrf field');
      return fetch(`${baseUrl}/folgen`, {
        method: 'POST',
        body: new URLSearchParams({ csrf, follow: 'entity:paris', zurueck: form }),
        headers: { ...FORM, accept: 'application/json' },
        redirect: 'manual',
      });
    }

    it('refuses a burst of 2,000 new readers after the limit, with 429 and Retry-After; a second process counts along', async () => {
      const half = Math.floor(NEW_READERS.max / 2);
      // Half of the allowance through the first server, the rest through the second one on the same database.
      for (let i = 0; i < half; i++) assert.equal((await createReader(site.baseUrl)).status, 200);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 2000 - half; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(50, 2000 - half - i) }, () => createReader(other.baseUrl)),
        );
        for (const r of batch) {
          statuses.push(r.status);
          if (r.status === 429) retryAfter ??= r.headers.get('retry-after');
          await r.arrayBuffer();
        }
      }
      assert.equal(statuses.length + half, 2000);
      assert.equal(
        statuses.filter((s) => s === 200).length,
        NEW_READERS.max - half,
        'the second server knew the count',
      );
      assert.equal(statuses.filter((s) => s === 429).length, 2000 - NEW_READERS.max);
      assert.match(retryAfter ?? '', /^[1-9]\d*$/);
      assert.ok(Number(retryAfter) <= NEW_READERS.windowMs / 1000);
      const readers = await site.app.db
        .selectFrom('followers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(readers.n), NEW_READERS.max, 'no reader was stored beyond the limit');
    });
  });
}
