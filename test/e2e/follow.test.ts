// News folgen in a real browser: from the seed's article page follow "Ukraine" and "Emmanuel Macron" in the
// dialog, see both on "Meine News", unfollow one; nothing leaves 127.0.0.1 and axe is clean with the dialog open.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { importPaths } from '../../src/article/import/importer.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { SEED_FILE, runArticleEvents, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser, leavesMachine, visit } from './browser.ts';

describe('News folgen in Chromium (sqlite)', () => {
  let running: RunningApp;
  let browser: Browser;
  let seedPath: string;

  before(async () => {
    [running, browser] = await Promise.all([startTestApp(SQLITE, { demo: true }), launchBrowser()]);
    const [result] = await importPaths(running.app.db, [fileURLToPath(SEED_FILE)], {
      listeners: running.app.articleEvents,
    });
    assert.ok(result?.ok, 'seed imported');
    await runArticleEvents(running.app);
    seedPath = `/artikel/${result.article.slug}`;
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('follow Ukraine and Emmanuel Macron in the dialog, see both on Meine News, unfollow one', async () => {
    const v = await visit(browser, running.baseUrl + seedPath);
    const { page } = v;
    // Playwright waits forever by default; a missing control should fail the test, not hang it.
    page.setDefaultTimeout(10_000);
    try {
      await page.getByRole('link', { name: 'News folgen' }).click();
      const dialog = page.getByRole('dialog', { name: 'News folgen' });
      assert.ok(await dialog.isVisible(), 'the dialog opened');
      const ukraine = dialog.getByRole('button', { name: 'Ukraine', exact: true });
      const macron = dialog.getByRole('button', { name: 'Emmanuel Macron', exact: true });
      await ukraine.waitFor({ state: 'visible' });
      await page.waitForFunction(
        () => !document.querySelector('#folgen-dialog button[data-item]')?.hasAttribute('disabled'),
      );
      assert.equal(await ukraine.getAttribute('aria-pressed'), 'false');

      await ukraine.click();
      await page.waitForFunction(
        () => document.querySelector('[data-item="entity:ukraine"]')?.getAttribute('aria-pressed') === 'true',
      );
      await macron.click();
      await page.waitForFunction(
        () => document.querySelector('[data-item="entity:emmanuel-macron"]')?.getAttribute('aria-pressed') === 'true',
      );
      assert.equal(await dialog.getByRole('status').innerText(), 'Sie folgen: Emmanuel Macron');
      // Past a handful, names fold away but stay reachable (the masthead's "Mehr" rules once hid the fold).
      await dialog
        .getByText(/^\d+ weitere$/)
        .first()
        .click();
      assert.ok(await dialog.getByRole('button', { name: 'Wladimir Putin', exact: true }).isVisible(), 'Putin');

      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        assert.deepEqual(await axeViolations(page), [], `axe with the dialog open (${colorScheme})`);
      }
      await page.emulateMedia({ colorScheme: 'light' });

      await page.keyboard.press('Escape');
      assert.ok(!(await dialog.isVisible()), 'Escape closes the dialog');
      // Reopened, the dialog shows the state it fetched, not what the cached page says.
      await page.reload();
      await page.getByRole('link', { name: 'News folgen' }).click();
      await page.waitForFunction(
        () => document.querySelector('[data-item="entity:ukraine"]')?.getAttribute('aria-pressed') === 'true',
      );
      await page.keyboard.press('Escape');

      await page.goto(`${running.baseUrl}/meine-news`);
      const list = page.getByRole('region', { name: 'Sie folgen' });
      assert.ok(await list.getByRole('link', { name: 'Ukraine' }).isVisible());
      assert.ok(await list.getByRole('link', { name: 'Emmanuel Macron' }).isVisible());
      assert.deepEqual(await axeViolations(page), [], 'axe on Meine News');

      await list.getByRole('button', { name: 'Nicht mehr folgen: Ukraine' }).click();
      await page.waitForURL(`${running.baseUrl}/meine-news`);
      assert.equal(await list.getByRole('link', { name: 'Ukraine' }).count(), 0, 'Ukraine is gone');
      assert.ok(await list.getByRole('link', { name: 'Emmanuel Macron' }).isVisible(), 'Macron stays');

      assert.deepEqual(v.problems, []);
      assert.deepEqual(await v.cspViolations(), []);
      assert.deepEqual(v.requests.filter(leavesMachine), []);
    } finally {
      await v.close();
    }
  });

  test('without JavaScript the same control leads to a form that follows and comes back', async () => {
    const v = await visit(browser, running.baseUrl + seedPath, { javaScriptEnabled: false });
    const { page } = v;
    page.setDefaultTimeout(10_000);
    try {
      await page.getByRole('link', { name: 'News folgen' }).click();
      await page.waitForURL(`${running.baseUrl}${seedPath}/folgen`);
      await page.getByRole('button', { name: 'Folgen: Paris' }).click();
      await page.waitForURL(`${running.baseUrl}${seedPath}/folgen`);
      assert.ok(await page.getByRole('button', { name: 'Nicht mehr folgen: Paris' }).isVisible());
      assert.deepEqual(v.problems, []);
      assert.deepEqual(v.requests.filter(leavesMachine), []);
    } finally {
      await v.close();
    }
    // axe runs in the page, so it needs JavaScript; the form page is the same with or without.
    const checked = await visit(browser, `${running.baseUrl}${seedPath}/folgen`);
    try {
      assert.deepEqual(await axeViolations(checked.page), [], 'axe on the form page');
    } finally {
      await checked.close();
    }
  });
});
