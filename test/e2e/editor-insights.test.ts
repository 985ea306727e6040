// The editor's newer parts in Chromium, by an editor (Redaktion): the entity panel (reject by keyboard, the
// list updates), a picture put into the text through the toolbar's file picker (alt text required before the
// save goes), a table whose row and column are added from the toolbar by keyboard, and "hear this paragraph"
// (the server's MP3 plays from a blob: URL). axe on the page with the panel; screenshots at 1280 and 390 px.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { getArticleById, parsePublicationDate, saveArticle } from '../../src/article/index.ts';
import { redBlue } from '../../src/article/images/testing.ts';
import { activeStaff } from '../../src/newsroom/testing.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { runArticleEvents, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = process.env.BLATTWERK_SCREENSHOTS ?? '/tmp/blattwerk-screenshots';

describe('the editor’s entity panel, pictures, tables and hearing in Chromium', () => {
  let site: RunningApp;
  let browser: Browser;
  before(async () => {
    site = await startTestApp(SQLITE);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await site.stop();
  });

  test('an editor rejects an entity, inserts a picture and a table row, and hears a paragraph', async () => {
    const staff = await activeStaff(site.app, 'redaktion@example.org', 'editor');
    const published = parsePublicationDate('2026-11-27');
    assert.ok(typeof published !== 'string', published as string);
    const { article } = await saveArticle(
      site.app.db,
      {
        headline: 'Gipfel in Paris',
        lead: 'Ein Treffen.',
        language: 'de',
        status: 'published',
        published,
        authors: ['Mara Muster'],
        topics: [],
        body: [{ type: 'paragraph', text: 'Emmanuel Macron traf in Paris Vertreter aus Berlin.', marks: [] }],
      },
      { by: 'test', listeners: site.app.articleEvents },
    );
    await runArticleEvents(site.app);
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'bw_staff', value: staff.token, url: site.baseUrl }]);
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${site.baseUrl}/redaktion/artikel/${article.id}`);
    await page.locator('.ProseMirror').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'editor page with the entity panel');

    // Reject Macron by keyboard: the button has focus, Enter presses it, the list comes back with it rejected.
    const reject = page.getByRole('button', { name: 'Ablehnen: Emmanuel Macron' });
    await reject.focus();
    await page.keyboard.press('Enter');
    await page.locator('#entity-list .entity.rejected', { hasText: 'Emmanuel Macron' }).waitFor();
    assert.equal(
      await page.evaluate(
        () =>
          `${(document.activeElement as HTMLElement).dataset.entity} ${(document.activeElement as HTMLElement).dataset.choice}`,
      ),
      'emmanuel-macron rejected',
      'the pressed button keeps the focus',
    );
    assert.equal(
      await page.getByRole('button', { name: 'Ablehnen: Emmanuel Macron' }).getAttribute('aria-pressed'),
      'true',
    );

    // Add Angela Merkel by searching her name.
    await page.getByLabel('Hinzufügen: Name suchen').fill('Merkel');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Hinzufügen: Angela Merkel/ }).click();
    await page.locator('#entity-list .entity', { hasText: 'Angela Merkel' }).waitFor();

    // Hear the paragraph at the cursor.
    await page.locator('.ProseMirror p').first().click();
    await page.locator('#speech-text', { hasText: 'Emmanuel Macron' }).waitFor();
    const audio = page.waitForResponse((r) => r.url().endsWith('/redaktion/artikel/anhoeren'));
    await page.locator('#hear').click();
    const heard = await audio;
    assert.equal(heard.status(), 200);
    assert.equal(heard.headers()['content-type'], 'audio/mpeg');
    await page.waitForFunction(() =>
      (document.getElementById('hear-audio') as HTMLAudioElement).src.startsWith('blob:'),
    );
    assert.ok(await page.locator('#hear-audio').isVisible());

    // A picture into the text from the toolbar's file picker; the save waits for its alt text.
    await page.locator('.ProseMirror p').first().click();
    await page.keyboard.press('End');
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.toolbar button[data-cmd="image"]').click();
    await (await chooser).setFiles({ name: 'gipfel.png', mimeType: 'image/png', buffer: await redBlue(640, 360) });
    const alt = page.getByLabel('Alternativtext (Pflicht: was das Bild zeigt)');
    await alt.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true');
    await page.keyboard.press('Control+s');
    await page.locator('#save-problem', { hasText: 'Alternativtext' }).waitFor();
    await alt.fill('Zwei Farbflächen');
    await page.getByLabel('Bildnachweis', { exact: true }).last().fill('Foto: Test');

    // A table, then a row and a column added from the toolbar by keyboard.
    await page.locator('.ProseMirror p').first().click();
    await page.locator('.toolbar button[data-cmd="table"]').click();
    await page.keyboard.type('Ort');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Zahl');
    const rowAdd = page.getByRole('button', { name: 'Zeile hinzufügen' });
    assert.equal(await rowAdd.isEnabled(), true);
    await rowAdd.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Spalte hinzufügen' }).focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('.ProseMirror table tr').count(), 4);
    assert.equal(await page.locator('.ProseMirror table tr').first().locator('td').count(), 3);

    await page.locator('#save').click();
    await page.locator('#save-state', { hasText: 'Gespeichert' }).waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/editor-insights-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/editor-insights-390.png`, fullPage: true });
    assert.deepEqual(await axeViolations(page), [], 'editor page with a picture and a table');

    const saved = (await getArticleById(site.app.db, article.id))!;
    const types = saved.body.map((b) => b.type);
    assert.ok(types.includes('image') && types.includes('table'), types.join());
    const table = saved.body.find((b) => b.type === 'table');
    assert.ok(table?.type === 'table' && table.rows.length === 4 && table.rows[0]!.length === 3);
    const image = saved.body.find((b) => b.type === 'image');
    assert.ok(image?.type === 'image' && image.alt === 'Zwei Farbflächen' && image.credit === 'Foto: Test');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
