// The hostile-text suite over the newsroom's input paths, on every dialect: one article with hostile text in every
// field and every kind of block, saved through the editor's save route (as the editor's script sends it) and
// through the Admin API, published, then read back on the reader page, the feeds, the staff dashboard, the staff
// preview and the signed preview link: text everywhere, never markup. Links to script or data are refused by both
// with an error that says so, and nothing is saved. The standing pages have their own: pages/hostile.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { getArticleById, type Block, type ImageRef } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { html as escapeHtml } from '../web/html.ts';
import { createToken } from './api/tokens.ts';
import { toDoc } from './editor/convert.ts';
import { assertNoMarkup, BAD_LINKS, BODY_LABELS, hostileBody, rich, t } from './hostile-testing.ts';
import { htmlText as text } from '../web/testing.ts';
import { signedInEditor, type StaffClient } from './testing.ts';

/** Labels whose text a reader sees as text on the article page. */
const SHOWN = [
  'Kicker',
  'Headline',
  'Lead',
  'Autor',
  'Thema',
  ...BODY_LABELS,
  'Caption',
  'Credit',
  'Leadcaption',
  'Leadcredit',
];
/** Labels of the body's texts, which the feeds carry as HTML. */
const IN_FEEDS = BODY_LABELS.filter((label) => label !== 'Cite');

for (const dialect of DIALECTS) {
  describe(`hostile text through the editor and the Admin API (${dialect.name})`, () => {
    let site: RunningApp;
    let editor: StaffClient;
    let csrf: string;
    let token: string;
    let image: ImageRef;
    const articles: Record<'editor' | 'api', { id: string; slug: string }> = {} as never;

    const saveInEditor = (body: Record<string, unknown>) =>
      fetch(`${site.baseUrl}/redaktion/artikel/speichern`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'sec-fetch-site': 'same-origin',
          'x-csrf-token': csrf,
          cookie: editor.cookieHeader(),
        },
      });
    const api = (path: string, body: unknown) =>
      fetch(site.baseUrl + path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    const editorFields = (extra: Record<string, unknown> = {}) => ({
      kicker: t('Kicker'),
      headline: t('Headline'),
      lead: t('Lead'),
      authors: [t('Autor')],
      topics: [t('Thema')],
      language: 'de',
      leadImage: { id: image.id, alt: t('Leadalt'), caption: t('Leadcaption'), credit: t('Leadcredit') },
      seoTitle: t('Seotitle'),
      seoDescription: t('Seodescription'),
      slug: '',
      ...extra,
    });
    const apiInput = (body: Block[]) => ({
      kicker: t('Kicker'),
      headline: t('Headline'),
      lead: t('Lead'),
      authors: [t('Autor')],
      topics: [t('Thema')],
      language: 'de',
      leadImage: { image, alt: t('Leadalt'), caption: rich('Leadcaption'), credit: t('Leadcredit') },
      body,
    });

    before(async () => {
      site = await startTestApp(dialect);
      ({ client: editor, csrf } = await signedInEditor(site.app, site.baseUrl, 'redaktion@example.org'));
      token = (
        await createToken(site.app.db, {
          name: 'hostile',
          scopes: ['articles:write', 'articles:publish', 'images:write'],
          by: 'test',
        })
      ).token;
      const png = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#246' } })
        .png()
        .toBuffer();
      const up = await fetch(`${site.baseUrl}/api/v1/admin/images`, {
        method: 'POST',
        body: new Uint8Array(png),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      });
      assert.equal(up.status, 201);
      image = (await up.json()) as ImageRef;

      // The editor's path: its document format, as the editor's script sends it; then published by its form.
      const saved = await saveInEditor({
        id: null,
        expectedVersion: 0,
        fields: editorFields(),
        doc: toDoc(hostileBody(image), () => ''),
      });
      const made = (await saved.json()) as { id: string; message?: string };
      assert.equal(saved.status, 200, made.message);
      const step = await editor.post(`/redaktion/artikel/${made.id}/veroeffentlichen`, {
        csrf: await editor.csrf(`/redaktion/artikel/${made.id}/status`),
      });
      assert.equal(step.status, 303);
      // The API's path: the content model as JSON, then its publish call.
      const created = await api('/api/v1/admin/articles', apiInput(hostileBody(image)));
      const fromApi = (await created.json()) as { id: string; error?: string };
      assert.equal(created.status, 201, fromApi.error);
      assert.equal((await api(`/api/v1/admin/articles/${fromApi.id}/publish`, {})).status, 200);
      for (const [path, id] of [
        ['editor', made.id],
        ['api', fromApi.id],
      ] as const) {
        const article = (await getArticleById(site.app.db, id))!;
        assert.equal(article.state, 'published', path);
        assert.equal(article.headline, t('Headline'), `${path}: stored as written`);
        articles[path] = { id, slug: article.slug };
      }
    });
    after(() => site.stop());

    for (const path of ['editor', 'api'] as const) {
      it(`shows every field saved through the ${path} as text on the reader page`, async () => {
        const page = await (await fetch(`${site.baseUrl}/artikel/${articles[path].slug}`)).text();
        assertNoMarkup(page, 'reader page');
        const shown = text(page);
        for (const label of SHOWN) assert.ok(shown.includes(t(label)), `${label} shown as text`);
        for (const label of ['Alt', 'Leadalt'])
          assert.ok(page.includes(`alt="${escapeHtml`${t(label)}`.value}"`), `${label} escaped in its attribute`);
        const link = /<a class="ext" href="([^"]*)" rel="noopener">Link &lt;script&gt;/.exec(page);
        assert.ok(link, 'the link is one element');
        assert.doesNotMatch(link[1]!, /[<>"]/, 'its address stays inside the attribute');
        if (path === 'editor') {
          assert.ok(shown.includes(t('Seotitle')), 'the SEO title is the title, as text');
          assert.ok(
            page.includes(`content="${escapeHtml`${t('Seodescription')}`.value}"`),
            'the SEO description escaped in its meta tag',
          );
        }
        const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!;
        assert.ok(!ld.includes('</'), 'nothing in JSON-LD can close its script element');
        assert.equal((JSON.parse(ld) as { author: { name: string }[] }).author[0]?.name, t('Autor'));
      });
    }

    it('keeps the feeds well-formed, with every body text as text', async () => {
      const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'entry'].includes(name) });
      const rss = await (await fetch(`${site.baseUrl}/feed.xml`)).text();
      assert.equal(XMLValidator.validate(rss), true);
      const items = (
        parser.parse(rss) as { rss: { channel: { item: { title: string; 'content:encoded': string }[] } } }
      ).rss.channel.item;
      // fast-xml-parser decodes the five named entities only, not the numeric one the escaper writes for '.
      const title = (i: { title: string }) => i.title.replaceAll('&#39;', "'");
      assert.equal(items.filter((i) => title(i) === `${t('Kicker')}: ${t('Headline')}`).length, 2, 'both articles');
      for (const item of items) {
        assertNoMarkup(item['content:encoded'], 'RSS content');
        for (const label of IN_FEEDS) assert.ok(text(item['content:encoded']).includes(t(label)), `${label} in RSS`);
      }
      const atom = await (await fetch(`${site.baseUrl}/feed.atom`)).text();
      assert.equal(XMLValidator.validate(atom), true);
      const json = (await (await fetch(`${site.baseUrl}/feed.json`)).json()) as {
        items: { title: string; content_html: string }[];
      };
      for (const item of json.items) {
        assert.equal(item.title, `${t('Kicker')}: ${t('Headline')}`);
        assertNoMarkup(item.content_html, 'JSON Feed content');
        for (const label of IN_FEEDS) assert.ok(text(item.content_html).includes(t(label)), `${label} in JSON Feed`);
      }
    });

    it('shows them as text on the staff dashboard, the staff preview and the signed preview link', async () => {
      const dashboard = await (await editor.get('/redaktion')).text();
      assertNoMarkup(dashboard, 'dashboard');
      assert.ok(text(dashboard).includes(t('Headline')), 'the headline on the dashboard');
      for (const { id } of Object.values(articles)) {
        const preview = await (await editor.get(`/redaktion/artikel/${id}/vorschau`)).text();
        assertNoMarkup(preview, 'staff preview');
        for (const label of SHOWN) assert.ok(text(preview).includes(t(label)), `${label} in the preview`);
        const linked = await fetch(`${site.baseUrl}/redaktion/artikel/${id}/vorschau-link`, {
          method: 'POST',
          body: '{}',
          headers: {
            'content-type': 'application/json',
            'sec-fetch-site': 'same-origin',
            'x-csrf-token': csrf,
            cookie: editor.cookieHeader(),
          },
        });
        const { url } = (await linked.json()) as { url: string };
        const shared = await (await fetch(url)).text();
        assertNoMarkup(shared, 'signed preview');
        assert.ok(text(shared).includes(t('Body')));
        const edit = await (await editor.get(`/redaktion/artikel/${id}`)).text();
        assertNoMarkup(
          edit.replace(/<script type="application\/json" id="editor-data">[\s\S]*?<\/script>/, ''),
          'editor',
        );
      }
    });

    it('refuses links to script or data through both, saying so, and saves nothing', async () => {
      const before = await getArticleById(site.app.db, articles.editor.id);
      for (const href of BAD_LINKS) {
        const body: Block[] = [{ type: 'paragraph', text: 'klick', marks: [{ type: 'link', start: 0, end: 5, href }] }];
        const inEditor = await saveInEditor({
          id: articles.editor.id,
          expectedVersion: before!.version,
          fields: editorFields(),
          doc: toDoc(body, () => ''),
        });
        assert.equal(inEditor.status, 400, `editor: ${href}`);
        assert.match(
          ((await inEditor.json()) as { message: string }).message,
          /link "[^"]*" (must use http, https or mailto|contains whitespace or control characters)/,
          href,
        );
        const throughApi = await api('/api/v1/admin/articles', apiInput(body));
        assert.equal(throughApi.status, 400, `API: ${href}`);
        // The API's schema names the field first; what passes it meets the importer's link check.
        assert.match(
          ((await throughApi.json()) as { error: string }).error,
          /\/body\/0\/marks\/0\/href must match pattern "\^\(https\?:\/\/\|mailto:\)"|must use http, https or mailto/,
          href,
        );
        const embed = await api('/api/v1/admin/articles', apiInput([{ type: 'embed', url: href, network: '' }]));
        assert.equal(embed.status, 400, `API embed: ${href}`);
      }
      const afterwards = await getArticleById(site.app.db, articles.editor.id);
      assert.equal(afterwards!.version, before!.version, 'nothing saved');
      const count = await site.app.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      assert.equal(Number(count!.n), 2, 'the API created nothing');
    });
  });
}
