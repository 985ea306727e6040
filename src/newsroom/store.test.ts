// The newsroom's storage on every dialect: accounts, sessions (idle and absolute ends, revoking, password change),
// one-time links, TOTP without replay, and the audit log with its filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import {
  createStaff,
  normaliseEmail,
  setDisabled,
  setPasswordHash,
  setRole,
  StaffError,
  staffById,
} from './accounts.ts';
import { CLI_ACTOR, listAudit, recordAudit } from './audit.ts';
import { findLink, issueLink, takeLink } from './links.ts';
import { ABSOLUTE_MS, createSession, IDLE_MS, listSessions, revokeSession, sessionByToken } from './sessions.ts';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.ts';
import { confirmTotp, startTotp, totpCode, useTotp } from './totp.ts';

const FROM = { ip: '203.0.113.1', userAgent: 'test', method: 'password' };

describe('addresses', () => {
  it('are stored trimmed and in lower case', () =>
    assert.equal(normaliseEmail('  Ada@Example.ORG '), 'ada@example.org'));
  for (const bad of [
    '',
    'ada',
    '@example.org',
    'ada@',
    'ada@@example.org',
    'a da@example.org',
    'ada@example',
    'ada@example.org.',
    'a<b>@example.org',
  ])
    it(`refuses ${JSON.stringify(bad)} with a message naming it`, () =>
      assert.throws(
        () => normaliseEmail(bad),
        (e: unknown) => e instanceof StaffError && e.code === 'bad-email',
      ));
});

for (const dialect of DIALECTS) {
  describe(`newsroom store (${dialect.name})`, () => {
    let store: Store;
    before(async () => (store = await openTestStore(dialect, MIGRATIONS)));
    after(() => store.close());

    it('creates an invited account, refuses a second one for the address', async () => {
      const ada = await createStaff(store.db, { email: 'Ada@example.org', role: 'editor' });
      assert.deepEqual([ada.email, ada.name, ada.state, ada.hasPassword], ['ada@example.org', 'ada', 'invited', false]);
      await assert.rejects(
        createStaff(store.db, { email: 'ada@EXAMPLE.org', role: 'author' }),
        /already has an account/,
      );
    });

    it('keeps the last active administrator: no demotion, no disabling', async () => {
      const boss = await createStaff(store.db, { email: 'boss@example.org', role: 'admin' });
      await store.db.updateTable('staff').set({ state: 'active' }).where('id', '=', boss.id).execute();
      const active = (await staffById(store.db, boss.id))!;
      await assert.rejects(setRole(store.db, active, 'editor'), /last active administrator/);
      await assert.rejects(setDisabled(store.db, active, true), /last active administrator/);
      const second = await createStaff(store.db, { email: 'second@example.org', role: 'admin' });
      await store.db.updateTable('staff').set({ state: 'active' }).where('id', '=', second.id).execute();
      await setRole(store.db, active, 'editor');
      assert.equal((await staffById(store.db, boss.id))!.role, 'editor');
    });

    it('finds a live session by its token only, never by its stored hash; ends it when idle or too old', async () => {
      const s = await createStaff(store.db, { email: 'sess@example.org', role: 'author' });
      await store.db.updateTable('staff').set({ state: 'active' }).where('id', '=', s.id).execute();
      const t0 = new Date('2026-11-27T10:00:00Z');
      const a = await createSession(store.db, s.id, FROM, t0);
      assert.equal((await sessionByToken(store.db, a.token, t0))?.staff.id, s.id);
      const stored = await store.db
        .selectFrom('staff_sessions')
        .select('token_hash')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, a.token);
      assert.equal(await sessionByToken(store.db, stored.token_hash, t0), undefined);
      // Used every 50 minutes, it lives until its absolute end.
      let t = t0.getTime();
      while (t + 50 * 60_000 < t0.getTime() + ABSOLUTE_MS) {
        t += 50 * 60_000;
        assert.ok(await sessionByToken(store.db, a.token, new Date(t)), `alive at ${new Date(t).toISOString()}`);
      }
      assert.equal(await sessionByToken(store.db, a.token, new Date(t0.getTime() + ABSOLUTE_MS)), undefined);
      const b = await createSession(store.db, s.id, FROM, t0);
      assert.equal(await sessionByToken(store.db, b.token, new Date(t0.getTime() + IDLE_MS + 1)), undefined);
      assert.equal((await listSessions(store.db, s.id)).length, 0, 'ended sessions are deleted');
    });

    it('revokes only one’s own session; a password change ends all but the current one; disabling ends all', async () => {
      const s = await createStaff(store.db, { email: 'rev@example.org', role: 'author' });
      const other = await createStaff(store.db, { email: 'other@example.org', role: 'author' });
      await store.db.updateTable('staff').set({ state: 'active' }).where('id', 'in', [s.id, other.id]).execute();
      const [a, b, c] = [
        await createSession(store.db, s.id, FROM),
        await createSession(store.db, s.id, FROM),
        await createSession(store.db, s.id, FROM),
      ];
      assert.equal(await revokeSession(store.db, other.id, a.id), false);
      assert.equal(await revokeSession(store.db, s.id, a.id), true);
      assert.equal(await sessionByToken(store.db, a.token), undefined);
      await setPasswordHash(store.db, s.id, 'scrypt$17$8$1$x$y', c.id);
      assert.equal(await sessionByToken(store.db, b.token), undefined);
      assert.ok(await sessionByToken(store.db, c.token));
      await setDisabled(store.db, (await staffById(store.db, s.id))!, true);
      assert.equal(await sessionByToken(store.db, c.token), undefined);
    });

    it('a one-time link works once and expires; a new one replaces the old', async () => {
      const s = await createStaff(store.db, { email: 'link@example.org', role: 'contributor' });
      const first = await issueLink(store.db, s.id, 'invite');
      const second = await issueLink(store.db, s.id, 'invite');
      assert.equal(await findLink(store.db, first), undefined);
      assert.equal((await findLink(store.db, second))?.staff_id, s.id);
      assert.equal(await findLink(store.db, second, new Date(Date.now() + 8 * 24 * 3600_000)), undefined);
      assert.equal(await takeLink(store.db, second), true);
      assert.equal(await takeLink(store.db, second), false);
      assert.equal(await findLink(store.db, second), undefined);
    });

    it('TOTP: enrolment needs a right code; a code is good once, also in a race', async () => {
      const s = await createStaff(store.db, { email: 'totp@example.org', role: 'editor' });
      const box = new SecretBox(randomBytes(32));
      const secret = await startTotp(store.db, box, s.id);
      assert.equal(
        await confirmTotp(store.db, box, s.id, '000000'.replace('0', totpCode(secret)[0] === '0' ? '1' : '0')),
        false,
      );
      const now = Date.now();
      assert.equal(await confirmTotp(store.db, box, s.id, totpCode(secret, now), now), true);
      // The enrolment code's step is used; the next step's code is accepted once.
      const later = now + 30_000;
      assert.equal(
        await useTotp(store.db, box, s.id, totpCode(secret, now), later),
        false,
        'the enrolment code is spent',
      );
      const code = totpCode(secret, later);
      const results = await Promise.all([
        useTotp(store.db, box, s.id, code, later),
        useTotp(store.db, box, s.id, code, later),
      ]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal(await useTotp(store.db, box, s.id, 'abc123', later), false);
    });

    it('records audit entries and filters them by person, action and time, newest first', async () => {
      const s = await createStaff(store.db, { email: 'audit@example.org', role: 'admin' });
      await recordAudit(
        store.db,
        { actor: CLI_ACTOR, action: 'staff.invite', subject: s.id },
        new Date('2026-01-01T00:00:00Z'),
      );
      await recordAudit(
        store.db,
        { actor: { id: s.id, label: s.email }, action: 'signin', ip: '203.0.113.9', detail: { method: 'password' } },
        new Date('2026-02-01T00:00:00Z'),
      );
      await recordAudit(
        store.db,
        { actor: { id: null, label: 'nobody@example.org' }, action: 'signin.failed' },
        new Date('2026-03-01T00:00:00Z'),
      );
      const mine = await listAudit(store.db, { actor: s.id });
      assert.deepEqual(
        mine.map((r) => [r.action, r.ip, r.detail]),
        [['signin', '203.0.113.9', { method: 'password' }]],
      );
      assert.deepEqual(
        (await listAudit(store.db, { actor: 'NOBODY@example.org' })).map((r) => r.action),
        ['signin.failed'],
      );
      assert.deepEqual(
        (await listAudit(store.db, { action: 'staff.invite' })).map((r) => r.subject),
        [s.id],
      );
      const since = await listAudit(store.db, { since: '2026-02-01T00:00:00.000Z' });
      assert.ok(since.every((r) => r.at >= '2026-02-01'));
      const all = await listAudit(store.db);
      assert.ok(all[0]!.id > all.at(-1)!.id, 'newest first');
      assert.deepEqual(await listAudit(store.db, { before: all.at(-1)!.id }), []);
    });
  });
}
