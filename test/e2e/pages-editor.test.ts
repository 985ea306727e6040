// The standing pages in Chromium: an editor signs in with a password, opens "Seiten", edits the Impressum's text
// in the editor, saves, and reads the change on the public /impressum page. axe checks the page list, the page
// editor and the new Über uns page (light and dark).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { activeStaff, PASSWORD } from '../../src/newsroom/testing.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser, leavesMachine, visit } from './browser.ts';

const NEW_TEXT = 'Auenstädter Anzeiger GmbH, Marktplatz 1, 12345 Auenstadt. Verantwortlich: Erika Muster.';

describe('standing pages in Chromium (sqlite)', () => {
  let site: RunningApp;
  let browser: Browser;
  before(async () => {
    [site, browser] = await Promise.all([startTestApp(SQLITE), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('an editor signs in, edits the Impressum, saves, and the public page shows the change', async () => {
    await activeStaff(site.app, 'redaktion@example.org', 'editor');
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      if (!leavesMachine(route.request().url())) return route.continue();
      problems.push(`left the machine: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const base = site.baseUrl;

    await page.goto(`${base}/redaktion/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill('redaktion@example.org');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${base}/redaktion`);
    assert.match((await page.locator('.notice.warning').textContent())!, /Beispieltext/, 'the Impressum warning');

    await page.getByRole('navigation', { name: 'Redaktionsbereich' }).getByRole('link', { name: 'Seiten' }).click();
    await page.waitForURL(`${base}/redaktion/seiten`);
    assert.deepEqual(await axeViolations(page), [], 'page list');
    assert.deepEqual(await page.locator('table.pages tbody td:first-child').allTextContents(), [
      'Impressum',
      'Datenschutz',
      'Kontakt',
      'Über uns',
    ]);

    await page.getByRole('link', { name: 'Impressum', exact: true }).click();
    await page.waitForURL(`${base}/redaktion/seiten/impressum`);
    const editor = page.locator('.ProseMirror');
    await editor.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'page editor');
    assert.match((await editor.textContent())!, /Beispieltext/);

    // Replace the whole text: a subheading from the toolbar, then a paragraph.
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('Angaben gemäß § 5 DDG');
    await page.locator('.toolbar button[data-cmd="h2"]').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(NEW_TEXT);
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.locator('#save-state', { hasText: /^Gespeichert$/ }).waitFor();
    assert.ok(await page.locator('#save-problem').isHidden());

    await page.goto(`${base}/impressum`);
    assert.equal(await page.locator('main h1').textContent(), 'Impressum');
    assert.equal(await page.locator('main .body h2').textContent(), 'Angaben gemäß § 5 DDG');
    assert.equal(await page.locator('main .body p').textContent(), NEW_TEXT);
    assert.doesNotMatch((await page.locator('main').textContent())!, /Beispieltext/);

    await page.goto(`${base}/redaktion`);
    assert.equal(await page.locator('.notice.warning').count(), 0, 'a real Impressum: no warning');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the Über uns page is linked in the footer and axe finds nothing on it, in light and dark', async () => {
    const front = await visit(browser, `${site.baseUrl}/`);
    try {
      await front.page.getByRole('contentinfo').getByRole('link', { name: 'Über uns' }).click();
      await front.page.waitForURL(`${site.baseUrl}/ueber-uns`);
      assert.equal(await front.page.locator('main h1').textContent(), 'Über uns');
      const found: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        await front.page.emulateMedia({ colorScheme });
        found.push(...(await axeViolations(front.page)).map((line) => `[${colorScheme}] ${line}`));
      }
      assert.deepEqual(found, []);
      assert.deepEqual(front.problems, []);
      assert.deepEqual(front.requests.filter(leavesMachine), []);
    } finally {
      await front.close();
    }
  });
});
