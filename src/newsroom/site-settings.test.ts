// The site in the staff area: administrators set its name, description and sections; and since German law
// requires an Impressum, editors are told when it is empty or still the example text.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { importPaths, loadPages, readSiteSettings, savePage } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { html } from '../web/html.ts';
import { engineVoices, readVoiceChoice } from '../speech/index.ts';
import sharp from 'sharp';
import { auditDetailText } from './audit-page.ts';
import { listAudit } from './audit.ts';
import { activeStaff, StaffClient } from './testing.ts';

const DEMO_PAGES = fileURLToPath(new URL('../../content/pages/', import.meta.url));

for (const dialect of DIALECTS) {
  describe(`the site in the staff area (${dialect.name})`, () => {
    let site: RunningApp;
    const signedIn = async (role: 'admin' | 'editor' | 'contributor') => {
      const person = await activeStaff(site.app, `${role}-${Math.random()}@example.org`, role);
      const c = new StaffClient(site.baseUrl);
      c.cookies.set('bw_staff', person.token);
      return c;
    };
    const dashboard = async (role: 'editor' | 'contributor') => {
      const person = await activeStaff(site.app, `${role}-${Math.random()}@example.org`, role);
      const c = new StaffClient(site.baseUrl);
      c.cookies.set('bw_staff', person.token);
      return (await c.get('/redaktion')).text();
    };
    before(async () => (site = await startTestApp(dialect)));
    after(() => site.stop());

    it('warns editors while it is the example or empty, and no longer once a real one is in', async () => {
      assert.match(await dashboard('editor'), /Das Impressum ist noch der Beispieltext/, 'never written');
      assert.match(await dashboard('editor'), /<a href="\/redaktion\/seiten\/impressum">Impressum bearbeiten<\/a>/);
      assert.doesNotMatch(await dashboard('contributor'), /Impressum/, 'a contributor cannot change it');
      await savePage(site.app.db, { slug: 'impressum', title: 'Impressum', body: [] }, { by: 'cli' });
      assert.match(await dashboard('editor'), /Die Website hat kein Impressum/);
      await loadPages(site.app.db, DEMO_PAGES, 'cli');
      assert.match(await dashboard('editor'), /Das Impressum ist noch der Beispieltext/, 'loaded from the examples');
      await savePage(
        site.app.db,
        {
          slug: 'impressum',
          title: 'Impressum',
          body: [{ type: 'paragraph', text: 'Auenstädter Anzeiger GmbH, Marktplatz 1, 12345 Auenstadt', marks: [] }],
        },
        { by: 'cli' },
      );
      assert.doesNotMatch(await dashboard('editor'), /Impressum/);
    });

    it('lets an administrator set the name, description and sections; a wrong one changes nothing', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'blattwerk-sections-'));
      const file = join(dir, 'radwege.txt');
      await writeFile(
        file,
        'date 2026-11\ntitle: Neue Radwege\ntopics: Verkehr\n\nDer Stadtrat beschließt neue Radwege.\n',
      );
      const [imported] = await importPaths(site.app.db, [file], { listeners: {} });
      assert.ok(imported?.ok);
      await rm(dir, { recursive: true, force: true });
      const admin = await signedIn('admin');
      const save = async (form: Record<string, string>) =>
        admin.post('/redaktion/einstellungen/website', {
          csrf: await admin.csrf('/redaktion/einstellungen', '/redaktion/einstellungen/website'),
          ...form,
        });
      const ok = await save({
        name: 'Auenstädter <Anzeiger>',
        description: 'Nachrichten aus Auenstadt',
        sections: 'Verkehr',
      });
      assert.equal(ok.status, 303, await ok.text());
      const front = await waitForFrame(site.baseUrl, 'Auenstädter &lt;Anzeiger&gt;');
      assert.match(front, /<nav class="sections" aria-label="Ressorts">\s*<ul><li><a href="\/thema\/verkehr"/);
      // Every feature names the site as the settings do: the share page, oEmbed, the browser's search.
      const slug = imported.article.slug;
      const share = await (await fetch(`${site.baseUrl}/artikel/${slug}/teilen`)).text();
      assert.match(share, /<title>[^<]* – Auenstädter &lt;Anzeiger&gt;<\/title>/);
      const oembed = await fetch(`${site.baseUrl}/oembed?url=${encodeURIComponent(`${site.baseUrl}/artikel/${slug}`)}`);
      assert.equal(((await oembed.json()) as { provider_name: string }).provider_name, 'Auenstädter <Anzeiger>');
      assert.match(await (await fetch(`${site.baseUrl}/opensearch.xml`)).text(), /Auenstädter &lt;Anzeiger&gt;/);
      const wrong = await save({ name: 'Anderer Name', description: '', sections: 'Gibt es nicht' });
      assert.equal(wrong.status, 400);
      assert.match(await wrong.text(), /Nicht gespeichert: no topic &quot;Gibt es nicht&quot;/);
      assert.equal((await readSiteSettings(site.app.db)).name, 'Auenstädter <Anzeiger>', 'nothing changed');
      const audit = await listAudit(site.app.db, { action: 'setting.change' });
      assert.equal(audit.filter((a) => a.subject === 'site').length, 1);
      const editor = await signedIn('editor');
      assert.equal((await editor.get('/redaktion/einstellungen')).status, 403);
    });

    it('sets the default language, the voice and the mail sender; a wrong one is refused by name, nothing changed', async () => {
      const admin = await signedIn('admin');
      const voices = engineVoices(site.app.config.speech);
      const current = async () => ({
        ...(await readSiteSettings(site.app.db)),
        voice: await readVoiceChoice(site.app.db, voices),
      });
      const save = async (form: Record<string, string>) => {
        const now = await current();
        return admin.post('/redaktion/einstellungen/website', {
          csrf: await admin.csrf('/redaktion/einstellungen', '/redaktion/einstellungen/website'),
          name: now.name ?? '',
          description: now.description ?? '',
          sections: (now.sections ?? []).join(','),
          language: now.language ?? 'de',
          voice: now.voice,
          mailFrom: now.mailFrom ?? '',
          ...form,
        });
      };
      const settingsPage = await (await admin.get('/redaktion/einstellungen')).text();
      for (const v of voices) assert.ok(settingsPage.includes(`<option value="${v}"`), `the voice "${v}" is offered`);
      const ok = await save({ language: 'en', voice: 'f3', mailFrom: 'Auenstädter Anzeiger <news@auenstadt.example>' });
      assert.equal(ok.status, 303, await ok.text());
      const saved = await current();
      assert.equal(saved.language, 'en');
      assert.equal(saved.voice, 'f3');
      assert.equal(saved.mailFrom, 'Auenstädter Anzeiger <news@auenstadt.example>');
      const entry = (await listAudit(site.app.db, { action: 'setting.change' })).find((a) => a.subject === 'site')!;
      assert.equal(
        auditDetailText(entry, 'de'),
        'Sprache: Englisch; Absender: Auenstädter Anzeiger <news@auenstadt.example>; Stimme: Weiblich 3',
        'only what changed, in words',
      );
      const editor = await signedIn('editor');
      assert.match(
        await (await editor.get('/redaktion/artikel/neu')).text(),
        /<option value="en" selected>English<\/option>/,
        'a new article starts in the default language',
      );
      assert.match(await (await fetch(`${site.baseUrl}/feed.xml`)).text(), /<language>en<\/language>/);
      assert.match(await (await fetch(`${site.baseUrl}/podcast.xml`)).text(), /<language>en<\/language>/);

      for (const [form, said] of [
        [{ language: 'fr' }, /Nicht gespeichert: language must be de or en, not &quot;fr&quot;/],
        [{ voice: 'klatt' }, /Nicht gespeichert: Die Sprachausgabe hat keine Stimme „klatt“/],
        [{ mailFrom: 'keine Adresse' }, /Nicht gespeichert: mailFrom &quot;keine Adresse&quot; is not an address/],
        [
          { mailFrom: 'a@example.org, b@example.org' },
          /mailFrom &quot;a@example.org, b@example.org&quot; is not an address/,
        ],
        [{ mailFrom: 'news@example.org\r\nBcc: alle@example.org' }, /mailFrom .* is not an address/],
        [{ mailFrom: 'Name <kein-at>' }, /is not an address/],
      ] as const) {
        const r = await save({ ...form, name: 'Ein anderer Name' });
        assert.equal(r.status, 400, JSON.stringify(form));
        assert.match(await r.text(), said);
        assert.deepEqual(await current(), saved, `nothing changed by ${JSON.stringify(form)}`);
      }
      assert.equal((await save({ language: 'de', voice: '', mailFrom: '' })).status, 303, 'back to the defaults');
      const back = (await listAudit(site.app.db, { action: 'setting.change' })).find((a) => a.subject === 'site')!;
      assert.equal(auditDetailText(back, 'en'), 'language: German; sender: (default); voice: Standard');
    });

    it('takes a logo upload through the logo checks, shows it in the masthead, and removes it again', async () => {
      const admin = await signedIn('admin');
      const upload = async (
        files: Record<string, { name: string; bytes: Buffer }>,
        fields: Record<string, string> = {},
      ) =>
        admin.upload(
          '/redaktion/einstellungen/logo',
          { csrf: await admin.csrf('/redaktion/einstellungen', '/redaktion/einstellungen/logo'), ...fields },
          files,
        );
      const png = await sharp({ create: { width: 240, height: 60, channels: 3, background: '#1f6f4a' } })
        .png()
        .withExif({ IFD0: { Artist: 'Geheimer Fotograf' } })
        .toBuffer();
      assert.ok((await sharp(png).metadata()).exif, 'the upload carries metadata');
      const ok = await upload({ logo: { name: 'logo.png', bytes: png } });
      assert.equal(ok.status, 303, await ok.text());
      const front = await waitForFrame(site.baseUrl, 'src="/logo/');
      const img = /<img src="(\/logo\/[\w-]+\.png)" width="240" height="60" alt="([^"]*)">/.exec(front);
      assert.ok(img, 'the masthead shows the logo');
      const name = (await readSiteSettings(site.app.db)).name ?? site.app.config.siteName;
      assert.equal(img[2], html`${name}`.value, 'the name is its alt');
      const served = Buffer.from(await (await fetch(site.baseUrl + img[1]!)).arrayBuffer());
      assert.equal((await sharp(served).metadata()).exif, undefined, 'metadata stripped');
      const added = (await listAudit(site.app.db, { action: 'setting.change' })).find((a) => a.subject === 'logo')!;
      assert.equal(auditDetailText(added, 'de'), 'Logo: logo.png (PNG, 240×60)');

      for (const [files, status, said] of [
        [
          { logo: { name: 'logo.png', bytes: Buffer.from('kein Bild, nur Text') } },
          400,
          /Logo nicht gespeichert: the logo is not a PNG image sharp can read/,
        ],
        [
          {
            logo: {
              name: 'logo.svg',
              bytes: Buffer.from(
                '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
              ),
            },
          },
          400,
          /Logo nicht gespeichert: the logo may only draw: &lt;script&gt; is not allowed/,
        ],
        [
          { logo: { name: 'logo.png', bytes: Buffer.alloc(600 * 1024, 1) } },
          413,
          /Logo nicht gespeichert: the file is larger than 512 KB/,
        ],
        [{}, 400, /Bitte eine Datei wählen/],
      ] as const) {
        const r = await upload(files);
        assert.equal(r.status, status);
        assert.match(await r.text(), said);
      }
      assert.match(await (await fetch(`${site.baseUrl}/`)).text(), new RegExp(`src="${img[1]}"`), 'the logo stayed');
      const removed = await upload({}, { remove: '1' });
      assert.equal(removed.status, 303);
      await waitForFrame(site.baseUrl, '<a class="brand"', 'src="/logo/');
      const gone = (await listAudit(site.app.db, { action: 'setting.change' })).find((a) => a.subject === 'logo')!;
      assert.equal(auditDetailText(gone, 'de'), 'Logo: (Standard)');
    });
  });
}

/** The front page once the new frame reached it (settings reload the frame after the write). */
async function waitForFrame(base: string, text: string, without?: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const page = await (await fetch(`${base}/`)).text();
    if (page.includes(text) && !(without && page.includes(without))) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  return assert.fail(`the front page never showed ${text}`);
}
