// The newsroom editor in Chromium: a contributor writes an article with a lead image dropped onto the page, a
// link and a list, typed by keyboard through the toolbar; saves, reloads and finds it all again. axe checks the
// editor page; hostile text typed into the fields and the body comes back as text on the editor and the preview.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { getArticleById } from '../../src/article/index.ts';
import { redBlue } from '../../src/article/images/testing.ts';
import { activeStaff } from '../../src/newsroom/testing.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, focusedControl, launchBrowser } from './browser.ts';

const HOSTILE = `<script>alert("x")</script> & "Zitat" 'eins' </title><!-- ü 🚀 عربى`;

describe('the newsroom editor in Chromium', () => {
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

  test('writes an article with a dropped lead image, a link and a list; saves, reloads and sees it', async () => {
    const staff = await activeStaff(site.app, 'mitarbeit@example.org', 'contributor');
    const context = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      viewport: { width: 1280, height: 900 },
    });
    await context.addCookies([{ name: 'bw_staff', value: staff.token, url: site.baseUrl }]);
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
      problems.push(`left the machine: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      problems.push(`a script ran: ${d.message()}`);
      void d.dismiss();
    });

    await page.goto(`${site.baseUrl}/redaktion/artikel/neu`);
    await page.locator('.ProseMirror').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'editor page');

    await page.getByLabel('Dachzeile').fill(`Kicker ${HOSTILE}`);
    await page.getByLabel('Überschrift').fill(`Brücke gesperrt ${HOSTILE}`);
    await page.getByLabel('Vorspann').fill('Die Brücke bleibt bis Montag zu.');
    await page.getByLabel('Autorinnen und Autoren').fill('Mara Muster');

    // The lead image, dropped as a file onto the drop zone.
    const png = (await redBlue(800, 450)).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'bruecke.png', { type: 'image/png' }));
      return dt;
    }, png);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });
    await page.locator('#lead-img').waitFor({ state: 'visible' });
    await page.getByLabel('Alternativtext (was das Bild zeigt)').fill('Die gesperrte Brücke');
    await page.locator('#lead-img').click({ position: { x: 100, y: 50 } });

    // The body: a paragraph with a link (Ctrl+K with nothing selected inserts the address as linked text), then a list chosen from the toolbar by keyboard.
    await page.locator('.ProseMirror').click();
    await page.keyboard.type('Mehr beim Amt: ');
    await page.keyboard.press('Control+k');
    await page.locator('#prompt-input').fill('https://example.org/amt');
    await page.keyboard.press('Enter');
    await page.locator('.ProseMirror a[href="https://example.org/amt"]').waitFor();
    await page.keyboard.type(` ${HOSTILE}`);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Erster Punkt');
    // Keyboard only: from the body back into the toolbar and onto "Liste".
    await page.locator('.toolbar button[data-cmd="paragraph"]').focus();
    for (let i = 0; i < 20 && (await focusedControl(page)).name !== 'Liste'; i++) await page.keyboard.press('Tab');
    assert.deepEqual(await focusedControl(page), { role: 'button', name: 'Liste' });
    await page.keyboard.press('Enter');
    await page.locator('.ProseMirror').press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Zweiter Punkt');

    // The side panel reads the paragraph at the cursor as Vorlesen will say it.
    await page.locator('#speech-text', { hasText: 'Zweiter Punkt' }).waitFor();
    await page.keyboard.press('Control+s');
    await page.waitForURL(/\/redaktion\/artikel\/[0-9a-f-]{36}$/);
    const id = /([0-9a-f-]{36})$/.exec(page.url())![1]!;

    await page.reload();
    await page.locator('.ProseMirror').waitFor();
    assert.equal(await page.getByLabel('Überschrift').inputValue(), `Brücke gesperrt ${HOSTILE}`);
    assert.equal(
      await page.locator('.ProseMirror a[href="https://example.org/amt"]').textContent(),
      'https://example.org/amt',
    );
    assert.deepEqual(await page.locator('.ProseMirror ul li').allTextContents(), ['Erster Punkt', 'Zweiter Punkt']);
    assert.ok(await page.locator('#lead-img').isVisible());
    assert.equal(await page.getByLabel('Alternativtext (was das Bild zeigt)').inputValue(), 'Die gesperrte Brücke');
    assert.match((await page.locator('.ProseMirror p').first().textContent())!, /<script>alert/);
    assert.deepEqual(await axeViolations(page), [], 'editor page with an article');

    const article = (await getArticleById(site.app.db, id))!;
    assert.equal(article.status, 'draft');
    assert.equal(article.leadImage?.alt, 'Die gesperrte Brücke');
    assert.notDeepEqual(article.leadImage?.image.focal, { x: 50, y: 50 }, 'the focal point was picked');
    assert.deepEqual(
      article.body.map((b) => b.type),
      ['paragraph', 'list'],
    );

    // The preview is the real article page; the hostile text is text there too.
    await page.goto(`${site.baseUrl}/redaktion/artikel/${id}/vorschau`);
    assert.ok((await page.locator('h1').first().textContent())!.endsWith(`Brücke gesperrt ${HOSTILE}`));
    assert.ok(await page.locator('figure.lead-image img').isVisible());
    assert.deepEqual(problems, []);
    await context.close();
  });
  test('pasting from Google Docs, Word and Markdown keeps the structure and drops the styling', async () => {
    const staff = await activeStaff(site.app, 'redaktion@example.org', 'editor');
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await context.addCookies([{ name: 'bw_staff', value: staff.token, url: site.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${site.baseUrl}/redaktion/artikel/neu`);
    await page.locator('.ProseMirror').click();
    const paste = (type: string, data: string) =>
      page.locator('.ProseMirror').evaluate(
        (el, [t, d]) => {
          const dt = new DataTransfer();
          dt.setData(t!, d!);
          el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        },
        [type, data],
      );
    // Google Docs: the whole paste in <b style="font-weight:normal">, emphasis as styled spans, colours, fonts.
    await paste(
      'text/html',
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><h1 style="color:#c00;font-family:Comic Sans MS">Titel aus Docs</h1>' +
        '<p style="margin-left:36pt"><span style="font-weight:700;color:red">Fett</span> und <span style="font-style:italic;background:yellow">kursiv</span> mit <a href="https://example.org/docs" style="color:blue">Link</a>.</p>' +
        '<ul style="list-style-type:square"><li style="font-size:20pt"><p>Eins</p></li><li><p>Zwei</p></li></ul>' +
        '<p class="MsoNormal" style="mso-line-height-rule:exactly"><o:p>Aus Word</o:p></p></b>',
    );
    const editor = page.locator('.ProseMirror');
    assert.equal(await editor.locator('h2').textContent(), 'Titel aus Docs');
    assert.equal(await editor.locator('strong').textContent(), 'Fett');
    assert.equal(await editor.locator('em').textContent(), 'kursiv');
    assert.equal(await editor.locator('a[href="https://example.org/docs"]').textContent(), 'Link');
    assert.deepEqual(await editor.locator('ul li').allTextContents(), ['Eins', 'Zwei']);
    assert.match((await editor.textContent())!, /Aus Word/);
    assert.equal(await editor.locator('[style], [class], [id], span, b, font').count(), 0, 'no foreign styling');
    // Markdown as plain text.
    await editor.press('Control+End');
    await editor.press('Enter');
    await paste(
      'text/plain',
      '## Aus Markdown\n\nEin *betonter* Satz mit [Quelle](https://example.org/md).\n\n1. erstens\n2. zweitens\n\n> Ein Zitat',
    );
    assert.equal(await editor.locator('h2', { hasText: 'Aus Markdown' }).count(), 1);
    assert.equal(await editor.locator('em', { hasText: 'betonter' }).count(), 1);
    assert.equal(await editor.locator('a[href="https://example.org/md"]').textContent(), 'Quelle');
    assert.deepEqual(await editor.locator('ol li').allTextContents(), ['erstens', 'zweitens']);
    assert.equal(await editor.locator('blockquote').textContent(), 'Ein Zitat');
    await context.close();
  });
});
