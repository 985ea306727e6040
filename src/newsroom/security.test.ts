// The staff area's defences over HTTP on every dialect: headers, cookie flags, session fixation, CSRF on every
// form, the sign-in limits, no account enumeration, hostile names rendered as text, and the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { getPage } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { listAudit } from './audit.ts';
import { totpCode } from './totp.ts';
import { activeStaff, PASSWORD, setTotpSecret, StaffClient } from './testing.ts';

/** Every staff form: the page that carries it and where it posts (the sign-out form is on every page). */
const FORMS: { page: string; action: string; upload?: boolean }[] = [
  { page: '/redaktion/sitzungen', action: '/redaktion/sitzungen/beenden' },
  { page: '/redaktion/sicherheit', action: '/redaktion/sicherheit/passwort' },
  { page: '/redaktion/sicherheit', action: '/redaktion/sicherheit/totp/neu' },
  { page: '/redaktion', action: '/redaktion/abmelden' },
  { page: '/redaktion/team', action: '/redaktion/team/einladen' },
  { page: '/redaktion/team', action: '/redaktion/team/rolle' },
  { page: '/redaktion/team', action: '/redaktion/team/sperren' },
  { page: '/redaktion/team', action: '/redaktion/team/link' },
  { page: '/redaktion/einstellungen', action: '/redaktion/einstellungen' },
  { page: '/redaktion/einstellungen', action: '/redaktion/einstellungen/website' },
  { page: '/redaktion/einstellungen', action: '/redaktion/einstellungen/logo', upload: true },
];

/** The editor's JSON routes: the session's form token travels in the X-CSRF-Token header (editor/guard.ts). */
const JSON_ROUTES = [
  '/redaktion/artikel/speichern',
  '/redaktion/artikel/sprechtext',
  '/redaktion/artikel/anhoeren',
  '/redaktion/bilder',
  '/redaktion/bilder/fokus',
  '/redaktion/artikel/00000000-0000-4000-8000-000000000000/entitaeten',
  '/redaktion/artikel/00000000-0000-4000-8000-000000000000/entitaeten/neu',
  '/redaktion/seiten/impressum/speichern',
];

for (const dialect of DIALECTS) {
  describe(`staff area security (${dialect.name})`, () => {
    let site: RunningApp;
    let admin: Awaited<ReturnType<typeof activeStaff>>;
    before(async () => {
      site = await startTestApp(dialect);
      admin = await activeStaff(site.app, 'chefin@example.org', 'admin');
    });
    after(() => site.stop());
    const client = () => new StaffClient(site.baseUrl);
    const asAdmin = () => {
      const c = client();
      c.cookies.set('bw_staff', admin.token);
      return c;
    };

    it('answers staff pages uncached, unindexed, with their own CSP and no referrer', async () => {
      for (const path of ['/redaktion/anmelden', '/redaktion', '/redaktion/team']) {
        const r = await (path.endsWith('anmelden') ? client() : asAdmin()).get(path);
        assert.equal(r.status, 200, path);
        assert.equal(r.headers.get('cache-control'), 'no-store');
        assert.equal(r.headers.get('x-robots-tag'), 'noindex, nofollow');
        assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
        assert.match(r.headers.get('content-security-policy')!, /script-src 'self';/);
        assert.doesNotMatch(r.headers.get('content-security-policy')!, /unsafe-inline/);
        const body = await r.text();
        assert.match(body, /<meta name="robots" content="noindex, nofollow">/);
        assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)/, 'no inline script');
        assert.doesNotMatch(body, /\sstyle=/, 'no style attribute');
      }
    });

    it('keeps staff code off reader pages', async () => {
      const front = await (await fetch(`${site.baseUrl}/`)).text();
      assert.doesNotMatch(front, /newsroom\.|redaktion/i);
    });

    it('signs in with a password: HttpOnly, SameSite=Strict cookie; a new token every time (no fixation)', async () => {
      const attacker = client();
      assert.equal((await attacker.signIn('chefin@example.org')).status, 303);
      const planted = attacker.cookies.get('bw_staff')!;
      const victim = client();
      victim.cookies.set('bw_staff', planted);
      const csrf = await client().csrf('/redaktion/anmelden');
      const r = await victim.post('/redaktion/anmelden', { csrf, email: 'chefin@example.org', password: PASSWORD });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), '/redaktion');
      const line = r.headers.getSetCookie().find((l) => l.startsWith('bw_staff='))!;
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Strict/);
      assert.match(line, /Path=\//);
      assert.notEqual(victim.cookies.get('bw_staff'), planted);
      assert.equal((await attacker.get('/redaktion')).status, 303, 'the planted session ended at sign-in');
      assert.equal((await victim.get('/redaktion')).status, 200);
    });

    it('names the cookie __Host- with Secure when the site is served over https', async () => {
      const base = site.app.config.baseUrl;
      site.app.config.baseUrl = 'https://news.example';
      try {
        const r = await client().signIn('chefin@example.org');
        const line = r.headers.getSetCookie().find((l) => l.startsWith('__Host-bw_staff='));
        assert.ok(line, r.headers.getSetCookie().join(' | '));
        assert.match(line, /; Secure/);
        assert.match(line, /SameSite=Strict/);
      } finally {
        site.app.config.baseUrl = base;
      }
    });

    it('refuses every staff form without its token, with another session’s token, or from another site', async () => {
      const other = await activeStaff(site.app, 'andere@example.org', 'admin');
      const c = asAdmin();
      const foreign = client();
      foreign.cookies.set('bw_staff', other.token);
      for (const { page, action, upload } of FORMS) {
        const theirs = await foreign.csrf(page, action);
        for (const [label, fields, headers] of [
          ['no token', {}, {}],
          ['a foreign token', { csrf: theirs }, {}],
          ['cross-site', { csrf: await c.csrf(page, action) }, { 'sec-fetch-site': 'cross-site' }],
        ] as const) {
          const form = { ...fields, id: other.id, role: 'contributor', email: 'x@example.org', remove: '1' };
          const r = upload ? await c.upload(action, form, {}, headers) : await c.post(action, form, headers);
          assert.equal(r.status, 403, `${action} with ${label}`);
        }
      }
      for (const path of ['/redaktion/anmelden', '/redaktion/anmelden/code']) {
        const r = await client().post(path, { email: 'chefin@example.org', password: PASSWORD, code: '123456' });
        assert.equal(r.status, 403, `${path} without a token`);
      }
      assert.equal((await c.get('/redaktion/team')).status, 200, 'nothing above changed the admin');
      assert.equal((await foreign.get('/redaktion/team')).status, 200, 'nothing above disabled the other admin');
    });

    it('refuses every JSON write of the editor without its header token, with a foreign one, or cross-site', async () => {
      const other = await activeStaff(site.app, 'json-andere@example.org', 'admin');
      const tokenOf = async (token: string) => {
        const page = await (
          await fetch(`${site.baseUrl}/redaktion/artikel/neu`, { headers: { cookie: `bw_staff=${token}` } })
        ).text();
        return /"csrf":"([^"]+)"/.exec(page)![1]!;
      };
      const [mine, theirs] = [await tokenOf(admin.token), await tokenOf(other.token)];
      for (const path of JSON_ROUTES)
        for (const [label, headers] of [
          ['no token', {}],
          ['a foreign token', { 'x-csrf-token': theirs }],
          ['cross-site', { 'x-csrf-token': mine, 'sec-fetch-site': 'cross-site' }],
        ] as const) {
          const r = await fetch(site.baseUrl + path, {
            method: 'POST',
            // Each route's fields, so that only the token stands between the request and a write.
            body: JSON.stringify({
              text: 'Hallo.',
              entity: 'x',
              choice: 'rejected',
              name: 'X',
              kind: 'person',
              expectedVersion: 0,
              title: 'Impressum',
              doc: { type: 'doc', content: [{ type: 'paragraph' }] },
            }),
            headers: {
              cookie: `bw_staff=${admin.token}`,
              'content-type': 'application/json',
              'sec-fetch-site': 'same-origin',
              ...headers,
            },
          });
          assert.equal(r.status, 403, `${path} with ${label}`);
        }
      assert.equal((await getPage(site.app.db, 'impressum')).version, 0, 'no page was saved');
    });

    it('takes an invitation link once: a password is set, the person is signed in, the audit log says so', async () => {
      const c = asAdmin();
      const csrf = await c.csrf('/redaktion/team', '/redaktion/team/einladen');
      const page = await (
        await c.post('/redaktion/team/einladen', { csrf, email: 'Neu@Example.org', name: 'Neu', role: 'author' })
      ).text();
      const link = /<code class="secret">([^<]+)<\/code>/.exec(page)?.[1] ?? assert.fail('no link shown');
      const path = new URL(link).pathname;
      const invited = client();
      const form = await invited.get(path);
      assert.equal(form.headers.get('referrer-policy'), 'no-referrer');
      assert.match(await form.text(), /neu@example\.org/);
      const token = await invited.csrf(path);
      assert.equal((await invited.post(path, { csrf: token, password: 'kurz' })).status, 400);
      const done = await invited.post(path, { csrf: token, password: 'ein langes neues Passwort' });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), '/redaktion/sicherheit');
      assert.equal((await invited.get('/redaktion')).status, 200);
      assert.equal((await client().get(path)).status, 404, 'the link works once');
      assert.equal((await client().post(path, { csrf: token, password: 'noch ein anderes Passwort' })).status, 404);
      assert.equal((await client().signIn('neu@example.org', 'ein langes neues Passwort')).status, 303);
      const actions = (await listAudit(site.app.db, { actor: 'neu@example.org' })).map((r) => r.action);
      assert.ok(actions.includes('staff.accept') && actions.includes('signin'), actions.join());
    });

    it('answers an unknown address exactly as a wrong password, after a password check', async () => {
      await activeStaff(site.app, 'bekannt@example.org', 'author');
      const strip = (page: string) =>
        page.replace(/name="csrf" value="[^"]+"/g, '').replace(/(un)?bekannt@example\.org/g, 'ADDRESS');
      const known = await client().signIn('bekannt@example.org', 'falsches Passwort 123');
      const unknown = await client().signIn('unbekannt@example.org', 'falsches Passwort 123');
      assert.equal(known.status, 401);
      assert.equal(unknown.status, known.status);
      assert.equal(strip(await unknown.text()), strip(await known.text()));
      assert.equal(known.headers.getSetCookie().length, 0);
      assert.equal(unknown.headers.getSetCookie().length, 0);
      const failed = await listAudit(site.app.db, { action: 'signin.failed' });
      assert.ok(failed.some((r) => r.actor === 'unbekannt@example.org'));
      assert.ok(
        failed.every((r) => !JSON.stringify(r).includes('falsches')),
        'the typed password is never recorded',
      );
    });

    it('limits sign-in attempts per account: the right password is refused once the limit is reached', async () => {
      await activeStaff(site.app, 'ziel@example.org', 'author');
      let last: Response | undefined;
      for (let i = 0; i < 10; i++) last = await client().signIn('ziel@example.org', `falsch ${i} falsch falsch`);
      assert.equal(last!.status, 401);
      const blocked = await client().signIn('ziel@example.org');
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      assert.equal(blocked.headers.getSetCookie().length, 0);
    });

    it('asks for the TOTP code after the password; a wrong or reused code signs nobody in', async () => {
      const who = await activeStaff(site.app, 'zweifach@example.org', 'editor');
      const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      await setTotpSecret(site.app, who.id, secret);
      const c = client();
      const r = await c.signIn('zweifach@example.org');
      assert.equal(r.status, 303);
      assert.match(r.headers.get('location')!, /^\/redaktion\/anmelden\/code/);
      assert.equal(c.cookies.get('bw_staff'), undefined, 'no session before the second factor');
      const csrf = await c.csrf('/redaktion/anmelden/code');
      assert.equal((await c.post('/redaktion/anmelden/code', { csrf, code: '000000' })).status, 401);
      // One code string, typed twice: the second time it is refused, whatever the clock did meanwhile.
      const code = totpCode(secret);
      const ok = await c.post('/redaktion/anmelden/code', { csrf, code });
      assert.equal(ok.status, 303);
      assert.equal((await c.get('/redaktion')).status, 200);
      const again = client();
      await again.signIn('zweifach@example.org');
      const replay = await again.post('/redaktion/anmelden/code', { csrf, code });
      assert.equal(replay.status, 401, 'a used code is refused');
    });

    it('renders hostile names and addresses as text: in the team list, the dashboard and the audit log', async () => {
      const c = asAdmin();
      const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const csrf = await c.csrf('/redaktion/team', '/redaktion/team/einladen');
      const r = await c.post('/redaktion/team/einladen', {
        csrf,
        email: 'xss@example.org',
        name: evil,
        role: 'author',
      });
      assert.equal(r.status, 200);
      await client().signIn(`"><script>alert(3)</script>@example.org`, 'irgendein Passwort');
      for (const path of ['/redaktion/team', '/redaktion/protokoll']) {
        const page = await (await c.get(path)).text();
        assert.doesNotMatch(page, /<script>alert|<img src=x/, path);
        assert.match(page, /&lt;script&gt;alert\(/, path);
      }
    });

    it('ends every session at a password change (but the one that changed it) and at disabling', async () => {
      const who = await activeStaff(site.app, 'wechsel@example.org', 'author');
      const a = client();
      const b = client();
      await a.signIn('wechsel@example.org');
      await b.signIn('wechsel@example.org');
      const csrf = await a.csrf('/redaktion/sicherheit', '/redaktion/sicherheit/passwort');
      const r = await a.post('/redaktion/sicherheit/passwort', {
        csrf,
        current: PASSWORD,
        new: 'ein ganz neues Passwort',
      });
      assert.equal(r.status, 303);
      assert.equal((await a.get('/redaktion')).status, 200);
      assert.equal((await b.get('/redaktion')).status, 303);
      assert.equal((await client().signIn('wechsel@example.org')).status, 401, 'the old password is gone');
      const admin = asAdmin();
      const token = await admin.csrf('/redaktion/team', '/redaktion/team/sperren');
      assert.equal(
        (await admin.post('/redaktion/team/sperren', { csrf: token, id: who.id, disabled: '1' })).status,
        303,
      );
      assert.equal((await a.get('/redaktion')).status, 303, 'disabled: the session is gone');
      assert.equal((await client().signIn('wechsel@example.org', 'ein ganz neues Passwort')).status, 401);
    });

    it('lists one’s sessions and ends another; records it', async () => {
      await activeStaff(site.app, 'liste@example.org', 'contributor');
      const a = client();
      const b = client();
      await a.signIn('liste@example.org');
      await b.signIn('liste@example.org');
      const page = await (await a.get('/redaktion/sitzungen')).text();
      const ids = [...page.matchAll(/name="session" value="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(ids.length, 3, 'two sign-ins and the one the test account came with');
      const current = /<li><p><strong>[^<]*<\/strong> <em>/.test(page);
      assert.ok(current, 'this session is marked');
      const csrf = await a.csrf('/redaktion/sitzungen', '/redaktion/sitzungen/beenden');
      for (const id of ids) await a.post('/redaktion/sitzungen/beenden', { csrf, session: id });
      assert.equal((await b.get('/redaktion')).status, 303);
      assert.ok((await listAudit(site.app.db, { action: 'session.revoke' })).length >= 1);
    });

    it('when 2FA is required, someone without a second factor can only set one up', async () => {
      await activeStaff(site.app, 'ohne@example.org', 'editor');
      const browser = asAdmin();
      const csrf = await browser.csrf('/redaktion/einstellungen', '/redaktion/einstellungen');
      const refused = await browser.post('/redaktion/einstellungen', { csrf, require2fa: '1' });
      assert.equal(refused.status, 400, 'not before the administrator has a second factor (no lock-out)');
      await setTotpSecret(site.app, admin.id, 'JBSWY3DPEHPK3PXP');
      assert.equal((await browser.post('/redaktion/einstellungen', { csrf, require2fa: '1' })).status, 303);
      try {
        const c = client();
        await c.signIn('ohne@example.org');
        const dash = await c.get('/redaktion');
        assert.equal(dash.status, 303);
        assert.equal(dash.headers.get('location'), '/redaktion/sicherheit');
        assert.equal((await c.get('/redaktion/sicherheit')).status, 200);
      } finally {
        const again = await browser.csrf('/redaktion/einstellungen', '/redaktion/einstellungen');
        await browser.post('/redaktion/einstellungen', { csrf: again });
      }
      const changes = await listAudit(site.app.db, { action: 'setting.change' });
      assert.deepEqual(
        changes.map((r) => r.detail),
        [{ value: false }, { value: true }],
      );
    });
  });
}
