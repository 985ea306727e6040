// TOTP secrets at rest: sealed with AES-256-GCM under a key outside the database; rows from before are sealed at
// start; a site whose sealed rows have lost their key refuses to start with a message saying what to do.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { DIALECTS } from '../store/testing.ts';
import { activeStaff, setTotpSecret, StaffClient } from './testing.ts';
import { loadSecretKey, SecretBox, totpContext } from './secret-box.ts';
import { totpCode } from './totp.ts';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('the secret box', () => {
  const box = new SecretBox(randomBytes(32));
  it('opens what it sealed, for the same row only, and never under another key', () => {
    const sealed = box.seal(SECRET, totpContext('a', 'totp_secret'));
    assert.doesNotMatch(sealed, /JBSWY3DP/);
    assert.notEqual(sealed, box.seal(SECRET, totpContext('a', 'totp_secret')), 'a fresh IV each time');
    assert.equal(box.open(sealed, totpContext('a', 'totp_secret')), SECRET);
    assert.throws(() => box.open(sealed, totpContext('b', 'totp_secret')), /cannot decrypt staff.totp_secret:b/);
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, totpContext('a', 'totp_secret')), /another/);
    assert.throws(() => box.open(SECRET, 'x'), /x is not an encrypted value/);
  });

  it('refuses a body shorter than the 16-byte tag, and a tag cut short', () => {
    const sealed = box.seal(SECRET, 'x');
    const [iv, body] = sealed.slice(3).split('.') as [string, string];
    const short = Buffer.from(body, 'base64url').subarray(-12).toString('base64url');
    assert.throws(() => box.open(`v1.${iv}.${short}`, 'x'), /x is not an encrypted value/);
    const cut = Buffer.from(body, 'base64url').subarray(0, -4).toString('base64url');
    assert.throws(() => box.open(`v1.${iv}.${cut}`, 'x'), /cannot decrypt x/);
  });
});

for (const dialect of DIALECTS) {
  describe(`TOTP secrets at rest (${dialect.name})`, () => {
    let site: RunningApp;
    before(async () => (site = await startTestApp(dialect)));
    after(() => site.stop());

    it('makes DATA/secret.key once, readable by the owner only, and signs in with a sealed secret', async () => {
      const file = join(site.dataDir, 'secret.key');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      // Two processes starting at once on an empty data directory end up with one key, and no file besides it.
      const dataDir = mkdtempSync(join(tmpdir(), 'blattwerk-key-'));
      try {
        const [a, b] = await Promise.all(
          [0, 1].map(() => loadSecretKey(site.app.db, { secretKey: undefined, dataDir })),
        );
        assert.deepEqual(a, b);
        assert.deepEqual(readdirSync(dataDir), ['secret.key']);
      } finally {
        rmSync(dataDir, { recursive: true });
      }
      const who = await activeStaff(site.app, 'sealed@example.org', 'editor');
      await setTotpSecret(site.app, who.id, SECRET);
      const row = await site.app.db
        .selectFrom('staff')
        .select('totp_secret')
        .where('id', '=', who.id)
        .executeTakeFirstOrThrow();
      assert.match(row.totp_secret!, /^v1\./);
      const c = new StaffClient(site.baseUrl);
      await c.signIn('sealed@example.org');
      const csrf = await c.csrf('/redaktion/anmelden/code');
      assert.equal((await c.post('/redaktion/anmelden/code', { csrf, code: totpCode(SECRET) })).status, 303);
    });

    it('seals plain rows from before at start; refuses to start without the key they were sealed with', async () => {
      const who = await activeStaff(site.app, 'old@example.org', 'editor');
      await site.app.db
        .updateTable('staff')
        .set({ totp_secret: SECRET, totp_pending: 'GEZDGNBVGY3TQOJQ' })
        .where('id', '=', who.id)
        .execute();
      const second = await startTestApp(dialect, { database: site.testDb });
      const row = await site.app.db
        .selectFrom('staff')
        .select(['totp_secret', 'totp_pending'])
        .where('id', '=', who.id)
        .executeTakeFirstOrThrow();
      await second.stop();
      const key = await loadSecretKey(site.app.db, site.app.config);
      assert.equal(new SecretBox(key).open(row.totp_secret!, totpContext(who.id, 'totp_secret')), SECRET);
      assert.equal(new SecretBox(key).open(row.totp_pending!, totpContext(who.id, 'totp_pending')), 'GEZDGNBVGY3TQOJQ');
      await assert.rejects(
        loadSecretKey(site.app.db, { secretKey: undefined, dataDir: join(site.dataDir, 'elsewhere') }),
        /TOTP secrets in the database are encrypted, but there is no key: set BLATTWERK_SECRET_KEY/,
      );
      await assert.rejects(
        loadSecretKey(site.app.db, { secretKey: 'zu kurz', dataDir: site.dataDir }),
        /BLATTWERK_SECRET_KEY must be 64 hex characters/,
      );
      const wrong = randomBytes(32).toString('hex');
      await assert.rejects(
        loadSecretKey(site.app.db, { secretKey: wrong, dataDir: site.dataDir }),
        /the secret key in BLATTWERK_SECRET_KEY \(or BLATTWERK_SECRET_KEY_FILE\) does not open the TOTP secrets/,
      );
      const elsewhere = mkdtempSync(join(tmpdir(), 'blattwerk-key-'));
      try {
        writeFileSync(join(elsewhere, 'secret.key'), `${wrong}\n`);
        await assert.rejects(
          loadSecretKey(site.app.db, { secretKey: undefined, dataDir: elsewhere }),
          new RegExp(`the secret key in ${join(elsewhere, 'secret.key')} does not open the TOTP secrets`),
        );
      } finally {
        rmSync(elsewhere, { recursive: true });
      }
      assert.deepEqual(
        await loadSecretKey(site.app.db, { secretKey: key.toString('hex'), dataDir: site.dataDir }),
        key,
        'the right key, given as the variable',
      );
    });

    it('refuses to start with a secret key that does not open the sealed secrets, and says which key', async () => {
      const wrong = { BLATTWERK_SECRET_KEY: randomBytes(32).toString('hex') };
      await assert.rejects(
        // Should it start after all, it is stopped again, so the test fails instead of waiting for it.
        startTestApp(dialect, { database: site.testDb, env: wrong }).then((started) => started.stop()),
        /BLATTWERK_SECRET_KEY \(or BLATTWERK_SECRET_KEY_FILE\) does not open the TOTP secrets in the database/,
      );
    });
  });
}
