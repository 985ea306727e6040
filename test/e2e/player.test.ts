// Vorlesen in a real browser: the seed's article page with its audio made by the real engine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startAppWorker } from '../../src/app.ts';
import { importPaths } from '../../src/article/import/importer.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { SEED_FILE, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser, leavesMachine, visit } from './browser.ts';

const currentTime = (page: Page) => page.evaluate(() => document.querySelector('audio')!.currentTime);
const nowIndex = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('span.s[data-start]')].findIndex((s) => s.classList.contains('now')),
  );
async function waitFor(page: Page, fn: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fn()) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('the Vorlesen player in Chromium (sqlite)', () => {
  let running: RunningApp;
  let browser: Browser;
  let path: string;

  before(async () => {
    [running, browser] = await Promise.all([startTestApp(SQLITE), launchBrowser()]);
    const [result] = await importPaths(running.app.db, [fileURLToPath(SEED_FILE)], {
      listeners: running.app.articleEvents,
    });
    assert.ok(result?.ok, 'the seed imports');
    path = `/artikel/${result.article.slug}`;
    await startAppWorker(running.app, false).drain();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('plays in place: time runs, the elapsed time and the highlighted sentence move on', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      assert.notEqual(await page.locator('.tool.listen .total').textContent(), '0:00', 'the total time is shown');
      await page.locator('.player select').selectOption('2');
      await page.locator('a.tool.listen').click();
      await waitFor(page, async () => (await currentTime(page)) > 1.2, 'playback to start');
      await waitFor(
        page,
        async () => (await page.locator('.tool.listen .elapsed').textContent()) !== '0:00',
        'the elapsed time to update',
      );
      const first = await nowIndex(page);
      assert.ok(first >= 0, 'a sentence is highlighted');
      await waitFor(page, async () => (await nowIndex(page)) > first, 'the highlight to move to a later sentence');
      assert.equal(
        await page.evaluate(() => document.querySelector('audio')!.playbackRate),
        2,
        'the chosen speed applies',
      );
      assert.equal(await page.locator('a.tool.listen').getAttribute('aria-pressed'), 'true');
      assert.deepEqual(v.problems, []);
      assert.deepEqual(v.requests.filter(leavesMachine), []);
    } finally {
      await v.close();
    }
  });

  test('clicking the third sentence seeks to its start; the speed is remembered across articles', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      await page.locator('.player select').selectOption('1.5');
      const third = page.locator('span.s[data-start]').nth(2);
      const start = Number(await third.getAttribute('data-start')) / 1000;
      assert.ok(start > 3, 'the third sentence starts seconds into the audio');
      await third.click();
      await waitFor(
        page,
        async () => await page.evaluate(() => !document.querySelector('audio')!.paused),
        'playback from the sentence',
      );
      const t = await currentTime(page);
      assert.ok(t >= start - 0.05 && t < start + 1.5, `playing at ${t}s, sentence starts at ${start}s`);
      await waitFor(page, async () => (await nowIndex(page)) === 2, 'the third sentence to be highlighted');
      // A new page load (any article) starts with the remembered speed.
      await page.reload();
      assert.equal(await page.locator('.player select').inputValue(), '1.5');
    } finally {
      await v.close();
    }
  });

  test('#t=30 starts near 30 seconds', async () => {
    const v = await visit(browser, `${running.baseUrl}${path}#t=30`);
    try {
      await waitFor(v.page, async () => (await currentTime(v.page)) >= 29.9, 'the audio to be at 30 s');
      const t = await currentTime(v.page);
      assert.ok(t < 32, `at ${t}s`);
    } finally {
      await v.close();
    }
  });

  test('is keyboard operable and accessible, with the player panel shown', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      await page.locator('a.tool.listen').focus();
      await page.keyboard.press('Enter');
      await waitFor(page, async () => (await currentTime(page)) > 0.3, 'Enter on Vorlesen to play');
      await page.keyboard.press('Space');
      await waitFor(page, () => page.evaluate(() => document.querySelector('audio')!.paused), 'Space to pause');
      assert.equal(
        await page.locator('.player button[aria-label="Abspielen"]').count(),
        1,
        'the play button says what it does',
      );
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await v.close();
    }
  });
});
