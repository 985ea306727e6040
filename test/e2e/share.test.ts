// Artikel teilen in Chromium on the seed's page, watching every request: nothing leaves 127.0.0.1 before a click,
// the menu works by keyboard and passes axe, copy puts the canonical URL on the clipboard, Mastodon goes to the
// instance entered, and a shared passage opens highlighted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Article } from '../../src/article/model.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { importSeed, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, focusedControl, launchBrowser, leavesMachine, visit, type Visit } from './browser.ts';

/** Words of the seed's last body paragraph, far enough down that opening the link must scroll to them. */
const PASSAGE = 'mehr hofft die Ukraine daher auf Europa';
/** --mark in site.css (light scheme), which share.css gives to ::target-text. */
const MARK = [0xff, 0xf3, 0xb0];

/** Pixels of the highlight colour in a screenshot of the paragraph holding the passage (decoded by a canvas). */
async function markedPixels(page: Page): Promise<number> {
  const png = await page.locator('.body p', { hasText: PASSAGE }).screenshot();
  return page.evaluate(
    async ({ b64, mark }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [img.width, img.height];
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, img.width, img.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (mark.every((c, k) => Math.abs(px[i + k]! - c) <= 6)) n++;
      return n;
    },
    { b64: png.toString('base64'), mark: MARK },
  );
}

/** Selects text of the last body paragraph, starting and ending inside words (as a hasty reader's drag does). */
async function selectPassage(page: Page): Promise<void> {
  await page.evaluate((passage) => {
    const p = [...document.querySelectorAll('.article .body p')].find((x) => x.textContent.includes(passage))!;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let node: Text | null;
    while ((node = walker.nextNode() as Text | null) && !node.data.includes(passage));
    const at = node!.data.indexOf(passage);
    const range = document.createRange();
    range.setStart(node!, at + 2); // "hr hofft …": inside the first word
    range.setEnd(node!, at + passage.length - 3); // "… Eur": inside the last word
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  }, PASSAGE);
}

describe('Artikel teilen in Chromium (sqlite)', () => {
  let running: RunningApp;
  let browser: Browser;
  let seed: Article;
  let canonical: string;

  before(async () => {
    [running, browser] = await Promise.all([startTestApp(SQLITE, { demo: true }), launchBrowser()]);
    seed = await importSeed(running.app);
    canonical = `${running.baseUrl}/artikel/${seed.slug}`;
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  const open = (): Promise<Visit> => visit(browser, canonical, { permissions: ['clipboard-read', 'clipboard-write'] });
  const shareButton = (page: Page) =>
    page.getByRole('navigation', { name: 'Artikelwerkzeuge' }).getByRole('button', { name: 'Artikel teilen' });

  test('nothing leaves 127.0.0.1 before a click; the menu opens and closes by keyboard; axe passes with it open', async () => {
    const v = await open();
    try {
      const { page } = v;
      assert.equal(
        await page.evaluate(() => 'share' in navigator),
        false,
        'headless Chromium on Linux has no share sheet: the menu is tested',
      );
      await selectPassage(page);
      await page.locator('.share-quote').waitFor();
      assert.deepEqual(v.requests.filter(leavesMachine), [], 'after load and a selection');

      const button = shareButton(page);
      await button.focus();
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      await page.keyboard.press('Enter');
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      assert.ok(await page.locator('#teilen-menu').isVisible());
      assert.deepEqual(
        await focusedControl(page),
        { role: 'button', name: 'Link kopieren' },
        'focus moves into the menu it opened',
      );
      await page.keyboard.press('Escape');
      assert.ok(await page.locator('#teilen-menu').isHidden());
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.deepEqual(await focusedControl(page), { role: 'button', name: 'Artikel teilen' }, 'Escape returns focus');
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#teilen-menu').isVisible(), 'Space opens too');

      const found: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        // Text the open popover covers has no contrast axe can decide; the popover's own text is checked.
        const covered = (line: string) => line.startsWith('color-contrast') && line.includes('overlapped by another');
        found.push(...(await axeViolations(page)).filter((l) => !covered(l)).map((l) => `[${colorScheme}] ${l}`));
      }
      assert.deepEqual(found, []);
      assert.deepEqual(v.requests.filter(leavesMachine), [], 'after opening the menu');
      assert.deepEqual(v.problems, []);
      assert.deepEqual(await v.cspViolations(), []);

      // The first request to another host comes with a click on a target, and goes where the server sent it.
      const [popup] = await Promise.all([
        v.context.waitForEvent('page'),
        page.getByRole('link', { name: /^WhatsApp/ }).click(),
      ]);
      await popup.waitForEvent('requestfailed');
      const away = [...new Set(v.requests.filter(leavesMachine))];
      assert.equal(away.length, 1, away.join('\n'));
      assert.equal(new URL(away[0]!).host, 'wa.me');
      assert.ok(new URL(away[0]!).searchParams.get('text')!.endsWith(`\n\n${canonical}`));
    } finally {
      await v.close();
    }
  });

  test('"Link kopieren" puts the canonical URL on the clipboard and says so', async () => {
    const v = await open();
    try {
      await shareButton(v.page).click();
      await v.page.getByRole('button', { name: 'Link kopieren' }).click();
      await v.page.getByRole('status').getByText('Link kopiert.').waitFor();
      assert.equal(await v.page.evaluate(() => navigator.clipboard.readText()), canonical);
    } finally {
      await v.close();
    }
  });

  test('when the clipboard is denied, the link is selected in a field to copy by hand', async () => {
    const v = await visit(browser, canonical);
    try {
      await v.page.evaluate(() => {
        Object.defineProperty(navigator.clipboard, 'writeText', {
          value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
        });
      });
      await shareButton(v.page).click();
      await v.page.getByRole('button', { name: 'Link kopieren' }).click();
      await v.page
        .getByRole('status')
        .getByText(/Kopieren ist hier nicht erlaubt/)
        .waitFor();
      const field = v.page.getByLabel('Adresse des Artikels');
      assert.equal(await field.inputValue(), canonical);
      assert.deepEqual(await field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd]), [
        0,
        canonical.length,
      ]);
    } finally {
      await v.close();
    }
  });

  test('the Mastodon target uses the instance entered, refuses what is no host name, and remembers it', async () => {
    const v = await open();
    try {
      const { page } = v;
      await shareButton(page).click();
      const instance = page.getByLabel(/Ihre Instanz/);
      await instance.fill('kein server');
      await page.getByRole('button', { name: /Weiter zu Mastodon/ }).click();
      // The browser refuses the form and shows its bubble with the input's title, our message.
      assert.equal(await instance.evaluate((el: HTMLInputElement) => el.validity.patternMismatch), true);
      assert.match((await instance.getAttribute('title'))!, /^Das ist kein Servername\./);
      assert.deepEqual(v.requests.filter(leavesMachine), [], 'nothing sent for an invalid instance');

      await instance.fill('https://Social.Example/');
      const [popup] = await Promise.all([
        v.context.waitForEvent('page'),
        page.getByRole('button', { name: /Weiter zu Mastodon/ }).click(),
      ]);
      // Our page asks before leaving for a host the reader typed; only the reader's click goes there.
      await popup.getByRole('heading', { name: 'Weiter zu social.example?' }).waitFor();
      assert.deepEqual(v.requests.filter(leavesMachine), [], 'nothing sent before the click');
      await Promise.all([
        popup.waitForEvent('requestfailed'),
        popup.getByRole('link', { name: /Auf social\.example teilen/ }).click(),
      ]);
      const away = [...new Set(v.requests.filter(leavesMachine))];
      assert.equal(away.length, 1, away.join('\n'));
      const share = new URL(away[0]!);
      assert.equal(`${share.origin}${share.pathname}`, 'https://social.example/share');
      assert.equal(share.searchParams.get('text'), `${seed.headline}\n\n${canonical}`);

      await page.reload();
      await shareButton(page).click();
      assert.equal(
        await page.getByLabel(/Ihre Instanz/).inputValue(),
        'https://Social.Example/',
        'remembered in localStorage',
      );
    } finally {
      await v.close();
    }
  });

  test('"Zitat teilen" shares a passage link that opens scrolled to the passage, highlighted', async () => {
    const v = await open();
    try {
      const { page } = v;
      await selectPassage(page);
      const quoteButton = page.getByRole('button', { name: 'Zitat teilen' });
      await quoteButton.click();
      assert.equal(await quoteButton.getAttribute('aria-expanded'), 'true');
      assert.match(
        await page.locator('.share-what').innerText(),
        new RegExp(`„${PASSAGE}“`),
        'whole words, shown as the quote',
      );
      assert.equal(
        await page.getByRole('button', { name: 'Ab hier vorlesen' }).isHidden(),
        true,
        'no audio timings on this page, so no "Ab hier vorlesen"',
      );
      await page.getByRole('button', { name: 'Link kopieren' }).click();
      await page.getByRole('status').getByText('Link kopiert.').waitFor();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(link, `${canonical}#:~:text=${encodeURIComponent(PASSAGE)}`);
      const whatsapp = new URL((await page.getByRole('link', { name: /^WhatsApp/ }).getAttribute('href'))!, canonical);
      assert.equal(whatsapp.searchParams.get('zitat'), PASSAGE);

      // The same page without the fragment shows no highlight; with it, Chromium scrolls to and marks the passage.
      const plain = await v.context.newPage();
      await plain.goto(canonical);
      assert.equal(await markedPixels(plain), 0);
      const shared = await v.context.newPage();
      await shared.goto(link);
      await shared.waitForFunction(() => scrollY > 200);
      const inView = await shared.locator('.body p', { hasText: PASSAGE }).evaluate((p) => {
        const r = p.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      assert.ok(inView, 'the passage is in view');
      const marked = await markedPixels(shared);
      assert.ok(marked > 500, `highlighted pixels: ${marked}`);
    } finally {
      await v.close();
    }
  });

  test('a selection that starts and ends at an element (as a triple click makes) quotes its text alone', async () => {
    const v = await open();
    try {
      const { page } = v;
      const text = await page.evaluate((passage) => {
        const p = [...document.querySelectorAll('.article .body p')].find((x) => x.textContent.includes(passage))!;
        const range = document.createRange();
        range.selectNodeContents(p);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return p.textContent.replace(/\s+/g, ' ').trim();
      }, PASSAGE);
      await page.getByRole('button', { name: 'Zitat teilen' }).click();
      assert.equal(await page.locator('.share-what').innerText(), `Geteilt wird das Zitat: „${text}“`);
    } finally {
      await v.close();
    }
  });

  test('a quote across paragraphs becomes "start,end": the page\'s link equals the server\'s, and it highlights', async () => {
    const v = await open();
    try {
      const { page } = v;
      await page.evaluate((passage) => {
        const text = (needle: string) => {
          const walker = document.createTreeWalker(document.querySelector('.article .body')!, NodeFilter.SHOW_TEXT);
          let node: Node | null;
          while ((node = walker.nextNode()) && !(node as Text).data.includes(needle));
          return node as Text;
        };
        const from = text('in der Mitte zu sein');
        const to = text(passage);
        const range = document.createRange();
        range.setStart(from, from.data.indexOf('in der Mitte zu sein') + 5); // inside "der"
        range.setEnd(to, to.data.indexOf(passage) + 2); // inside "mehr"
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      }, PASSAGE);
      await page.getByRole('button', { name: 'Zitat teilen' }).click();
      await page.getByRole('button', { name: 'Link kopieren' }).click();
      await page.getByRole('status').getByText('Link kopiert.').waitFor();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(link, `${canonical}#:~:text=der%20Mitte%20zu%20sein%2C,Umso%20mehr`);
      // The server builds the same link for the same quote when the reader picks a network instead.
      const href = (await page.locator('a[data-t=whatsapp]').getAttribute('href'))!;
      const location = (await fetch(new URL(href, canonical), { redirect: 'manual' })).headers.get('location')!;
      assert.ok(new URL(location).searchParams.get('text')!.endsWith(`\n\n${link}`), location);
      const shared = await v.context.newPage();
      await shared.goto(link);
      await shared.waitForFunction(() => scrollY > 200);
      assert.ok((await markedPixels(shared)) > 100, 'the end of the quote is highlighted in the last paragraph');
    } finally {
      await v.close();
    }
  });

  test('"Ab hier vorlesen" asks Vorlesen by an event for the selected sentence\'s start, and clears the selection', async () => {
    const v = await open();
    try {
      const { page } = v;
      // What Vorlesen does once audio exists: each sentence in a span with its start in milliseconds.
      await page.evaluate((passage) => {
        const p = [...document.querySelectorAll('.article .body p')].find((x) => x.textContent.includes(passage))!;
        const span = document.createElement('span');
        span.className = 's';
        span.dataset.start = '83400';
        span.append(...p.childNodes);
        p.append(span);
        document.addEventListener('bw:vorlesen', (e) => {
          document.body.dataset.asked = String((e as CustomEvent<unknown>).detail);
        });
      }, PASSAGE);
      await selectPassage(page);
      await page.getByRole('button', { name: 'Ab hier vorlesen' }).click();
      assert.equal(await page.locator('body').getAttribute('data-asked'), '83400');
      assert.equal(await page.evaluate(() => String(getSelection())), '');
      await page.locator('.share-quote').waitFor({ state: 'hidden' });
      assert.ok(await page.locator('#teilen-menu').isHidden(), 'no share menu for listening');
    } finally {
      await v.close();
    }
  });

  for (const width of [1280, 390]) {
    test(`at ${width} px the menu opens over the page without moving it, and closes on Escape and outside click`, async () => {
      const v = await visit(browser, canonical, { viewport: { width, height: 800 } });
      try {
        const { page } = v;
        const button = shareButton(page);
        const text = page.locator('.article .lead');
        const before = await text.boundingBox();
        await button.click();
        const menu = page.locator('#teilen-menu');
        assert.equal(await menu.evaluate((m) => m.matches(':popover-open')), true, 'in the top layer');
        assert.deepEqual(await text.boundingBox(), before, 'the article does not move');
        const box = (await menu.boundingBox())!;
        const lead = before!;
        assert.ok(box.y < lead.y + lead.height && box.y + box.height > lead.y, 'the menu lies over the lead');
        if (width <= 600) assert.ok(Math.abs(box.y + box.height - 800) < 1, 'a bottom sheet on a phone');
        else assert.ok(box.y >= (await button.boundingBox())!.y, 'under its control on a wide screen');

        await page.keyboard.press('Escape');
        assert.ok(await menu.isHidden());
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
        assert.deepEqual(await focusedControl(page), { role: 'button', name: 'Artikel teilen' }, 'focus returns');

        await button.click();
        assert.ok(await menu.isVisible());
        await page.mouse.click(5, 5);
        assert.ok(await menu.isHidden(), 'a click outside closes it');
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
        assert.deepEqual(await text.boundingBox(), before);
        assert.deepEqual(v.problems, []);
      } finally {
        await v.close();
      }
    });
  }
});
