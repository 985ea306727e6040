// The reader's pages in a real browser: clean console, no third-party requests, the header controls in keyboard
// order, a complete article without JavaScript, and a strict CSP (axe and the other gates: quality.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Article } from '../../src/article/model.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { importSeed, startTestApp, type RunningApp } from '../support.ts';
import { focusedControl, launchBrowser, leavesMachine, visit } from './browser.ts';

const CONTROLS = ['Vorlesen', 'News folgen', 'Artikel teilen'];

describe('pages in Chromium (sqlite)', () => {
  let running: RunningApp;
  let browser: Browser;
  let seed: Article;
  const pages: { name: string; path: string }[] = [];

  before(async () => {
    [running, browser] = await Promise.all([startTestApp(SQLITE, { demo: true }), launchBrowser()]);
    seed = await importSeed(running.app);
    pages.push(
      { name: 'front page', path: '/' },
      { name: 'seed article', path: `/artikel/${seed.slug}` },
      // The rich demo: links, emphasis, a list, a table, an info box and an embed card.
      { name: 'rich article', path: '/artikel/jugendrat-gewaehlt-die-gruenen-baenke-holen-die-meisten-sitze' },
      { name: 'topic page', path: '/thema/sicherheitspolitik' },
      { name: 'section page', path: running.app.site.sections[0]!.href },
      { name: 'author page', path: '/autor/lena-hartmann' },
    );
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  const url = (path: string) => running.baseUrl + path;
  const articlePath = () => `/artikel/${seed.slug}`;

  test('each page renders with a clean console and no request leaving 127.0.0.1', async () => {
    for (const p of pages) {
      const v = await visit(browser, url(p.path));
      try {
        assert.equal(v.response.status(), 200, `${p.name}: status`);
        assert.ok(await v.page.locator('h1').first().isVisible(), `${p.name}: a visible h1`);
        assert.deepEqual(v.problems, [], `${p.name}: console and page problems`);
        assert.ok(v.requests.length >= 2, `${p.name}: the page and its stylesheet were requested`);
        assert.deepEqual(v.requests.filter(leavesMachine), [], `${p.name}: requests to other hosts`);
      } finally {
        await v.close();
      }
    }
  });

  test('Tab from the top reaches Vorlesen, News folgen and Artikel teilen, in that order', async () => {
    const v = await visit(browser, url(articlePath()));
    try {
      const visited: string[] = [];
      let focused = { role: '', name: '' };
      for (let i = 0; i < 15 && !focused.name.startsWith(CONTROLS[0]!); i++) {
        await v.page.keyboard.press('Tab');
        focused = await focusedControl(v.page);
        visited.push(focused.name);
      }
      assert.ok(focused.name.startsWith(CONTROLS[0]!), `Vorlesen never got focus; Tab visited: ${visited.join(' | ')}`);
      for (const next of CONTROLS.slice(1)) {
        await v.page.keyboard.press('Tab');
        focused = await focusedControl(v.page);
        assert.equal(focused.name, next);
        assert.match(focused.role, /^(link|button)$/);
      }
    } finally {
      await v.close();
    }
  });

  test('without JavaScript the article is complete and the controls are links to working pages', async () => {
    const v = await visit(browser, url(articlePath()), { javaScriptEnabled: false });
    const { page } = v;
    try {
      assert.equal(v.response.status(), 200);
      assert.equal((await page.locator('h1').innerText()).trim(), seed.headline);
      assert.equal((await page.locator('.lead').innerText()).trim(), seed.lead);
      const main = await page.locator('main').innerText();
      for (const b of seed.body.filter((b) => b.type === 'paragraph'))
        assert.ok(main.includes(b.text), `body paragraph missing: ${b.text.slice(0, 50)}…`);
      const subheadings = seed.body.filter((b) => b.type === 'subheading').map((b) => b.text);
      assert.deepEqual(subheadings, [
        'Selenskyj kritisiert die USA',
        'Die Idee von Friedenstruppen scheint vom Tisch zu sein',
      ]);
      for (const text of subheadings)
        assert.ok(await page.getByRole('heading', { level: 2, name: text }).isVisible(), `subheading "${text}"`);

      const tools = page.getByRole('navigation', { name: 'Artikelwerkzeuge' }).getByRole('link');
      assert.equal(await tools.count(), CONTROLS.length);
      for (const [i, name] of CONTROLS.entries()) {
        const link = tools.nth(i);
        assert.ok((await link.innerText()).startsWith(name), `control ${i + 1} is "${name}"`);
        const href = (await link.getAttribute('href')) ?? '';
        if (href.startsWith('#')) {
          // Vorlesen without JavaScript leads to the audio section of this same page.
          assert.equal(await page.locator(href).count(), 1, `${name}: in-page target ${href}`);
          await link.click();
          assert.equal(new URL(page.url()).hash, href);
          continue;
        }
        const [response] = await Promise.all([
          page.waitForEvent('response', (r) => r.request().isNavigationRequest()),
          link.click(),
        ]);
        await page.waitForLoadState();
        assert.equal(response.status(), 200, `${name}: ${href}`);
        assert.equal((await page.locator('h1').innerText()).trim(), name);
        await page.goBack();
      }
      assert.deepEqual(v.problems, []);
      assert.deepEqual(v.requests.filter(leavesMachine), []);
    } finally {
      await v.close();
    }
  });

  test("the CSP forbids 'unsafe-inline' and no page violates it", async () => {
    for (const p of pages) {
      const v = await visit(browser, url(p.path));
      try {
        const csp = v.response.headers()['content-security-policy'] ?? '';
        assert.match(csp, /(^|;)\s*script-src /, `${p.name}: CSP has a script-src`);
        assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, `${p.name}: CSP`);
        assert.deepEqual(await v.cspViolations(), [], `${p.name}: securitypolicyviolation events`);
        assert.deepEqual(
          v.problems.filter((m) => /Content[- ]Security[- ]Policy/i.test(m)),
          [],
          `${p.name}: CSP messages in the console`,
        );
      } finally {
        await v.close();
      }
    }
  });
});
