// The role × route matrix over HTTP on every dialect: every staff route that names a permission refuses each
// role that lacks it (403), sends anonymous page requests to sign in (303) and answers scripts and forms 401;
// the table below must list every such route the app has, so a new route cannot escape the matrix.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { DIALECTS } from '../store/testing.ts';
import { PERMISSIONS, ROLES, roleCan, type Role } from './roles.ts';
import { activeStaff } from './testing.ts';

/** An article id that names no article: the routes' permission answers before the article is looked up. */
const ARTICLE = '/redaktion/artikel/00000000-0000-4000-8000-000000000000';

/** One sample request per staff route that names a permission. */
const ROUTES: {
  method: 'GET' | 'POST';
  path: string;
  need: keyof typeof PERMISSIONS;
  json?: boolean;
  /** A multipart form (a file upload). */
  upload?: boolean;
}[] = [
  { method: 'GET', path: '/redaktion', need: 'newsroom.enter' },
  { method: 'GET', path: '/redaktion/sitzungen', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sitzungen/beenden', need: 'account.security' },
  { method: 'GET', path: '/redaktion/sicherheit', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sicherheit/passwort', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sicherheit/totp/neu', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sicherheit/totp', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sicherheit/totp/entfernen', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sicherheit/passkey/entfernen', need: 'account.security' },
  { method: 'POST', path: '/redaktion/sicherheit/passkey-optionen', need: 'account.security', json: true },
  { method: 'POST', path: '/redaktion/sicherheit/passkey', need: 'account.security', json: true },
  { method: 'POST', path: '/redaktion/abmelden', need: 'account.security' },
  { method: 'GET', path: '/redaktion/team', need: 'staff.manage' },
  { method: 'POST', path: '/redaktion/team/einladen', need: 'staff.manage' },
  { method: 'POST', path: '/redaktion/team/rolle', need: 'staff.manage' },
  { method: 'POST', path: '/redaktion/team/sperren', need: 'staff.manage' },
  { method: 'POST', path: '/redaktion/team/link', need: 'staff.manage' },
  { method: 'GET', path: '/redaktion/einstellungen', need: 'settings.manage' },
  { method: 'POST', path: '/redaktion/einstellungen', need: 'settings.manage' },
  { method: 'POST', path: '/redaktion/einstellungen/website', need: 'settings.manage' },
  { method: 'POST', path: '/redaktion/einstellungen/logo', need: 'settings.manage', upload: true },
  { method: 'GET', path: '/redaktion/protokoll', need: 'audit.read' },
  { method: 'GET', path: `${ARTICLE}/status`, need: 'articles.write' },
  { method: 'GET', path: `${ARTICLE}/fassungen`, need: 'articles.write' },
  { method: 'POST', path: `${ARTICLE}/einreichen`, need: 'articles.write' },
  { method: 'POST', path: `${ARTICLE}/zurueckgeben`, need: 'articles.edit-any' },
  { method: 'POST', path: `${ARTICLE}/planen`, need: 'articles.publish-own' },
  { method: 'POST', path: `${ARTICLE}/planung-aufheben`, need: 'articles.publish-own' },
  { method: 'POST', path: `${ARTICLE}/veroeffentlichen`, need: 'articles.publish-own' },
  { method: 'POST', path: `${ARTICLE}/zurueckziehen`, need: 'articles.edit-any' },
  { method: 'POST', path: `${ARTICLE}/wiederveroeffentlichen`, need: 'articles.edit-any' },
  { method: 'POST', path: `${ARTICLE}/korrektur`, need: 'articles.edit-any' },
  { method: 'POST', path: `${ARTICLE}/fassungen/wiederherstellen`, need: 'articles.edit-any' },
  // The editor: every role writes; which article a person may edit is the editor's own test (routes.test.ts).
  { method: 'GET', path: '/redaktion/artikel/neu', need: 'articles.write' },
  { method: 'GET', path: `${ARTICLE}`, need: 'articles.write' },
  { method: 'GET', path: `${ARTICLE}/vorschau`, need: 'articles.write' },
  { method: 'POST', path: '/redaktion/artikel/speichern', need: 'articles.write', json: true },
  { method: 'POST', path: `${ARTICLE}/anwesenheit`, need: 'articles.write', json: true },
  { method: 'POST', path: `${ARTICLE}/vorschau-link`, need: 'articles.write', json: true },
  { method: 'POST', path: '/redaktion/bilder', need: 'articles.write', json: true },
  { method: 'POST', path: '/redaktion/bilder/fokus', need: 'articles.write', json: true },
  { method: 'POST', path: '/redaktion/artikel/sprechtext', need: 'articles.write', json: true },
  { method: 'POST', path: '/redaktion/artikel/anhoeren', need: 'articles.write', json: true },
  // The entity panel's choices: entities are Redaktion's (editor and admin).
  { method: 'POST', path: `${ARTICLE}/entitaeten`, need: 'articles.edit-any', json: true },
  { method: 'POST', path: `${ARTICLE}/entitaeten/neu`, need: 'articles.edit-any', json: true },
  { method: 'GET', path: '/redaktion/entitaeten', need: 'articles.edit-any' },
  // The standing pages: Redaktion's (editor and admin).
  { method: 'GET', path: '/redaktion/seiten', need: 'pages.edit' },
  { method: 'GET', path: '/redaktion/seiten/impressum', need: 'pages.edit' },
  { method: 'POST', path: '/redaktion/seiten/impressum/speichern', need: 'pages.edit', json: true },
  { method: 'GET', path: '/redaktion/api', need: 'api.manage' },
  { method: 'POST', path: '/redaktion/api/neu', need: 'api.manage' },
  { method: 'POST', path: '/redaktion/api/widerrufen', need: 'api.manage' },
  { method: 'POST', path: '/redaktion/api/webhook/neu', need: 'api.manage' },
  { method: 'POST', path: '/redaktion/api/webhook/entfernen', need: 'api.manage' },
];

describe('the role table', () => {
  it('gives every role the staff area, and each role at least what the one below has', () => {
    for (const role of ROLES) assert.ok(roleCan(role, 'newsroom.enter'));
    for (let i = 1; i < ROLES.length; i++)
      for (const p of Object.keys(PERMISSIONS))
        if (roleCan(ROLES[i - 1]!, p)) assert.ok(roleCan(ROLES[i]!, p), `${ROLES[i]} lacks ${p}`);
  });
  it('knows no permission it was not given', () => assert.equal(roleCan('admin', 'no.such.permission'), false));
});

for (const dialect of DIALECTS) {
  describe(`role × route matrix (${dialect.name})`, () => {
    let site: RunningApp;
    const tokens = new Map<Role, string>();

    before(async () => {
      site = await startTestApp(dialect);
      for (const role of ROLES) tokens.set(role, (await activeStaff(site.app, `${role}@example.org`, role)).token);
    });
    after(() => site.stop());

    it('lists every route that names a permission', () => {
      const guarded = site.app.routes().filter((r) => r.need);
      for (const route of guarded) {
        const sample = ROUTES.find((s) => s.method === route.method && route.path.test(s.path));
        assert.ok(sample, `no sample for ${route.method} ${route.path.source}`);
        assert.equal(sample.need, route.need, `${route.method} ${route.path.source} needs ${route.need}`);
      }
      assert.equal(guarded.length, ROUTES.length);
    });

    const request = (r: (typeof ROUTES)[number], token: string | undefined) =>
      fetch(site.baseUrl + r.path, {
        method: r.method,
        redirect: 'manual',
        headers: {
          ...(token ? { cookie: `bw_staff=${token}` } : {}),
          'sec-fetch-site': 'same-origin',
          ...(r.json ? { 'content-type': 'application/json', accept: 'application/json' } : {}),
          ...(r.method === 'POST' && !r.json && !r.upload
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {}),
        },
        ...(r.method === 'POST' ? { body: r.json ? '{}' : r.upload ? new FormData() : '' } : {}),
      });

    for (const r of ROUTES) {
      it(`${r.method} ${r.path}: anonymous ${r.method === 'GET' ? '→ sign-in' : '→ 401'}, ${ROLES.map((role) => `${role} ${roleCan(role, r.need) ? 'in' : '403'}`).join(', ')}`, async () => {
        const anonymous = await request(r, undefined);
        if (r.method === 'GET') {
          assert.equal(anonymous.status, 303);
          assert.equal(anonymous.headers.get('location'), `/redaktion/anmelden?zurueck=${encodeURIComponent(r.path)}`);
        } else assert.equal(anonymous.status, 401);
        for (const role of ROLES) {
          const answer = await request(r, tokens.get(role));
          const body = await answer.text();
          if (roleCan(role, r.need)) {
            assert.notEqual(answer.status, 401, `${role} got 401`);
            assert.doesNotMatch(body, /Berechtigung/, `${role} was refused`);
            // A form without its token is refused as such: the request got past authorisation to the form check.
            if (r.method === 'POST' && !r.json) assert.match(body, /Formular ist abgelaufen/);
          } else {
            assert.equal(answer.status, 403, `${role} should get 403 from ${r.path}`);
            assert.match(body, /Berechtigung/);
          }
        }
      });
    }
  });
}
