// The hostile-text suite over the standing pages' save route, on every dialect: a page whose title and every kind
// of block hold hostile text, saved as the editor's script sends it, then read back on the public page (German and
// English), the staff list and the page's editor: text everywhere, never markup. Links to script or data are
// refused with an error that says so, and nothing is saved.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type RunningApp } from '../../../test/support.ts';
import { getPage, type Block } from '../../article/index.ts';
import { DIALECTS } from '../../store/testing.ts';
import { toDoc } from '../editor/convert.ts';
import { htmlText as text } from '../../web/testing.ts';
import { assertNoMarkup, BAD_LINKS, BODY_LABELS, hostileBody, t } from '../hostile-testing.ts';
import { signedInEditor, type StaffClient } from '../testing.ts';

/** Labels of the texts the public page shows: the title and every text of the body. */
const SHOWN = ['Titel', ...BODY_LABELS];

for (const dialect of DIALECTS) {
  describe(`hostile text on a standing page (${dialect.name})`, () => {
    let site: RunningApp;
    let editor: StaffClient;
    let csrf: string;
    before(async () => {
      site = await startTestApp(dialect);
      ({ client: editor, csrf } = await signedInEditor(site.app, site.baseUrl, 'redaktion@example.org'));
      const saved = await save({ expectedVersion: 0, title: t('Titel'), doc: toDoc(hostileBody(), () => '') });
      assert.equal(saved.status, 200, JSON.stringify(await saved.clone().json()));
      const stored = await getPage(site.app.db, 'ueber-uns');
      assert.equal(stored.title, t('Titel'), 'stored as written');
      // A saved link's address is written as the URL parser writes it: the hostile characters percent-encoded.
      const expected = hostileBody().map((b) =>
        b.type === 'paragraph'
          ? { ...b, marks: b.marks.map((m) => (m.type === 'link' ? { ...m, href: new URL(m.href).href } : m)) }
          : b,
      );
      assert.deepEqual(stored.body, expected, 'every block kept');
    });
    after(() => site.stop());

    const save = (body: Record<string, unknown>) => editor.json('/redaktion/seiten/ueber-uns/speichern', body, csrf);

    for (const path of ['/ueber-uns', '/en/ueber-uns']) {
      it(`shows the title and every text as text on ${path}`, async () => {
        const r = await fetch(site.baseUrl + path);
        assert.equal(r.status, 200);
        const page = await r.text();
        assertNoMarkup(page, path);
        const shown = text(page);
        for (const label of SHOWN) assert.ok(shown.includes(t(label)), `${label} shown as text`);
        const link = /<a class="ext" href="([^"]*)" rel="noopener">Link &lt;script&gt;/.exec(page);
        assert.ok(link, 'the link is one element');
        assert.doesNotMatch(link[1]!, /[<>"]/, 'its address stays inside the attribute');
      });
    }

    it('shows them as text in the staff list and the page editor', async () => {
      const list = await (await editor.get('/redaktion/seiten')).text();
      assertNoMarkup(list, 'staff list');
      assert.ok(text(list).includes(t('Titel')), 'the title in the list');
      const edit = await (await editor.get('/redaktion/seiten/ueber-uns')).text();
      const data = /<script type="application\/json" id="editor-data">([\s\S]*?)<\/script>/.exec(edit);
      assert.ok(data, 'the document for the editor');
      assert.deepEqual(
        (JSON.parse(data[1]!) as { doc: unknown }).doc,
        toDoc((await getPage(site.app.db, 'ueber-uns')).body, () => ''),
        'the whole document in its script element, which nothing in it closes',
      );
      assertNoMarkup(edit.replace(data[0], ''), 'page editor');
      assert.ok(text(edit.replace(data[0], '')).includes(t('Titel')), 'the title in its field');
    });

    it('refuses links to script or data, saying so, and saves nothing', async () => {
      const before = await getPage(site.app.db, 'ueber-uns');
      for (const href of BAD_LINKS) {
        const body: Block[] = [{ type: 'paragraph', text: 'klick', marks: [{ type: 'link', start: 0, end: 5, href }] }];
        const r = await save({ expectedVersion: before.version, title: 'Über uns', doc: toDoc(body, () => '') });
        assert.equal(r.status, 400, href);
        assert.match(
          ((await r.json()) as { message: string }).message,
          /link "[^"]*" (must use http, https or mailto|contains whitespace or control characters)/,
          href,
        );
      }
      assert.deepEqual(await getPage(site.app.db, 'ueber-uns'), before, 'nothing saved');
    });
  });
}
