// The workflow in a real browser: an editor signs in, opens a draft's status page, schedules it two seconds
// ahead, and the job queue publishes it; the status page then says so and the reader page is there. axe checks
// the dashboard and the status page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startAppWorker } from '../../src/app.ts';
import { getArticleById, parsePublicationDate, saveArticle } from '../../src/article/index.ts';
import { berlinLocal } from '../../src/newsroom/workflow/panel.ts';
import { activeStaff, PASSWORD } from '../../src/newsroom/testing.ts';
import type { Worker } from '../../src/store/jobs.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser } from './browser.ts';

describe('workflow in Chromium', () => {
  let site: RunningApp;
  let browser: Browser;
  let worker: Worker;

  before(async () => {
    site = await startTestApp(SQLITE);
    worker = startAppWorker(site.app);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await worker.stop(1000);
    await site.stop();
  });

  test('an editor schedules a draft two seconds ahead and sees it published', async () => {
    const editor = await activeStaff(site.app, 'redaktion@example.org', 'editor');
    const date = parsePublicationDate('2026-01-15');
    if (typeof date === 'string') throw new Error(date);
    const { article } = await saveArticle(
      site.app.db,
      {
        headline: 'Stadtrat beschließt neue Radwege',
        lead: 'Zwölf Kilometer bis 2027.',
        body: [{ type: 'paragraph', text: 'Der Stadtrat hat am Abend zugestimmt.', marks: [] }],
        authors: ['Lena Hartmann'],
        topics: ['Verkehr'],
        language: 'de',
        published: date,
        status: 'draft',
      },
      { by: editor.email, createdBy: editor.id, listeners: site.app.articleEvents },
    );
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${site.baseUrl}/redaktion/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(editor.email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${site.baseUrl}/redaktion`);
    const drafts = page.getByRole('region', { name: /Entwurf/ });
    assert.equal(await drafts.getByRole('link', { name: 'Stadtrat beschließt neue Radwege' }).count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'dashboard');

    await drafts.getByRole('link', { name: 'Status' }).first().click();
    await page.waitForURL(/\/status$/);
    assert.deepEqual(await axeViolations(page), [], 'status page');
    const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    await page.getByLabel('Zeitpunkt (Berlin)').fill(berlinLocal(at));
    await page.getByRole('button', { name: 'Planen', exact: true }).click();
    await page.waitForURL(/\?ok=schedule$/);
    assert.match((await page.getByRole('status').textContent())!, /Geplant/);
    assert.match((await page.locator('h2 .state').textContent())!, /Geplant/);

    // The worker polls the queue; the page is reloaded until the state it shows changes.
    for (let i = 0; i < 100 && (await getArticleById(site.app.db, article.id))!.state !== 'published'; i++)
      await new Promise((r) => setTimeout(r, 200));
    await page.reload();
    assert.match((await page.locator('h2 .state').textContent())!, /Veröffentlicht/);
    assert.deepEqual(await axeViolations(page), [], 'status page, published');
    const published = (await getArticleById(site.app.db, article.id))!;
    assert.equal(published.published.instant.toISOString(), at.toISOString());
    await page.getByRole('link', { name: 'Ansehen' }).click();
    await page.waitForURL(/\/artikel\//);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Stadtrat beschließt neue Radwege');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
