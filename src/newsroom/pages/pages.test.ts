// The standing pages in the staff area over HTTP on every dialect: the list and the editor page, a save that
// shows on the public page at once (its cached copy dropped, and only its), the refusal of a stale or concurrent
// save (the stored text stays), the document check, the audit entry in words, and the Impressum warning.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../../test/support.ts';
import { getPage } from '../../article/index.ts';
import { DIALECTS } from '../../store/testing.ts';
import { auditDetailText } from '../audit-page.ts';
import { listAudit } from '../audit.ts';
import type { Role } from '../roles.ts';
import { activeStaff, StaffClient } from '../testing.ts';

const doc = (...paragraphs: string[]) => ({
  type: 'doc',
  content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});

for (const dialect of DIALECTS) {
  describe(`standing pages in the staff area (${dialect.name})`, () => {
    let site: RunningApp;
    const people = {} as Record<Role, { client: StaffClient; csrf: string }>;
    before(async () => {
      site = await startTestApp(dialect);
      for (const role of ['contributor', 'author', 'editor', 'admin'] as const) {
        const staff = await activeStaff(site.app, `${role}@example.org`, role);
        const client = new StaffClient(site.baseUrl);
        client.cookies.set('bw_staff', staff.token);
        const page = await (await client.get('/redaktion/artikel/neu')).text();
        people[role] = { client, csrf: /"csrf":"([^"]+)"/.exec(page)?.[1] ?? assert.fail('no form token') };
      }
    });
    after(() => site.stop());

    const save = (who: Role, slug: string, body: Record<string, unknown>) =>
      fetch(`${site.baseUrl}/redaktion/seiten/${slug}/speichern`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'sec-fetch-site': 'same-origin',
          'x-csrf-token': people[who].csrf,
          cookie: people[who].client.cookieHeader(),
        },
      });
    const answer = async (r: Response) => (await r.json()) as { ok: boolean; version?: number; message?: string };
    const publicPage = async (path: string) => (await fetch(site.baseUrl + path)).text();

    it('lists the four pages for editors and administrators, with the Impressum warning', async () => {
      for (const role of ['editor', 'admin'] as const) {
        const r = await people[role].client.get('/redaktion/seiten');
        assert.equal(r.status, 200, role);
        const html = await r.text();
        for (const slug of ['impressum', 'datenschutz', 'kontakt', 'ueber-uns'])
          assert.ok(html.includes(`<a href="/redaktion/seiten/${slug}">`), `${role}: ${slug}`);
        assert.match(html, /Das Impressum ist noch der Beispieltext/);
        assert.match(html, /Beispieltext \(noch nie bearbeitet\)/);
        assert.match(html, /<a href="\/redaktion\/seiten"[^>]*>Seiten<\/a>/, 'in the navigation');
      }
      for (const role of ['contributor', 'author'] as const) {
        assert.equal((await people[role].client.get('/redaktion/seiten')).status, 403, role);
        assert.doesNotMatch(await (await people[role].client.get('/redaktion')).text(), /\/redaktion\/seiten/);
      }
    });

    it('opens a page in the editor with its text and version 0 while it is the example', async () => {
      const html = await (await people.editor.client.get('/redaktion/seiten/ueber-uns')).text();
      assert.match(html, /<h1>Über uns bearbeiten<\/h1>/);
      assert.match(html, /<textarea id="f-title"[^>]*>Über uns<\/textarea>/);
      const data = JSON.parse(
        /<script type="application\/json" id="editor-data">([^<]+)<\/script>/.exec(html)![1]!,
      ) as {
        page: string;
        version: number;
        doc: { content: { type: string }[] };
      };
      assert.equal(data.page, 'ueber-uns');
      assert.equal(data.version, 0);
      assert.equal(data.doc.content[0]?.type, 'paragraph');
      assert.match(html, /<script src="\/assets\/editor\.[^"]+\.js" defer><\/script>/);
      assert.doesNotMatch(html, /id="body-image-file"/, 'no pictures on a standing page');
      assert.equal((await people.editor.client.get('/redaktion/seiten/agb')).status, 404);
    });

    it('saves a page: the public page shows it at once, only its cache key is dropped, the audit says it', async () => {
      assert.match(await publicPage('/impressum'), /Beispieltext/);
      assert.match(await publicPage('/en/impressum'), /Beispieltext/);
      const kontakt = await publicPage('/kontakt');
      // The cache holds the pages: a write that tells no cache is not seen.
      await site.app.db
        .insertInto('pages')
        .values({
          slug: 'kontakt',
          title: 'Kontakt',
          body: JSON.stringify([{ type: 'paragraph', text: 'Ungesehen', marks: [] }]),
          updated_at: new Date().toISOString(),
          version: 1,
          updated_by: 'test',
        })
        .execute();
      assert.equal(await publicPage('/kontakt'), kontakt, 'served from the cache');

      const r = await save('editor', 'impressum', {
        expectedVersion: 0,
        title: 'Impressum',
        doc: doc('Auenstädter Anzeiger GmbH, Marktplatz 1, 12345 Auenstadt', 'Verantwortlich: Erika Muster'),
      });
      assert.deepEqual(await answer(r), { ok: true, version: 1 });
      for (const path of ['/impressum', '/en/impressum']) {
        const html = await publicPage(path);
        assert.match(html, /<p>Auenstädter Anzeiger GmbH, Marktplatz 1, 12345 Auenstadt<\/p>/, path);
        assert.doesNotMatch(html, /Beispieltext/, path);
      }
      assert.equal(await publicPage('/kontakt'), kontakt, 'another page keeps its cached copy');
      const change = await site.app.db
        .selectFrom('page_changes')
        .select('keys')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(change.keys), ['page:impressum'], 'what the edge purges');

      const [entry] = await listAudit(site.app.db, { action: 'page.change' });
      assert.equal(entry?.actor, 'editor@example.org');
      assert.equal(entry?.subject, 'impressum');
      assert.equal(auditDetailText(entry, 'de'), 'Titel: Impressum; neue Version: 1');
      assert.equal(auditDetailText(entry, 'en'), 'title: Impressum; new version: 1');
      const log = await (await people.admin.client.get('/redaktion/protokoll')).text();
      assert.match(log, /<td>Seite geändert<\/td><td><a href="\/redaktion\/seiten\/impressum">\/impressum<\/a><\/td>/);
      assert.doesNotMatch(
        await (await people.editor.client.get('/redaktion')).text(),
        /Impressum/,
        'a real Impressum: no warning',
      );
    });

    it('refuses a stale save with a link to the saved page, and keeps the stored text', async () => {
      const first = await save('admin', 'datenschutz', { expectedVersion: 0, title: 'Datenschutz', doc: doc('Eins') });
      assert.equal((await answer(first)).version, 1);
      const stale = await save('editor', 'datenschutz', { expectedVersion: 0, title: 'Datenschutz', doc: doc('Zwei') });
      assert.equal(stale.status, 409);
      const refused = (await stale.json()) as { message: string; otherVersion: string };
      assert.match(refused.message, /Jemand hat die Seite inzwischen gespeichert/);
      assert.equal(refused.otherVersion, '/datenschutz');
      assert.deepEqual((await getPage(site.app.db, 'datenschutz')).body, [
        { type: 'paragraph', text: 'Eins', marks: [] },
      ]);
      const next = await save('editor', 'datenschutz', { expectedVersion: 1, title: 'Datenschutz', doc: doc('Drei') });
      assert.equal((await answer(next)).version, 2);
    });

    it('takes exactly one of two saves sent at once from the same version', async () => {
      const answers = await Promise.all(
        ['editor', 'admin'].map((who, i) =>
          save(who as Role, 'ueber-uns', { expectedVersion: 0, title: 'Über uns', doc: doc(`Fassung ${i}`) }),
        ),
      );
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
      const kept = answers.findIndex((r) => r.status === 200);
      const page = await getPage(site.app.db, 'ueber-uns');
      assert.equal(page.version, 1);
      assert.deepEqual(page.body, [{ type: 'paragraph', text: `Fassung ${kept}`, marks: [] }]);
    });

    it('checks the document against the content model and refuses, naming why; nothing is saved', async () => {
      const before = await getPage(site.app.db, 'kontakt');
      const link = (href: string) => ({
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'hier', marks: [{ type: 'link', attrs: { href } }] }],
          },
        ],
      });
      for (const [label, body, reason] of [
        ['a script link', { title: 'Kontakt', doc: link('javascript:alert(1)') }, /Nicht gespeichert/],
        ['an unknown node', { title: 'Kontakt', doc: { type: 'doc', content: [{ type: 'script' }] } }, /model/],
        [
          'a picture',
          {
            title: 'Kontakt',
            doc: { type: 'doc', content: [{ type: 'figure', attrs: { id: 'a'.repeat(32), alt: 'x' } }] },
          },
          /Nicht gespeichert/,
        ],
        ['no title', { title: '  ', doc: doc('Text') }, /title/],
        ['a title over two lines', { title: 'Kon\ntakt', doc: doc('Text') }, /title/],
        ['no version', { expectedVersion: 'eins', title: 'Kontakt', doc: doc('Text') }, /expectedVersion/],
      ] as const) {
        const r = await save('editor', 'kontakt', { expectedVersion: before.version, ...body });
        const refused = await answer(r);
        assert.equal(r.status, 400, label);
        assert.match(refused.message ?? '', reason, label);
      }
      assert.deepEqual(await getPage(site.app.db, 'kontakt'), before);
      assert.equal(
        (await save('contributor', 'kontakt', { expectedVersion: 1, title: 'K', doc: doc('x') })).status,
        403,
      );
      assert.deepEqual(await getPage(site.app.db, 'kontakt'), before);
    });

    it('shows the warning once the Impressum is saved empty', async () => {
      const version = (await getPage(site.app.db, 'impressum')).version;
      // What the editor sends when its text is emptied: one empty paragraph.
      const empty = { type: 'doc', content: [{ type: 'paragraph' }] };
      const r = await save('editor', 'impressum', { expectedVersion: version, title: 'Impressum', doc: empty });
      assert.equal(r.status, 200);
      const html = await (await people.editor.client.get('/redaktion/seiten')).text();
      assert.match(html, /Die Website hat kein Impressum/);
    });
  });
}
