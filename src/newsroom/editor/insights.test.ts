// The editor's side column and body additions over HTTP on every dialect: the entity panel's choices (accept,
// reject, add existing or new; who may; what readers then see), "hear this paragraph" (audio, bounds, limit, no
// samples from a WebAssembly voice), and a body with a picture and a table saved through the editor's route.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { runArticleEvents, startTestApp, type RunningApp } from '../../../test/support.ts';
import { getArticleById, saveArticle } from '../../article/index.ts';
import { DIALECTS } from '../../store/testing.ts';
import { listAudit } from '../audit.ts';
import type { Role } from '../roles.ts';
import { activeStaff, StaffClient } from '../testing.ts';

const HOSTILE = `<script>alert("x")</script> & "Zitat" </li><img src=x onerror=alert(1)>`;
const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

for (const dialect of DIALECTS) {
  describe(`editor insights: entities, hearing, pictures and tables (${dialect.name})`, () => {
    let site: RunningApp;
    const people = {} as Record<Role, { client: StaffClient; csrf: string }>;
    before(async () => {
      site = await startTestApp(dialect);
      for (const role of ['contributor', 'author', 'editor', 'admin'] as const) {
        const staff = await activeStaff(site.app, `${role}@example.org`, role);
        const client = new StaffClient(site.baseUrl);
        client.cookies.set('bw_staff', staff.token);
        const page = await (await client.get('/redaktion/artikel/neu')).text();
        people[role] = { client, csrf: /"csrf":"([^"]+)"/.exec(page)![1]! };
      }
    });
    after(() => site.stop());

    const post = (who: Role, path: string, body: unknown, csrf = people[who].csrf, type = 'application/json') =>
      fetch(site.baseUrl + path, {
        method: 'POST',
        body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
        headers: {
          'content-type': type,
          accept: 'application/json',
          'sec-fetch-site': 'same-origin',
          'x-csrf-token': csrf,
          cookie: people[who].client.cookieHeader(),
        },
      });

    async function published(headline: string, text: string) {
      const r = await post('admin', '/redaktion/artikel/speichern', {
        id: null,
        expectedVersion: 0,
        fields: { kicker: '', headline, lead: 'Vorspann', authors: [], topics: [], language: 'de', leadImage: null },
        doc: { type: 'doc', content: [para(text)] },
      });
      const made = (await r.json()) as { id: string };
      const article = (await getArticleById(site.app.db, made.id))!;
      await saveArticle(
        site.app.db,
        {
          ...article,
          kicker: undefined,
          leadImage: undefined,
          importKey: undefined,
          sourceUrl: undefined,
          authors: [],
          topics: [],
          status: 'published',
        },
        { by: 'test', id: article.id, listeners: site.app.articleEvents },
      );
      await runArticleEvents(site.app);
      return (await getArticleById(site.app.db, made.id))!;
    }
    const followPage = async (slug: string) => (await fetch(`${site.baseUrl}/artikel/${slug}/folgen`)).text();

    it('lists what was recognised; a rejected entity leaves the article, an added one joins it, everywhere', async () => {
      const article = await published('Gipfel in Paris', 'Emmanuel Macron traf in Paris Vertreter aus Berlin.');
      const editor = await (await people.editor.client.get(`/redaktion/artikel/${article.id}`)).text();
      assert.match(editor, /data-entity="emmanuel-macron" data-choice="rejected"/);
      assert.match(await followPage(article.slug), /\/person\/emmanuel-macron/);

      const rejected = await post('editor', `/redaktion/artikel/${article.id}/entitaeten`, {
        entity: 'emmanuel-macron',
        choice: 'rejected',
      });
      assert.equal(rejected.status, 200);
      assert.match(((await rejected.json()) as { html: string }).html, /class="entity rejected"/);
      assert.doesNotMatch(await followPage(article.slug), /\/person\/emmanuel-macron/);
      assert.doesNotMatch(await (await fetch(`${site.baseUrl}/person/emmanuel-macron`)).text(), /Gipfel in Paris/);
      // Recognition run again (a later save) respects the choice.
      await saveArticle(
        site.app.db,
        {
          ...article,
          lead: 'Neuer Vorspann',
          kicker: undefined,
          leadImage: undefined,
          importKey: undefined,
          sourceUrl: undefined,
          authors: [],
          topics: [],
        },
        { by: 'test', id: article.id, listeners: site.app.articleEvents },
      );
      await runArticleEvents(site.app);
      assert.doesNotMatch(await followPage(article.slug), /\/person\/emmanuel-macron/);

      const found = await people.editor.client.get('/redaktion/entitaeten?q=merkel');
      const { found: hits } = (await found.json()) as { found: { id: string; name: string }[] };
      assert.ok(
        hits.some((h) => h.id === 'angela-merkel'),
        JSON.stringify(hits),
      );
      assert.equal(
        (
          await post('editor', `/redaktion/artikel/${article.id}/entitaeten`, {
            entity: 'angela-merkel',
            choice: 'added',
          })
        ).status,
        200,
      );
      assert.match(await followPage(article.slug), /\/person\/angela-merkel/);

      // Taking a rejection back brings the recognised entity back.
      await post('editor', `/redaktion/artikel/${article.id}/entitaeten`, { entity: 'emmanuel-macron', choice: '' });
      assert.match(await followPage(article.slug), /\/person\/emmanuel-macron/);
      const audit = await listAudit(site.app.db, { action: 'article.entity' });
      assert.ok(audit.some((e) => (e.detail as { entity?: string }).entity === 'angela-merkel'));
    });

    it('adds a new name with its kind, shown as text however hostile', async () => {
      const article = await published('Vereinsleben', 'Ein Verein lädt ein.');
      const r = await post('admin', `/redaktion/artikel/${article.id}/entitaeten/neu`, {
        name: HOSTILE,
        kind: 'organisation',
      });
      assert.equal(r.status, 200);
      const { html } = (await r.json()) as { html: string };
      assert.doesNotMatch(html, /<script|<img/);
      assert.match(html, /&lt;script&gt;/);
      const page = await followPage(article.slug);
      assert.doesNotMatch(page, /<script>alert|<img src=x/);
      assert.match(page, /\/organisation\/script-alert/);
      const bad = await post('admin', `/redaktion/artikel/${article.id}/entitaeten/neu`, { name: 'X', kind: 'planet' });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { message: string }).message, /kind/);
      const none = await post('admin', `/redaktion/artikel/${article.id}/entitaeten`, {
        entity: 'gibt-es-nicht',
        choice: 'accepted',
      });
      assert.equal(none.status, 400);
      assert.match(((await none.json()) as { message: string }).message, /no entity "gibt-es-nicht"/);
    });

    it('lets only Redaktion and above decide, and only with the form token', async () => {
      const article = await published('Rechte', 'Olaf Scholz sprach in Hamburg.');
      for (const who of ['contributor', 'author'] as const) {
        const r = await post(who, `/redaktion/artikel/${article.id}/entitaeten`, {
          entity: 'olaf-scholz',
          choice: 'rejected',
        });
        assert.equal(r.status, 403, who);
        assert.equal((await people[who].client.get('/redaktion/entitaeten?q=scholz')).status, 403, who);
      }
      const page = await (await people.admin.client.get(`/redaktion/artikel/${article.id}`)).text();
      assert.match(page, /id="entity-add"/);
      const forged = await post(
        'editor',
        `/redaktion/artikel/${article.id}/entitaeten`,
        { entity: 'olaf-scholz', choice: 'rejected' },
        people.admin.csrf,
      );
      assert.equal(forged.status, 403);
      assert.match(await followPage(article.slug), /\/person\/olaf-scholz/, 'nothing changed');
    });

    it('plays a paragraph as Vorlesen says it: MP3 from the configured engine, bounded and limited', async () => {
      const r = await post('contributor', '/redaktion/artikel/anhoeren', {
        text: 'Am 3. Mai kamen 5 Gäste.',
        language: 'de',
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'audio/mpeg');
      const mp3 = Buffer.from(await r.arrayBuffer());
      assert.ok(mp3.length > 1000);
      assert.equal(mp3[0], 0xff, 'an MPEG frame');
      const again = await post('contributor', '/redaktion/artikel/anhoeren', {
        text: 'Am 3. Mai kamen 5 Gäste.',
        language: 'de',
      });
      assert.deepEqual(Buffer.from(await again.arrayBuffer()), mp3, 'the same text, the same audio');
      const long = await post('contributor', '/redaktion/artikel/anhoeren', { text: 'a'.repeat(3001) });
      assert.equal(long.status, 400);
      assert.match(((await long.json()) as { message: string }).message, /3000/);
      const silent = await post('contributor', '/redaktion/artikel/anhoeren', { text: ' ' });
      assert.equal(silent.status, 422);
      const foreign = await post('contributor', '/redaktion/artikel/anhoeren', { text: 'Hallo.' }, people.admin.csrf);
      assert.equal(foreign.status, 403);
      let status = 0;
      for (let i = 0; i < 61 && status !== 429; i++)
        status = (await post('author', '/redaktion/artikel/anhoeren', { text: 'Hallo.' })).status;
      assert.equal(status, 429, 'sixty samples in ten minutes per person');
      assert.equal(
        (await post('editor', '/redaktion/artikel/anhoeren', { text: 'Hallo.' })).status,
        200,
        'another person',
      );
    });

    it('says a server whose voice is WebAssembly makes no samples, as it would stall the web process', async () => {
      const wasm = await startTestApp(dialect, { env: { BLATTWERK_ESPEAK: 'wasm' } });
      try {
        const staff = await activeStaff(wasm.app, 'hearer@example.org', 'contributor');
        const client = new StaffClient(wasm.baseUrl);
        client.cookies.set('bw_staff', staff.token);
        const page = await (await client.get('/redaktion/artikel/neu')).text();
        const r = await fetch(wasm.baseUrl + '/redaktion/artikel/anhoeren', {
          method: 'POST',
          body: JSON.stringify({ text: 'Hallo.', language: 'de' }),
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'sec-fetch-site': 'same-origin',
            'x-csrf-token': /"csrf":"([^"]+)"/.exec(page)![1]!,
            cookie: client.cookieHeader(),
          },
        });
        assert.equal(r.status, 503);
        assert.match(((await r.json()) as { message: string }).message, /espeak-ng und lame/);
      } finally {
        await wasm.stop();
      }
    });

    it('saves a body with a picture (alt text required, caption, credit) and a table', async () => {
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
        .png()
        .toBuffer();
      const up = await post('author', '/redaktion/bilder', png, people.author.csrf, 'image/png');
      const image = (await up.json()) as { id: string; src: string };
      const cell = (text: string) => ({ type: 'table_cell', content: [{ type: 'text', text }] });
      const figure = (alt: string) => ({
        type: 'figure',
        attrs: { id: image.id, alt, credit: 'Foto: Test', src: image.src },
        content: [{ type: 'text', text: HOSTILE }],
      });
      const body = (alt: string) => ({
        id: null,
        expectedVersion: 0,
        fields: {
          kicker: '',
          headline: 'Mit Bild',
          lead: '',
          authors: [],
          topics: [],
          language: 'de',
          leadImage: null,
        },
        doc: {
          type: 'doc',
          content: [
            figure(alt),
            {
              type: 'table',
              attrs: { header: true },
              content: [
                { type: 'table_row', content: [cell('A'), cell('B')] },
                { type: 'table_row', content: [cell('1'), cell('2')] },
              ],
            },
          ],
        },
      });
      const refused = await post('author', '/redaktion/artikel/speichern', body(''));
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { message: string }).message, /alt text/);
      const saved = await post('author', '/redaktion/artikel/speichern', body('Ein grünes Rechteck'));
      const { id } = (await saved.json()) as { id: string };
      const article = (await getArticleById(site.app.db, id))!;
      assert.deepEqual(
        article.body.map((b) => b.type),
        ['image', 'table'],
      );
      const [img, table] = article.body;
      assert.ok(img?.type === 'image' && img.alt === 'Ein grünes Rechteck' && img.credit === 'Foto: Test');
      assert.equal(img.caption?.text, HOSTILE);
      assert.ok(table?.type === 'table' && table.rows.length === 2);
      const preview = await (await people.author.client.get(`/redaktion/artikel/${id}/vorschau`)).text();
      assert.doesNotMatch(preview, /<script>alert|<img src=x/);
    });
  });
}
