// The request pipeline's parts: the same-origin rule, the client key the limits count, and the database-backed
// fixed-window counter on every dialect, shared by two connections as by two processes.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '../store/db.ts';
import { createRateLimitsTable, hit } from '../store/rate-limits.ts';
import { DIALECTS, openTestStore, type TestDatabase } from '../store/testing.ts';
import { ANONYMOUS_WRITES, createPipeline, sameOrigin } from './pipeline.ts';
import type { RequestContext } from './server.ts';

const request = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;
const MIGRATIONS = [{ name: 'rate limits', up: createRateLimitsTable }];

describe('same origin', () => {
  const base = 'https://news.example';
  const cases: [Record<string, string>, boolean][] = [
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ 'sec-fetch-site': 'none' }, true],
    [{ 'sec-fetch-site': 'same-site' }, false],
    [{ 'sec-fetch-site': 'cross-site', origin: base }, false],
    [{ origin: base }, true],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'null' }, false],
    [{}, true],
  ];
  for (const [headers, expected] of cases) {
    it(`${JSON.stringify(headers)} → ${expected}`, () => assert.equal(sameOrigin(request(headers), base), expected));
  }
});

describe('client key', () => {
  const key = (trustProxy: boolean, remote: string, headers: Record<string, string> = {}) =>
    createPipeline({ db: undefined as never, config: { baseUrl: 'https://news.example', trustProxy } }).clientKey(
      request(headers, remote),
    );
  it('is the IPv4 address, also when it comes IPv4-mapped', () => {
    assert.equal(key(false, '203.0.113.7'), '203.0.113.7');
    assert.equal(key(false, '::ffff:203.0.113.7'), '203.0.113.7');
  });
  it('is the /64 of an IPv6 address: one household, one key', () => {
    assert.equal(key(false, '2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(key(false, '2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(key(false, '2001:db8::1'), '2001:db8:0:0::/64');
  });
  it('takes X-Forwarded-For only behind a trusted proxy, and then its last entry (the one the proxy added)', () => {
    const headers = { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' };
    assert.equal(key(false, '10.0.0.1', headers), '10.0.0.1');
    assert.equal(key(true, '10.0.0.1', headers), '203.0.113.9');
  });
});

for (const dialect of DIALECTS) {
  describe(`rate limits in the database (${dialect.name})`, () => {
    let store: Store & { testDb: TestDatabase };
    let second: Store;
    before(async () => {
      // The rate-limit table alone: no jobs, so the built-in queue (nothing to start) on both dialects.
      store = await openTestStore(dialect, MIGRATIONS, { queue: 'table' });
      // A second connection pool on the same database, as a second process would open it.
      second = await openStore({
        databaseUrl: store.testDb.databaseUrl,
        dataDir: store.testDb.dataDir,
        migrations: MIGRATIONS,
        queue: 'table',
        ...(store.testDb.pgSchema ? { pgSchema: store.testDb.pgSchema } : {}),
      });
    });
    after(async () => {
      await second.close();
      await store.close();
    });

    it('allows max hits per window, then refuses with the seconds until the next window', async () => {
      const limit = { max: 3, windowMs: 60_000 };
      const t0 = 1_800_000_000_000 + 15_000; // not on a minute: the window starts at the key's first hit
      for (let i = 0; i < 3; i++) assert.deepEqual(await hit(store.db, 'k1', limit, t0 + i), { ok: true });
      assert.deepEqual(await hit(store.db, 'k1', limit, t0 + 15_000), { ok: false, retryAfterS: 45 });
      assert.deepEqual(
        await hit(store.db, 'k1', limit, t0 + 59_999),
        { ok: false, retryAfterS: 1 },
        'no clock boundary in between opens it',
      );
      assert.deepEqual(await hit(store.db, 'other', limit, t0 + 10), { ok: true }, 'keys count apart');
      assert.deepEqual(await hit(store.db, 'k1', limit, t0 + 60_000), { ok: true }, 'a new window starts afresh');
      assert.deepEqual(await hit(store.db, 'k1', limit, t0 + 60_001), { ok: true }, 'and counts from its start');
    });

    it("counts a signed-in person's writes by the person, not by the office address they share", async () => {
      const pipeline = createPipeline({ db: store.db, config: { baseUrl: 'http://localhost', trustProxy: false } });
      const post = (principal?: { id: string }) => {
        const req = Object.assign(Readable.from([Buffer.from('a=1')]), {
          headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
          socket: { remoteAddress: '10.9.9.9' },
        });
        return pipeline.form({ req, principal } as unknown as RequestContext);
      };
      for (let i = 0; i < ANONYMOUS_WRITES.max; i++) await hit(store.db, 'write addr:10.9.9.9', ANONYMOUS_WRITES);
      const anonymous = await post();
      assert.equal(anonymous.ok === false && anonymous.status, 429, 'the address has used its anonymous writes');
      assert.equal((await post({ id: 'editor-1' })).ok, true, 'the editor behind the same address still saves');
    });

    it('shares the count between two connections (two processes on one database)', async () => {
      const limit = { max: 10, windowMs: 60_000 };
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => hit(i % 2 ? second.db : store.db, 'shared', limit, now)),
      );
      assert.equal(results.filter((r) => r.ok).length, 10, 'exactly max hits pass, whichever connection counts');
    });
  });
}
