// Suche in a real browser: type in the masthead box, see suggestions, submit, open a result, follow the search,
// publish a matching article and find it in Meine News. axe is clean on the results page, nothing leaves
// 127.0.0.1, and without JavaScript the same search (with a filter) works through plain GET forms.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { importPaths } from '../../src/article/import/importer.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { importSeed, runArticleEvents, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser, leavesMachine, visit } from './browser.ts';

describe('Suche in Chromium (sqlite)', () => {
  let running: RunningApp;
  let browser: Browser;

  before(async () => {
    [running, browser] = await Promise.all([startTestApp(SQLITE, { demo: true }), launchBrowser()]);
    await importSeed(running.app);
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('type, see suggestions, search, open a result, follow the search, get the next matching article', async () => {
    const v = await visit(browser, `${running.baseUrl}/`);
    const { page } = v;
    page.setDefaultTimeout(10_000);
    try {
      const box = page.locator('#suche-q');
      assert.equal(await box.getAttribute('name'), 'q');
      // Nothing is asked before the reader types.
      assert.deepEqual(
        v.requests.filter((u) => u.includes('/suche/vorschlaege')),
        [],
      );
      await box.pressSequentially('Koalit', { delay: 30 });
      const suggestion = page.locator('#suche-q-vorschlaege option[value="Koalition"]');
      await suggestion.waitFor({ state: 'attached' });
      assert.equal(await box.getAttribute('list'), 'suche-q-vorschlaege', 'the box names its suggestions');
      // Choosing a suggestion puts it into the box, as the browser's list does.
      await box.fill((await suggestion.getAttribute('value')) ?? '');
      await box.press('Enter');
      await page.waitForURL(/\/suche\?q=Koalition$/);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Suche nach „Koalition“');
      const results = page.getByRole('list', { name: 'Suchergebnisse' });
      const first = results.getByRole('listitem').first();
      assert.ok((await first.locator('mark').count()) > 0, 'the snippet marks the matched word');
      assert.match((await first.locator('mark').first().innerText()).toLowerCase(), /koalition/);

      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        assert.deepEqual(await axeViolations(page), [], `axe on the results page (${colorScheme})`);
      }
      await page.emulateMedia({ colorScheme: 'light' });

      const headline = await first.getByRole('heading').innerText();
      await first.getByRole('link').first().click();
      await page.waitForURL(/\/artikel\//);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), headline);
      await page.goBack();

      await page.getByRole('link', { name: 'Diese Suche folgen' }).click();
      await page.getByRole('button', { name: 'Folgen: „koalition“' }).click();
      assert.ok(await page.getByRole('button', { name: 'Nicht mehr folgen: „koalition“' }).isVisible());

      // A new article that matches is published; the article events run as the server's worker would.
      const dir = await mkdtemp(join(tmpdir(), 'blattwerk-search-e2e-'));
      try {
        const today = new Date().toISOString().slice(0, 10);
        await writeFile(
          join(dir, 'neu.md'),
          `---\nid: e2e-neue-koalition\nheadline: Neue Koalition im Stadtrat von Auenstadt\ndate: ${today}\n---\n\nDie Fraktionen bilden eine Koalition für den Haushalt.\n`,
        );
        const [result] = await importPaths(running.app.db, [dir], { listeners: running.app.articleEvents });
        assert.ok(result?.ok, 'the new article imported');
        await runArticleEvents(running.app);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      await page.goto(`${running.baseUrl}/meine-news`);
      const stream = page.getByRole('region', { name: 'Ihre Nachrichten' });
      assert.ok(await stream.getByRole('link', { name: 'Neue Koalition im Stadtrat von Auenstadt' }).isVisible());
      assert.ok(
        await page.getByRole('region', { name: 'Sie folgen' }).getByRole('link', { name: '„koalition“' }).isVisible(),
      );

      assert.deepEqual(v.problems, []);
      assert.deepEqual(await v.cspViolations(), []);
      assert.deepEqual(v.requests.filter(leavesMachine), []);
    } finally {
      await v.close();
    }
  });

  test('without JavaScript: the masthead form searches, the filters narrow, the pages link', async () => {
    const v = await visit(browser, `${running.baseUrl}/`, { javaScriptEnabled: false });
    const { page } = v;
    page.setDefaultTimeout(10_000);
    try {
      await page.locator('#suche-q').fill('Paris');
      await page.locator('#suche-q').press('Enter');
      await page.waitForURL(/\/suche\?q=Paris$/);
      const results = page.getByRole('list', { name: 'Suchergebnisse' });
      const all = await results.getByRole('listitem').count();
      assert.ok(all >= 2, `Paris is in the demo article and the seed (${all} found)`);
      await page.getByText('Suche eingrenzen').click();
      await page.getByLabel('Autorin oder Autor').selectOption({ label: 'Lena Hartmann' });
      await page.getByRole('button', { name: 'Anwenden' }).click();
      await page.waitForURL(/autor=lena-hartmann/);
      const narrowed = await results.getByRole('listitem').count();
      assert.ok(narrowed >= 1 && narrowed < all, `the author filter narrows ${all} to ${narrowed}`);

      await page.goto(`${running.baseUrl}/suche?q=Koalitoin`);
      assert.ok(await page.getByRole('link', { name: 'koalition' }).isVisible(), 'a spelling suggestion');
      const bad = await page.goto(`${running.baseUrl}/suche?q=-Paris`);
      assert.equal(bad?.status(), 400);
      assert.ok(await page.getByRole('alert').isVisible());
      assert.deepEqual(
        v.problems.filter((p) => !p.includes('400')),
        [],
      );
      assert.deepEqual(v.requests.filter(leavesMachine), []);
    } finally {
      await v.close();
    }
  });
});
