// `npm run screenshots`: the demo site with the seed article (audio made by the real engine) in headless
// Chromium, photographed into docs/screenshots/ at 1280 and 390 px: front, article (the seed, and a demo
// article with its lead image), player, follow dialog, share popover, a section page and Meine News. Look at
// them after every change to the look.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startAppWorker } from '../src/app.ts';
import { SQLITE } from '../src/store/testing.ts';
import { launchBrowser } from '../test/e2e/browser.ts';
import { followerCookie } from '../test/e2e/reader-pages.ts';
import { importSeed, startTestApp } from '../test/support.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const running = await startTestApp(SQLITE, { demo: true });
let browser: Browser | undefined;
try {
  const seed = await importSeed(running.app);
  await startAppWorker(running.app, false).drain();
  const sectionHref = running.app.site.sections[0]?.href ?? '/thema/ukraine';
  const article = `/artikel/${seed.slug}`;
  mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();

  const shot = async (
    name: string,
    path: string,
    viewport: { width: number; height: number },
    options: { fullPage?: boolean; cookie?: string; before?: (page: Page) => Promise<void> } = {},
  ) => {
    const context = await browser!.newContext({
      ...(options.cookie ? { extraHTTPHeaders: { cookie: options.cookie } } : {}),
      viewport,
      deviceScaleFactor: 1,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      isMobile: viewport.width < 600,
      hasTouch: viewport.width < 600,
    });
    const page = await context.newPage();
    await page.goto(running.baseUrl + path, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    if (options.fullPage) {
      // Lazy images load as they come into view: scroll through once, as a reader would.
      for (let y = 0; y < (await page.evaluate(() => document.body.scrollHeight)); y += viewport.height)
        await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForLoadState('networkidle');
    }
    await options.before?.(page);
    await page.screenshot({ path: `${OUT}${name}.png`, fullPage: options.fullPage ?? false });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
    await context.close();
  };

  await shot('front-desktop', '/', DESKTOP);
  await shot('front-phone', '/', PHONE, { fullPage: true });
  await shot('article-desktop', article, DESKTOP);
  await shot('article-phone', article, PHONE, { fullPage: true });
  await shot('article-image-phone', '/artikel/drei-kandidaten-wollen-ins-auenstaedter-rathaus', PHONE, {
    fullPage: true,
  });
  await shot('article-player', article, DESKTOP, {
    before: async (page) => {
      await page.locator('a.tool.listen, button.tool.listen').first().click();
      await page.waitForTimeout(1500);
    },
  });
  await shot('follow-dialog', article, DESKTOP, {
    before: async (page) => {
      await page.getByRole('link', { name: 'News folgen' }).first().click();
      await page.getByRole('dialog').first().waitFor();
    },
  });
  await shot('share-popover', article, PHONE, {
    before: async (page) => {
      await page.locator('.tool.share').first().click();
      await page.waitForTimeout(300);
    },
  });
  await shot('section-desktop', sectionHref, DESKTOP, { fullPage: true });
  // A reader who follows Ukraine and Emmanuel Macron: the page as it is used, not its empty state.
  await shot('meine-news', '/meine-news', DESKTOP, { cookie: await followerCookie(running.baseUrl) });
} finally {
  await browser?.close();
  await running.stop();
}
