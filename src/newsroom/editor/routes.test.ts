// The editor's routes over HTTP on every dialect: who may open and save which article, the model check on save,
// the refusal of a stale save (nothing lost), uploads that are not images, CSRF, presence and preview links.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../../test/support.ts';
import { getArticleById, saveArticle } from '../../article/index.ts';
import sharp from 'sharp';
import { DIALECTS } from '../../store/testing.ts';
import { activeStaff, StaffClient } from '../testing.ts';
import type { Role } from '../roles.ts';
import type { NewsroomApp } from '../context.ts';

const HOSTILE = `<script>alert("x")</script> & "Zitat" 'eins' </title><!-- ü 🚀 عربى`;

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const fields = (headline: string, extra: Record<string, unknown> = {}) => ({
  kicker: '',
  headline,
  lead: 'Vorspann',
  authors: ['Anna Autorin'],
  topics: ['Politik'],
  language: 'de',
  leadImage: null,
  seoTitle: '',
  seoDescription: '',
  slug: '',
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`newsroom editor routes (${dialect.name})`, () => {
    let site: RunningApp;
    const people = {} as Record<Role | 'other', { client: StaffClient; csrf: string; id: string }>;
    before(async () => {
      site = await startTestApp(dialect);
      for (const role of ['contributor', 'author', 'editor', 'admin', 'other'] as const) {
        const staff = await activeStaff(site.app, `${role}@example.org`, role === 'other' ? 'contributor' : role);
        const client = new StaffClient(site.baseUrl);
        client.cookies.set('bw_staff', staff.token);
        const page = await (await client.get('/redaktion/artikel/neu')).text();
        const csrf = /"csrf":"([^"]+)"/.exec(page)?.[1] ?? assert.fail('no token on the editor page');
        people[role] = { client, csrf, id: staff.id };
      }
    });
    after(() => site.stop());

    const save = (who: keyof typeof people, body: Record<string, unknown>, csrf = people[who].csrf) =>
      post(who, '/redaktion/artikel/speichern', JSON.stringify(body), 'application/json', csrf);
    async function post(who: keyof typeof people, path: string, body: BodyInit, type: string, csrf = people[who].csrf) {
      const c = people[who].client;
      return fetch(site.baseUrl + path, {
        method: 'POST',
        body,
        headers: {
          'content-type': type,
          accept: 'application/json',
          'sec-fetch-site': 'same-origin',
          'x-csrf-token': csrf,
          cookie: c.cookieHeader(),
        },
      });
    }
    async function create(who: keyof typeof people, headline: string) {
      const r = await save(who, { id: null, expectedVersion: 0, fields: fields(headline), doc: doc('Text') });
      const answer = (await r.json()) as { ok: boolean; id: string; version: number; slug: string; message?: string };
      assert.equal(r.status, 200, answer.message);
      return answer;
    }

    it('creates a draft, keeps its fields and body, and gives its owner the edit page', async () => {
      const made = await create('contributor', 'Neuer Entwurf über Brücken');
      const article = await getArticleById(site.app.db, made.id);
      assert.equal(article?.status, 'draft');
      assert.equal(article?.headline, 'Neuer Entwurf über Brücken');
      assert.equal(made.slug, 'neuer-entwurf-ueber-bruecken');
      assert.deepEqual(article?.body, [{ type: 'paragraph', text: 'Text', marks: [] }]);
      assert.deepEqual(
        article?.authors.map((a) => a.name),
        ['Anna Autorin'],
      );
      const page = await people.contributor.client.get(`/redaktion/artikel/${made.id}`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<script src="\/assets\/editor\.[\w-]+\.js" defer><\/script>/);
      assert.match(html, /id="workflow-panel"><section class="workflow"/, 'the workflow panel sits on the edit page');
    });

    it('lets each role open and save exactly the articles it may', async () => {
      const own = await create('contributor', 'Eigener Entwurf');
      const authors = await create('author', 'Artikel der Autorin');
      // who → article → may edit
      const table: [keyof typeof people, string, boolean][] = [
        ['contributor', own.id, true],
        ['other', own.id, false],
        ['contributor', authors.id, false],
        ['author', authors.id, true],
        ['author', own.id, false],
        ['editor', own.id, true],
        ['admin', authors.id, true],
      ];
      for (const [who, id, may] of table) {
        const page = await people[who].client.get(`/redaktion/artikel/${id}`);
        assert.equal(page.status, may ? 200 : 403, `${who} opens ${id}`);
        const current = (await getArticleById(site.app.db, id))!;
        const r = await save(who, {
          id,
          expectedVersion: current.version,
          fields: fields(`Von ${who}`),
          doc: doc('neu'),
        });
        assert.equal(r.status, may ? 200 : 403, `${who} saves ${id}`);
        if (!may) assert.notEqual((await getArticleById(site.app.db, id))!.headline, `Von ${who}`);
      }
    });

    it('lets a contributor edit an own article only while it is a draft', async () => {
      const own = await create('contributor', 'Bald veröffentlicht');
      const article = (await getArticleById(site.app.db, own.id))!;
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
        { by: 'test', id: own.id },
      );
      assert.equal((await people.contributor.client.get(`/redaktion/artikel/${own.id}`)).status, 403);
      assert.equal((await people.editor.client.get(`/redaktion/artikel/${own.id}`)).status, 200);
    });

    it('refuses anonymous requests and roles without the permission', async () => {
      const anonymous = await fetch(`${site.baseUrl}/redaktion/artikel/neu`, { redirect: 'manual' });
      assert.equal(anonymous.status, 303);
      assert.match(anonymous.headers.get('location')!, /^\/redaktion\/anmelden/);
      const r = await fetch(`${site.baseUrl}/redaktion/artikel/speichern`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin' },
      });
      assert.equal(r.status, 401);
    });

    it('refuses a save without the form token or from another site', async () => {
      const body = { id: null, expectedVersion: 0, fields: fields('Ohne Token'), doc: doc('x') };
      assert.equal((await save('editor', body, 'falsch')).status, 403);
      const cross = await fetch(`${site.baseUrl}/redaktion/artikel/speichern`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          'sec-fetch-site': 'cross-site',
          'x-csrf-token': people.editor.csrf,
          cookie: people.editor.client.cookieHeader(),
        },
      });
      assert.equal(cross.status, 403);
    });

    it('refuses a second, stale save with a clear message and the way to the other version; nothing is lost', async () => {
      const made = await create('editor', 'Zwei an einem Text');
      const first = await save('editor', {
        id: made.id,
        expectedVersion: made.version,
        fields: fields('Fassung A'),
        doc: doc('A'),
      });
      assert.equal(first.status, 200);
      const second = await save('admin', {
        id: made.id,
        expectedVersion: made.version,
        fields: fields('Fassung B'),
        doc: doc('B'),
      });
      assert.equal(second.status, 409);
      const answer = (await second.json()) as { message: string; otherVersion: string };
      assert.match(answer.message, /inzwischen gespeichert/);
      assert.equal(answer.otherVersion, `/redaktion/artikel/${made.id}/vorschau`);
      const stored = (await getArticleById(site.app.db, made.id))!;
      assert.equal(stored.headline, 'Fassung A');
      assert.deepEqual(stored.body, [{ type: 'paragraph', text: 'A', marks: [] }]);
    });

    it('refuses a document the model cannot hold, naming what is wrong, and keeps what was saved', async () => {
      const made = await create('editor', 'Gültig gespeichert');
      const cases: [unknown, Record<string, unknown>, RegExp][] = [
        [{ type: 'doc', content: [{ type: 'iframe' }] }, {}, /Unknown node type: iframe/],
        [doc('x'), { headline: '' }, /headline/],
        [
          {
            type: 'doc',
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
                ],
              },
            ],
          },
          {},
          /must use http, https or mailto/,
        ],
        [
          { type: 'doc', content: [{ type: 'embed', attrs: { url: 'https://evil.example/x' } }] },
          {},
          /network Blattwerk can embed/,
        ],
        [doc('x'), { leadImage: { id: 'c'.repeat(32), alt: 'x', caption: '', credit: '' } }, /no stored image/],
        [doc('x'), { language: '<b>' }, /language/],
      ];
      for (const [body, extra, reason] of cases) {
        const r = await save('editor', {
          id: made.id,
          expectedVersion: made.version,
          fields: fields('Kaputt', extra),
          doc: body,
        });
        assert.equal(r.status, 400);
        assert.match(((await r.json()) as { message: string }).message, reason);
      }
      const stored = (await getArticleById(site.app.db, made.id))!;
      assert.equal(stored.headline, 'Gültig gespeichert');
      assert.equal(stored.version, made.version);
    });

    it('keeps hostile text as text: stored as written, escaped on the editor page and the preview', async () => {
      const r = await save('editor', {
        id: null,
        expectedVersion: 0,
        fields: fields(`Headline ${HOSTILE}`, { kicker: `Kicker ${HOSTILE}`, lead: `Lead ${HOSTILE}` }),
        doc: doc(`Body ${HOSTILE}`),
      });
      const { id } = (await r.json()) as { id: string };
      const stored = (await getArticleById(site.app.db, id))!;
      assert.equal(stored.headline, `Headline ${HOSTILE}`);
      for (const path of [`/redaktion/artikel/${id}`, `/redaktion/artikel/${id}/vorschau`]) {
        const html = await (await people.editor.client.get(path)).text();
        assert.doesNotMatch(html, /<script>alert/, path);
        assert.match(html, /&lt;script&gt;alert/, path);
      }
    });

    it('takes an uploaded image, moves its focal point, and refuses what is not an image', async () => {
      const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#c00' } })
        .png()
        .toBuffer();
      const up = await post('editor', '/redaktion/bilder', new Uint8Array(png), 'image/png');
      const image = (await up.json()) as { ok: boolean; id: string; src: string };
      assert.equal(up.status, 200);
      assert.match(image.src, new RegExp(`^/bilder/${image.id}/`));
      assert.equal((await fetch(site.baseUrl + image.src)).status, 200);
      const moved = await post(
        'editor',
        '/redaktion/bilder/fokus',
        JSON.stringify({ id: image.id, x: 20, y: 80 }),
        'application/json',
      );
      const focal = (await moved.json()) as { id: string };
      assert.notEqual(focal.id, image.id);
      const refused = await post(
        'editor',
        '/redaktion/bilder',
        new TextEncoder().encode('<svg onload=alert(1)>'),
        'image/png',
      );
      assert.equal(refused.status, 415);
      assert.match(((await refused.json()) as { message: string }).message, /kein Bild/);
      const noToken = await post('editor', '/redaktion/bilder', new Uint8Array(png), 'image/png', 'falsch');
      assert.equal(noToken.status, 403);
      // The image as a lead image, with its alt text required.
      const made = await create('editor', 'Mit Bild');
      const withImage = (alt: string) =>
        save('editor', {
          id: made.id,
          expectedVersion: made.version,
          fields: fields('Mit Bild', { leadImage: { id: focal.id, alt, caption: 'Rot und Blau', credit: 'Test' } }),
          doc: doc('x'),
        });
      const noAlt = await withImage('');
      assert.equal(noAlt.status, 400);
      assert.match(((await noAlt.json()) as { message: string }).message, /alt text/);
      assert.equal((await withImage('Rote und blaue Fläche')).status, 200);
      const stored = (await getArticleById(site.app.db, made.id))!;
      assert.deepEqual(stored.leadImage?.image.focal, { x: 20, y: 80 });
      assert.equal(stored.leadImage?.alt, 'Rote und blaue Fläche');
    });

    it('shows who else has the article open', async () => {
      const made = await create('editor', 'Gemeinsam geöffnet');
      const beat = async (who: 'editor' | 'admin') =>
        (
          (await (await post(who, `/redaktion/artikel/${made.id}/anwesenheit`, '{}', 'application/json')).json()) as {
            others: string[];
          }
        ).others;
      assert.deepEqual(await beat('editor'), []);
      const others = await beat('admin');
      assert.equal(others.length, 1);
      const page = await (await people.admin.client.get(`/redaktion/artikel/${made.id}`)).text();
      assert.match(page, /Ebenfalls geöffnet von/);
    });

    it('gives the speech text of a paragraph as Vorlesen will say it', async () => {
      const r = await post(
        'author',
        '/redaktion/artikel/sprechtext',
        JSON.stringify({ text: 'Es kamen 3 Kinder.', language: 'de' }),
        'application/json',
      );
      assert.equal(r.status, 200);
      assert.deepEqual(((await r.json()) as { spoken: string[] }).spoken, ['Es kamen drei Kinder.']);
      const tooLong = await post(
        'author',
        '/redaktion/artikel/sprechtext',
        JSON.stringify({ text: 7 }),
        'application/json',
      );
      assert.equal(tooLong.status, 400);
    });

    it('makes a signed preview link that works without an account and refuses it tampered or expired', async () => {
      const made = await create('contributor', 'Vorschau für die Kollegin');
      const r = await post('contributor', `/redaktion/artikel/${made.id}/vorschau-link`, '{}', 'application/json');
      const { url } = (await r.json()) as { url: string };
      const path = new URL(url).pathname;
      const page = await fetch(site.baseUrl + path);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.match(page.headers.get('x-robots-tag')!, /noindex/);
      const html = await page.text();
      assert.match(html, /Vorschau für die Kollegin/);
      assert.match(html, /Vorschau – nicht veröffentlicht/);
      // The draft itself is not public.
      assert.equal((await fetch(`${site.baseUrl}/artikel/${made.slug}`)).status, 404);
      const [id, expires, mac] = path.slice('/vorschau/'.length).split('.');
      const tampered = [
        `${id}.${Number(expires) + 1000}.${mac}`,
        `${id!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}.${expires}.${mac}`,
        `${id}.${expires}.${mac!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      ];
      for (const t of tampered) assert.equal((await fetch(`${site.baseUrl}/vorschau/${t}`)).status, 410, t);
      const keys = (site.app.features.newsroom as NewsroomApp).keys;
      const expired = keys.previewToken(made.id, Date.now() - 1000);
      assert.equal((await fetch(`${site.baseUrl}/vorschau/${expired}`)).status, 410);
      assert.equal(keys.openPreviewToken(keys.previewToken(made.id, Date.now() + 60_000)), made.id);
    });

    it('carries a correction note with the save of a published article, for editors only', async () => {
      const made = await create('author', 'Meldung mit Fehler');
      const article = (await getArticleById(site.app.db, made.id))!;
      const correction = {
        kind: 'correction',
        wrong: 'Es waren 30 Gäste.',
        note: 'Es waren 300 Gäste.',
        substantive: '1',
      };
      const onDraft = await save('editor', {
        id: made.id,
        expectedVersion: article.version,
        fields: fields('Meldung'),
        doc: doc('x'),
        correction,
      });
      assert.equal(onDraft.status, 400);
      assert.match(((await onDraft.json()) as { message: string }).message, /Korrekturhinweis/);
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
        { by: 'test', id: made.id },
      );
      const published = (await getArticleById(site.app.db, made.id))!;
      const byAuthor = await save('author', {
        id: made.id,
        expectedVersion: published.version,
        fields: fields('Meldung'),
        doc: doc('300 Gäste'),
        correction,
      });
      assert.equal(byAuthor.status, 400, 'an author may not add a correction');
      const page = await (await people.editor.client.get(`/redaktion/artikel/${made.id}`)).text();
      assert.match(page, /id="correction"/);
      const ok = await save('editor', {
        id: made.id,
        expectedVersion: published.version,
        fields: fields('Meldung'),
        doc: doc('300 Gäste'),
        correction,
      });
      assert.equal(ok.status, 200);
      const corrected = (await getArticleById(site.app.db, made.id))!;
      assert.equal(corrected.corrections.length, 1);
      assert.equal(corrected.corrections[0]!.note, 'Es waren 300 Gäste.');
      assert.equal(corrected.corrections[0]!.substantive, true);
    });

    it('saves the SEO/social title and description with the article; the reader page uses them, escaped, else falls back', async () => {
      const seo = { seoTitle: 'Suchtitel & <b>"fett"</b>', seoDescription: 'Beschreibung <i>kursiv</i> & mehr' };
      const r = await save('editor', {
        id: null,
        expectedVersion: 0,
        fields: fields('Die Überschrift', { kicker: 'Dachzeile', ...seo }),
        doc: doc('Text'),
      });
      const made = (await r.json()) as { id: string; slug: string };
      assert.equal(r.status, 200);
      const draft = (await getArticleById(site.app.db, made.id))!;
      assert.deepEqual(draft.seo, { title: seo.seoTitle, description: seo.seoDescription });
      // Published by another way (an import keeps what the editor set: it passes no SEO fields).
      const input = {
        ...draft,
        kicker: 'Dachzeile',
        leadImage: undefined,
        importKey: undefined,
        sourceUrl: undefined,
        authors: [],
        topics: [],
        status: 'published' as const,
      };
      await saveArticle(site.app.db, input, { by: 'test', id: made.id });
      const page = await (await fetch(`${site.baseUrl}/artikel/${made.slug}`)).text();
      const title = 'Suchtitel &amp; &lt;b&gt;&quot;fett&quot;&lt;/b&gt;';
      const description = 'Beschreibung &lt;i&gt;kursiv&lt;/i&gt; &amp; mehr';
      assert.ok(page.includes(`<title>${title} – `), 'the page title');
      assert.ok(page.includes(`<meta name="description" content="${description}">`));
      assert.ok(page.includes(`<meta property="og:title" content="${title}">`));
      assert.ok(page.includes(`<meta property="og:description" content="${description}">`));
      assert.ok(page.includes(`<meta name="twitter:title" content="${title}">`));
      assert.ok(page.includes(`<meta name="twitter:description" content="${description}">`));
      assert.ok(page.includes(`data-title="${title}" data-text="${description}"`), 'the share menu');
      assert.ok(!page.includes('<b>"fett"'), 'nothing unescaped');
      assert.match(page, /<span class="headline">Die Überschrift<\/span>/, 'the headline stays');

      const now = (await getArticleById(site.app.db, made.id))!;
      const cleared = await save('editor', {
        id: made.id,
        expectedVersion: now.version,
        fields: fields('Die Überschrift', { kicker: 'Dachzeile' }),
        doc: doc('Text'),
      });
      assert.equal(cleared.status, 200);
      const plain = await (await fetch(`${site.baseUrl}/artikel/${made.slug}`)).text();
      assert.ok(plain.includes('<title>Dachzeile: Die Überschrift – '), 'empty falls back to kicker and headline');
      assert.ok(plain.includes('<meta property="og:title" content="Dachzeile: Die Überschrift">'));
      assert.ok(plain.includes('<meta property="og:description" content="Vorspann">'), 'and to the lead');
      assert.ok(plain.includes('data-title="Die Überschrift" data-text="Vorspann"'));
    });

    it('lets a draft follow its slug field until it is published, then keeps it', async () => {
      const made = await create('editor', 'Arbeitstitel');
      const renamed = await save('editor', {
        id: made.id,
        expectedVersion: made.version,
        fields: fields('Endgültiger Titel', { slug: 'endgueltig' }),
        doc: doc('x'),
      });
      const answer = (await renamed.json()) as { slug: string; version: number };
      assert.equal(answer.slug, 'endgueltig');
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
        { by: 'test', id: made.id },
      );
      const published = (await getArticleById(site.app.db, made.id))!;
      const again = await save('editor', {
        id: made.id,
        expectedVersion: published.version,
        fields: fields('Noch ein Titel', { slug: 'anders' }),
        doc: doc('y'),
      });
      assert.equal(((await again.json()) as { slug: string }).slug, 'endgueltig');
      assert.equal((await getArticleById(site.app.db, made.id))!.status, 'published', 'a save keeps the status');
    });
  });
}
