// Vorlesen in a real browser: the seed's article page with its audio made by the real engine. The app's base URL
// names another host (localhost) than the one the pages are opened on (127.0.0.1), as behind a second domain name:
// nothing the scripts build may point at the base URL's host.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startAppWorker } from '../../src/app.ts';
import { importPaths } from '../../src/article/import/importer.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { SEED_FILE, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser, leavesMachine, visit, type Visit } from './browser.ts';

const currentTime = (page: Page) => page.evaluate(() => document.querySelector('audio')!.currentTime);
const playing = (page: Page) => page.evaluate(() => !document.querySelector('audio')!.paused);
const nowIndex = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('span.s[data-start]')].findIndex((s) => s.classList.contains('now')),
  );
const starts = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('span.s[data-start]')].map((s) => Number(s.dataset.start) / 1000),
  );
/** Whether the element is wholly inside the viewport. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 0.5;
  });
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
    running.app.config.baseUrl = running.baseUrl.replace('127.0.0.1', 'localhost');
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

  /** Nothing went wrong on the page and nothing went to another host, the base URL's included. */
  async function clean(v: Visit): Promise<void> {
    // Seeking makes Chromium cancel the audio request in flight and ask for another range: not a problem.
    const seeking = /^request failed: \S+\/audio\/\S+\.mp3 \(net::ERR_ABORTED\)$/;
    assert.deepEqual(
      v.problems.filter((p) => !seeking.test(p)),
      [],
    );
    assert.deepEqual(await v.cspViolations(), []);
    assert.deepEqual(v.requests.filter(leavesMachine), []);
  }

  test('Vorlesen in the header plays: the bar appears at the bottom, the control shows pause and the times run', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      const control = page
        .getByRole('navigation', { name: 'Artikelwerkzeuge' })
        .getByRole('button', { name: /^Vorlesen/ });
      assert.notEqual(await control.locator('.total').textContent(), '0:00', 'the total time is shown');
      assert.equal(await page.locator('#player').isHidden(), true, 'no bar before playing');
      await control.click();
      await waitFor(page, async () => (await currentTime(page)) > 1.2, 'playback to start');
      const bar = await page.locator('#player').boundingBox();
      const height = page.viewportSize()!.height;
      assert.ok(bar && Math.abs(bar.y + bar.height - height) < 1, `bar at the bottom: ${JSON.stringify(bar)}`);
      assert.equal(await control.getAttribute('aria-pressed'), 'true');
      assert.ok(await control.locator('.i-pause').isVisible(), 'the control shows pause');
      assert.ok(await control.locator('.i-play').isHidden());
      await waitFor(page, async () => (await control.locator('.elapsed').textContent()) !== '0:00', 'the time to run');
      assert.equal(
        await page.locator('#player .elapsed').textContent(),
        await control.locator('.elapsed').textContent(),
      );
      assert.equal(await page.locator('#player [aria-live]').textContent(), 'Wiedergabe läuft');
      const first = await nowIndex(page);
      assert.ok(first >= 0, 'a sentence is highlighted');
      await page.getByRole('combobox', { name: 'Tempo' }).selectOption('2');
      await waitFor(page, async () => (await nowIndex(page)) > first, 'the highlight to move to a later sentence');
      assert.equal(await page.evaluate(() => document.querySelector('audio')!.playbackRate), 2);

      await control.click();
      await waitFor(page, async () => (await control.getAttribute('aria-pressed')) === 'false', 'the control to pause');
      assert.equal(await playing(page), false);
      assert.ok(await page.locator('#player').isVisible(), 'paused mid-way, the bar stays');
      assert.equal(await page.getByRole('button', { name: 'Abspielen' }).count(), 1, 'its play button says so');
      await clean(v);
    } finally {
      await v.close();
    }
  });

  test('scrolling to the end and back while playing: the controls stay in view and Mitlesen does not pull back', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      await page.locator('.tool.listen').click();
      await waitFor(page, () => playing(page), 'playback');
      await page.mouse.move(640, 300);
      await page.mouse.wheel(0, 20_000);
      await waitFor(
        page,
        () => page.evaluate(() => innerHeight + scrollY >= document.body.scrollHeight - 2),
        'the end',
      );
      // The bar slides in (pb-in); on a loaded machine it may still be moving when the scroll has ended.
      await waitFor(page, () => inView(page, '#player'), 'the bar in view at the end of the page');
      const end = await page.evaluate(() => scrollY);
      // Paused for the step, so the voice cannot move on by itself between reading the sentence and pressing.
      await page.evaluate(() => document.querySelector('audio')!.pause());
      const before = await nowIndex(page);
      await page.getByRole('button', { name: 'Nächster Satz' }).click();
      await waitFor(page, async () => (await nowIndex(page)) === before + 1, 'the next sentence');
      await page.evaluate(() => document.querySelector('audio')!.play());
      await waitFor(page, () => playing(page), 'playing again');
      assert.equal(await page.evaluate(() => scrollY), end, 'the reader, busy, is not scrolled to the sentence');
      await page.mouse.wheel(0, -20_000);
      await waitFor(page, () => page.evaluate(() => scrollY === 0), 'the top');
      await waitFor(page, () => inView(page, '#player'), 'the bar in view at the top of the page');
      assert.ok(await inView(page, '#player .pb-play'));
      await clean(v);
    } finally {
      await v.close();
    }
  });

  test('text is no play button; Mitlesen scrolls to the sentence while the reader is quiet', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      const third = page.locator('span.s[data-start]').nth(2);
      assert.notEqual(await third.evaluate((s) => getComputedStyle(s).cursor), 'pointer');
      await third.click();
      await page.locator('.tool.listen').focus(); // a round trip to the page after the click
      assert.equal(await playing(page), false, 'clicking text does not play');
      assert.equal(await page.locator('#player').isHidden(), true);
      // Played by script (the click above counts as the reader's gesture), so no input pauses Mitlesen.
      const last = (await starts(page)).at(-1)!;
      await page.evaluate(async (t) => {
        const audio = document.querySelector('audio')!;
        await audio.play();
        audio.currentTime = t;
      }, last);
      await waitFor(page, async () => (await nowIndex(page)) === (await starts(page)).length - 1, 'the last sentence');
      await waitFor(page, () => inView(page, 'span.s.now'), 'Mitlesen to bring the last sentence into view');
      assert.ok((await page.evaluate(() => scrollY)) > 500);
      await clean(v);
    } finally {
      await v.close();
    }
  });

  test('"Ab hier vorlesen" plays from a selected sentence, and from a paragraph\'s margin', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      const at = await starts(page);
      await page.evaluate(() => {
        const s = document.querySelectorAll('span.s[data-start]')[6]!;
        const range = document.createRange();
        range.selectNodeContents(s);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      });
      await page.getByRole('button', { name: 'Ab hier vorlesen' }).click();
      await waitFor(page, async () => (await playing(page)) && (await currentTime(page)) > 0, 'playback');
      let t = await currentTime(page);
      assert.ok(t >= at[6]! - 0.05 && t < at[6]! + 1.5, `playing at ${t}s, the sentence starts at ${at[6]}s`);
      await waitFor(page, async () => (await nowIndex(page)) === 6, 'the selected sentence to be highlighted');
      assert.equal(await page.locator('.share-quote').isHidden(), true, 'the selection bar is gone');

      const paragraph = page.locator('.article .body p').nth(3);
      const first = Number(await paragraph.locator('span.s').first().getAttribute('data-start')) / 1000;
      await paragraph.getByRole('button', { name: 'Ab hier vorlesen' }).click();
      await waitFor(page, async () => Math.abs((await currentTime(page)) - first) < 1.5, 'the paragraph to play');
      t = await currentTime(page);
      assert.ok(t >= first - 0.05, `playing at ${t}s, the paragraph starts at ${first}s`);
      await page.getByRole('button', { name: 'Player schließen' }).click();
      assert.equal(await page.locator('#player').isHidden(), true);
      assert.equal(await playing(page), false);
      assert.equal(await paragraph.getByRole('button', { name: 'Ab hier vorlesen' }).isHidden(), true);
      assert.ok(
        await page.evaluate(() => document.activeElement?.matches('button.tool.listen')),
        'closing returns focus to Vorlesen',
      );
      await clean(v);
    } finally {
      await v.close();
    }
  });

  test('#t=60 scrolls to that sentence and arms the player there; one tap plays', async () => {
    const v = await visit(browser, `${running.baseUrl}${path}#t=60`);
    try {
      const { page } = v;
      const at = await starts(page);
      const expected = at.findLastIndex((s) => s <= 60);
      assert.ok(expected > 5, 'a sentence well into the article');
      await waitFor(page, async () => (await nowIndex(page)) === expected, 'the sentence at 60 s to be marked');
      assert.ok(await inView(page, 'span.s.now'), 'scrolled to it');
      assert.ok(await page.locator('#player').isVisible(), 'the player is ready');
      assert.equal(await playing(page), false, 'no autoplay');
      assert.equal(await page.locator('#player .elapsed').textContent(), '1:00');
      await page.getByRole('button', { name: 'Abspielen' }).click();
      await waitFor(page, async () => (await currentTime(page)) > 60.2, 'playback from 60 s');
      assert.ok((await currentTime(page)) < 62);
      await clean(v);
    } finally {
      await v.close();
    }
  });

  test('is keyboard operable and accessible with the bar open; the speed and Mitlesen are remembered', async () => {
    const v = await visit(browser, running.baseUrl + path);
    try {
      const { page } = v;
      await page.locator('.tool.listen').focus();
      await page.keyboard.press('Enter');
      await waitFor(page, async () => (await currentTime(page)) > 0.3, 'Enter on Vorlesen to play');
      await page.keyboard.press('Space');
      await waitFor(page, async () => !(await playing(page)), 'Space to pause');
      await page.getByRole('button', { name: '15 Sekunden vor' }).focus();
      await page.keyboard.press('Enter');
      await waitFor(page, async () => (await currentTime(page)) >= 15, '+15 s');
      const seek = page.getByRole('slider', { name: 'Position' });
      await seek.focus();
      await page.keyboard.press('ArrowRight');
      assert.ok((await currentTime(page)) > 15.5, 'the arrow key moves the position');
      assert.match((await seek.getAttribute('aria-valuetext'))!, /^0:1\d von 3:\d\d$/);
      await page.getByRole('combobox', { name: 'Tempo' }).selectOption('1.5');
      const follow = page.getByRole('button', { name: 'Mitlesen' });
      assert.equal(await follow.getAttribute('aria-pressed'), 'true');
      await follow.press('Enter');
      assert.equal(await follow.getAttribute('aria-pressed'), 'false');
      const found: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        found.push(...(await axeViolations(page)).map((line) => `[${colorScheme}] ${line}`));
      }
      assert.deepEqual(found, []);
      await page.reload();
      assert.equal(await page.getByRole('combobox', { name: 'Tempo', includeHidden: true }).inputValue(), '1.5');
      assert.equal(await page.locator('.pb-follow').getAttribute('aria-pressed'), 'false');
      await clean(v);
    } finally {
      await v.close();
    }
  });

  test('without JavaScript the native player stays', async () => {
    const v = await visit(browser, running.baseUrl + path, { javaScriptEnabled: false });
    try {
      assert.ok(await v.page.locator('#vorlesen audio[controls]').isVisible());
      assert.equal(await v.page.locator('a.tool.listen').getAttribute('href'), '#vorlesen');
      assert.equal(await v.page.locator('#player').isHidden(), true);
    } finally {
      await v.close();
    }
  });
});
