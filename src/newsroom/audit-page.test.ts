// The audit page reads as words (never JSON), escapes what people typed, and filters by person, action and days.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { DIALECTS } from '../store/testing.ts';
import { auditDetailText } from './audit-page.ts';
import { CLI_ACTOR, recordAudit, type AuditRow } from './audit.ts';
import { activeStaff, StaffClient } from './testing.ts';

const row = (action: string, detail: Record<string, unknown>, subject: string | null = null): AuditRow => ({
  id: 1,
  at: '2026-11-02T10:00:00.000Z',
  actorId: null,
  actor: 'cli',
  action,
  subject,
  ip: null,
  detail,
});

describe('audit details as words', () => {
  const cases: [AuditRow, string, string][] = [
    [
      row('staff.role', { from: 'contributor', to: 'editor' }),
      'Rolle: Mitarbeit → Redaktion',
      'role: Contributor → Editor',
    ],
    [row('signin', { method: 'password+totp' }), 'Weg: Passwort und Code', 'by: password and code'],
    [
      row('setting.change', { value: true }, 'require2fa'),
      'Zweiter Faktor für alle: ja',
      'Second factor for everyone: yes',
    ],
    [
      row('setting.change', { name: 'Anzeiger', description: '', sections: 'Politik, Sport' }, 'site'),
      'Name: Anzeiger; Beschreibung: (Standard); Ressorts: Politik, Sport',
      'name: Anzeiger; description: (default); sections: Politik, Sport',
    ],
    [
      row('api-token.create', { scopes: ['articles:write', 'images:write'] }),
      'Rechte: articles:write, images:write',
      'scopes: articles:write, images:write',
    ],
    [
      row('article.correct', { headline: 'password', kind: 'update', substantive: false }),
      'Titel: password; Art: Aktualisierung; wesentlich: nein',
      'headline: password; kind: update; substantive: no',
    ],
    [
      row('article.schedule', { at: '2026-11-02T10:00:00.000Z' }),
      'Zeit: 2. November 2026, 11:00 Uhr',
      'time: 2 November 2026, 11:00',
    ],
    [
      row('article.schedule', {
        headline: 'Brücke',
        from: 'review',
        to: 'scheduled',
        scheduledAt: '2026-11-02T10:00:00.000Z',
        embargoUntil: '',
      }),
      'In Prüfung → Geplant; Titel: Brücke; geplant für: 2. November 2026, 11:00 Uhr',
      'In review → Scheduled; headline: Brücke; scheduled for: 2 November 2026, 11:00',
    ],
    [row('signin', { method: 'invitation' }), 'Weg: Einladungslink', 'by: invitation link'],
    [
      row('article.entity', { headline: 'Gipfel', entity: 'person:emmanuel-macron', choice: 'rejected' }),
      'Titel: Gipfel; Person/Ort/Organisation: person:emmanuel-macron; Entscheidung: abgelehnt',
      'headline: Gipfel; person/place/organisation: person:emmanuel-macron; choice: rejected',
    ],
    [
      row('article.entity', { headline: 'Gipfel', entity: 'place:paris', choice: 'undone' }),
      'Titel: Gipfel; Person/Ort/Organisation: place:paris; Entscheidung: zurückgenommen',
      'headline: Gipfel; person/place/organisation: place:paris; choice: taken back',
    ],
    [row('future.thing', { shape: { a: 1 } }), 'shape: {"a":1}', 'shape: {"a":1}'],
  ];
  for (const [r, de, en] of cases)
    it(`${r.action}: ${de}`, () => {
      assert.equal(auditDetailText(r, 'de'), de);
      assert.equal(auditDetailText(r, 'en'), en);
    });
});

for (const dialect of DIALECTS) {
  describe(`the audit page (${dialect.name})`, () => {
    let site: RunningApp;
    let admin: StaffClient;
    before(async () => {
      site = await startTestApp(dialect);
      const a = await activeStaff(site.app, 'leitung@example.org', 'admin');
      admin = new StaffClient(site.baseUrl);
      admin.cookies.set('bw_staff', a.token);
      const at = (iso: string) => new Date(iso);
      const db = site.app.db;
      await recordAudit(
        db,
        { actor: CLI_ACTOR, action: 'staff.role', subject: a.id, detail: { from: 'editor', to: 'admin' } },
        at('2026-11-01T23:30:00Z'),
      );
      await recordAudit(
        db,
        {
          actor: CLI_ACTOR,
          action: 'setting.change',
          subject: 'site',
          detail: { name: '<script>alert(1)</script>\u202Egnp.exe' },
        },
        at('2026-11-02T22:59:00Z'),
      );
      await recordAudit(
        db,
        { actor: { id: a.id, label: a.email }, action: 'signin', detail: { method: 'passkey' } },
        at('2026-11-02T23:00:00Z'),
      );
      await recordAudit(
        db,
        {
          actor: { id: a.id, label: a.email },
          action: 'article.entity',
          detail: { headline: 'Gipfel', entity: 'place:paris', choice: 'accepted' },
        },
        at('2026-10-15T10:00:00Z'),
      );
    });
    after(() => site.stop());

    const page = async (query: string) => {
      const r = await admin.get(`/redaktion/protokoll${query}`);
      assert.equal(r.status, 200);
      return r.text();
    };

    it('shows details as escaped words, never JSON', async () => {
      const all = await page('');
      assert.match(all, /<td>Rolle geändert<\/td>/);
      assert.match(all, /Rolle: Redaktion → Administration/);
      assert.match(all, /<td>Person, Ort oder Organisation entschieden<\/td>/);
      assert.match(all, /Person\/Ort\/Organisation: place:paris; Entscheidung: übernommen/);
      assert.match(all, /Name: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(all, /<script>alert/);
      assert.doesNotMatch(all, /\{&quot;|\{"/, 'no JSON');
    });

    it('filters by Berlin days, action and person; refuses a day that is not one', async () => {
      // 2026-11-02 in Berlin is 2026-11-01T23:00Z to 2026-11-02T23:00Z.
      const day = await page('?von=2026-11-02&bis=2026-11-02');
      assert.doesNotMatch(await page('?bis=2026-11-01'), /<td>Rolle geändert<\/td>/, '00:30 in Berlin is the 2nd');
      assert.match(day, /<td>Rolle geändert<\/td>/);
      assert.match(day, /<td>Einstellung geändert<\/td>/);
      assert.doesNotMatch(day, /<td>Anmeldung<\/td>/, 'midnight in Berlin is the next day');
      const from3 = await page('?von=2026-11-03');
      assert.match(from3, /<td>Anmeldung<\/td>/);
      assert.doesNotMatch(from3, /<td>Rolle geändert<\/td>/);
      const signins = await page('?aktion=signin');
      assert.match(signins, /Weg: Passkey/);
      assert.doesNotMatch(signins, /<td>Einstellung geändert<\/td>/);
      const cli = await page('?wer=cli');
      assert.match(cli, /<td>Einstellung geändert<\/td>/);
      assert.doesNotMatch(cli, /<td>Anmeldung<\/td>/);
      const bad = await page('?von=2026-13-45');
      assert.match(bad, /role="alert">Ein Tag ist als JJJJ-MM-TT anzugeben/);
      assert.match(bad, /Keine Einträge/);
    });
  });
}
