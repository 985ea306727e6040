// The whole newsroom flow in one real browser, as a small newsroom would live it: the first administrator is made
// on the command line and invites a contributor and an editor in the staff area; the contributor signs in with a
// passkey (Chromium's virtual authenticator over CDP), writes an article with a dropped lead image, a link and a
// list, and submits it; the editor signs in with password and TOTP, reviews it and schedules it two seconds ahead;
// the job queue publishes it and makes its audio; the reader page shows image, audio, follow and share; the editor
// adds a substantive correction; the page shows the note and JSON-LD `correction`, Vorlesen says the new text, the
// revisions show the change word by word, and the audit log names every step. WebAuthn needs a host name: the
// site is addressed as localhost.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppWorker } from '../../src/app.ts';
import { getArticleById } from '../../src/article/index.ts';
import { redBlue } from '../../src/article/images/testing.ts';
import { totpCode } from '../../src/newsroom/totp.ts';
import { berlinLocal } from '../../src/newsroom/workflow/panel.ts';
import type { Worker } from '../../src/store/jobs.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { blattwerk, startTestApp, type RunningApp } from '../support.ts';
import { launchBrowser } from './browser.ts';

const ADMIN_PASSWORD = 'Ein Satz, den sich die Chefin merkt';
const EDITOR_PASSWORD = 'Die Redaktion prüft jeden Satz zweimal';
const HEADLINE = 'Neue Brücke über die Lahn eröffnet';
/** Where the screenshots go, to be looked at by whoever ran the test. */
const SHOTS = process.env.BLATTWERK_SHOTS;

describe('the whole newsroom flow in Chromium', () => {
  let site: RunningApp;
  let browser: Browser;
  let worker: Worker;
  let base: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    site = await startTestApp(SQLITE);
    base = site.baseUrl.replace('127.0.0.1', 'localhost');
    site.app.config.baseUrl = base;
    worker = startAppWorker(site.app);
    browser = await launchBrowser();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await worker?.stop(1000);
    await site?.stop();
  });

  async function shot(page: Page, name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  }

  /** A fresh browser profile; every request stays on this machine, and no page may break or complain. */
  async function person(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      viewport: { width: 1280, height: 900 },
    });
    contexts.push(context);
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).hostname === 'localhost') return route.continue();
      problems.push(`left the machine: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return { page, problems };
  }

  async function until(what: string, done: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`timed out waiting for ${what}`);
  }

  test('admin invites, contributor writes with a passkey, editor schedules with TOTP, the job publishes, a correction follows', async () => {
    // 1. The first administrator, on the command line; the one-time link, a password.
    const added = await blattwerk(['staff', 'add', '--role', 'admin', '--name', 'Chefin', 'chefin@example.org'], {
      BLATTWERK_DATA: site.dataDir,
      BLATTWERK_BASE_URL: base,
    });
    assert.equal(added.code, 0, added.stderr);
    const adminLink =
      /http:\/\/localhost:\d+\/redaktion\/einladung\/[\w-]{43}/.exec(added.stdout)?.[0] ?? assert.fail(added.stdout);
    const { page: admin, problems: adminProblems } = await person();
    await admin.goto(adminLink);
    await admin.getByLabel('Neues Passwort').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Passwort festlegen' }).click();
    await admin.waitForURL(`${base}/redaktion/sicherheit`);

    // 2. The administrator invites a contributor and an editor in the staff area.
    const invite = async (email: string, name: string, role: string): Promise<string> => {
      await admin.getByRole('link', { name: 'Team' }).click();
      await admin.getByLabel('E-Mail-Adresse').fill(email);
      await admin.getByLabel('Name').fill(name);
      await admin.locator('#invite-role').selectOption({ label: role });
      await admin.getByRole('button', { name: 'Einladen' }).click();
      return (await admin.locator('.notice code.secret').textContent())!.trim();
    };
    const contributorLink = await invite('mitarbeit@example.org', 'Moritz Mitarbeit', 'Mitarbeit');
    const editorLink = await invite('redaktion@example.org', 'Rita Redaktion', 'Redaktion');
    const team = await admin.locator('table').innerText();
    assert.match(team, /mitarbeit@example\.org[^\n]*Mitarbeit/);
    assert.match(team, /redaktion@example\.org[^\n]*Redaktion/);

    // 3. The contributor takes the link, registers a passkey, signs out and in again with it alone.
    const { page: writer, problems: writerProblems } = await person();
    const cdp = await writer.context().newCDPSession(writer);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await writer.goto(contributorLink);
    await writer.getByRole('button', { name: 'Passkey einrichten' }).click();
    await writer.waitForURL(`${base}/redaktion/sicherheit`);
    await writer.getByRole('button', { name: 'Abmelden' }).click();
    await writer.waitForURL(`${base}/redaktion/anmelden`);
    await writer.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
    await writer.waitForURL(`${base}/redaktion`);
    assert.match((await writer.locator('h1').textContent())!, /Willkommen, Moritz Mitarbeit/);

    // 4. The contributor writes: kicker, headline, lead, a dropped lead image with alt text, a link and a list.
    await writer.goto(`${base}/redaktion/artikel/neu`);
    await writer.locator('.ProseMirror').waitFor();
    await writer.getByLabel('Dachzeile').fill('Verkehr');
    await writer.getByLabel('Überschrift').fill(HEADLINE);
    await writer.getByLabel('Vorspann').fill('Nach zwei Jahren Bauzeit fahren wieder Busse über den Fluss.');
    await writer.getByLabel('Autorinnen und Autoren').fill('Moritz Mitarbeit');
    await writer.getByLabel('Themen').fill('Verkehr');
    const png = (await redBlue(1200, 675)).toString('base64');
    const dataTransfer = await writer.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'bruecke.png', { type: 'image/png' }));
      return dt;
    }, png);
    await writer.dispatchEvent('#drop', 'drop', { dataTransfer });
    await writer.locator('#lead-img').waitFor({ state: 'visible' });
    await writer.getByLabel('Alternativtext (was das Bild zeigt)').fill('Die neue Brücke im Abendlicht');
    await writer.locator('.ProseMirror').click();
    await writer.keyboard.type('Die Brücke kostete zwölf Millionen Euro. Der Plan liegt beim Amt: ');
    await writer.keyboard.press('Control+k');
    await writer.locator('#prompt-input').fill('https://example.org/plan');
    await writer.keyboard.press('Enter');
    await writer.locator('.ProseMirror a[href="https://example.org/plan"]').waitFor();
    await writer.keyboard.press('Enter');
    await writer.keyboard.type('Busse fahren wieder');
    await writer.locator('.toolbar button[data-cmd="bullet_list"]').first().click();
    await writer.locator('.ProseMirror').press('End');
    await writer.keyboard.press('Enter');
    await writer.keyboard.type('Radweg auf beiden Seiten');
    await writer.keyboard.press('Control+s');
    await writer.waitForURL(/\/redaktion\/artikel\/[0-9a-f-]{36}$/);
    const id = /([0-9a-f-]{36})$/.exec(writer.url())![1]!;
    await writer.locator('.ProseMirror').waitFor();
    await shot(writer, 'editor');
    assert.deepEqual(await writer.locator('.ProseMirror ul li').allTextContents(), [
      'Busse fahren wieder',
      'Radweg auf beiden Seiten',
    ]);
    assert.match((await writer.locator('h2 .state').textContent())!, /Entwurf/);

    // 5. … and submits it for review; a contributor cannot publish or schedule.
    assert.equal(await writer.getByRole('button', { name: 'Planen', exact: true }).count(), 0);
    assert.equal(await writer.getByRole('button', { name: 'Jetzt veröffentlichen' }).count(), 0);
    await writer.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();
    // The article is no longer the contributor's to edit: the status page says what happened.
    await writer.waitForURL(`${base}/redaktion/artikel/${id}/status?ok=submit`);
    await shot(writer, 'submitted');
    assert.match((await writer.getByRole('status').textContent())!, /Zur Prüfung eingereicht/);
    assert.match((await writer.locator('h2 .state').textContent())!, /In Prüfung/);

    // 6. The editor takes the link, sets a password and a TOTP app, signs out and in with both.
    const { page: editor, problems: editorProblems } = await person();
    await editor.goto(editorLink);
    await editor.getByLabel('Neues Passwort').fill(EDITOR_PASSWORD);
    await editor.getByRole('button', { name: 'Passwort festlegen' }).click();
    await editor.waitForURL(`${base}/redaktion/sicherheit`);
    await editor.getByRole('button', { name: 'Authenticator-App einrichten' }).click();
    await editor.waitForURL(`${base}/redaktion/sicherheit`);
    const secret = (await editor.locator('code.secret').textContent())!.trim();
    await editor.getByLabel('Sechsstelliger Code').fill(totpCode(secret));
    await editor.getByRole('button', { name: 'Bestätigen' }).click();
    await editor.waitForURL(/\?ok=totp$/);
    await editor.getByRole('button', { name: 'Abmelden' }).click();
    await editor.waitForURL(`${base}/redaktion/anmelden`);
    await editor.getByLabel('E-Mail-Adresse').fill('redaktion@example.org');
    await editor.getByLabel('Passwort').fill(EDITOR_PASSWORD);
    await editor.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await editor.waitForURL(/\/redaktion\/anmelden\/code/);
    // The enrolment used this time step's code; the next step's is within the accepted drift.
    await editor.getByLabel('Sechsstelliger Code').fill(totpCode(secret, Date.now() + 30_000));
    await editor.getByRole('button', { name: 'Bestätigen' }).click();
    await editor.waitForURL(`${base}/redaktion`);
    assert.match((await editor.locator('h1').textContent())!, /Willkommen, Rita Redaktion/);

    // 7. The dashboard lists the article in review; the editor opens it, reads it, and schedules it.
    const inReview = editor.getByRole('region', { name: /In Prüfung/ });
    await shot(editor, 'dashboard');
    await inReview.getByRole('link', { name: HEADLINE }).click();
    await editor.waitForURL(`${base}/redaktion/artikel/${id}`);
    await editor.locator('.ProseMirror').waitFor();
    assert.equal(await editor.getByLabel('Überschrift').inputValue(), HEADLINE);
    assert.match((await editor.locator('.ProseMirror').textContent())!, /zwölf Millionen Euro/);
    assert.ok(await editor.locator('#lead-img').isVisible(), 'the lead image is there');
    const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    await editor.getByLabel('Zeitpunkt (Berlin)').fill(berlinLocal(at));
    await editor.getByRole('button', { name: 'Planen', exact: true }).click();
    await editor.waitForURL(/\?ok=schedule$/);
    assert.match((await editor.locator('h2 .state').textContent())!, /Geplant/);

    // 8. The job publishes it at that time; the status shown changes on reload.
    await until('the scheduled job to publish', async () => {
      await editor.reload();
      return /Veröffentlicht/.test((await editor.locator('h2 .state').textContent()) ?? '');
    });
    const published = (await getArticleById(site.app.db, id))!;
    assert.equal(published.published.instant.toISOString(), at.toISOString());

    // 9. The reader page: headline, image, link, list, audio, follow and share. A reader has no cookie.
    const { page: reader, problems: readerProblems } = await person();
    await editor.getByRole('link', { name: 'Ansehen' }).click();
    await editor.waitForURL(/\/artikel\//);
    const articleUrl = editor.url();
    // The audio is made by the worker after publishing; the page offers Vorlesen once it is there.
    const tools = reader.getByRole('navigation', { name: 'Artikelwerkzeuge' });
    await until('the audio', async () => {
      await reader.goto(articleUrl);
      return (await tools.getByRole('button', { name: /^Vorlesen/ }).count()) === 1;
    });
    // The kicker is part of the heading, as screen readers should hear it.
    assert.equal(await reader.getByRole('heading', { level: 1 }).textContent(), `Verkehr: ${HEADLINE}`);
    const leadImage = reader.locator('figure.lead-image img');
    assert.equal(await leadImage.getAttribute('alt'), 'Die neue Brücke im Abendlicht');
    assert.ok(await leadImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
    assert.equal(await reader.getByRole('link', { name: 'https://example.org/plan' }).count(), 1);
    assert.deepEqual(await reader.locator('.body ul li').allTextContents(), [
      'Busse fahren wieder',
      'Radweg auf beiden Seiten',
    ]);
    assert.ok(await reader.getByRole('link', { name: 'News folgen' }).isVisible(), 'follow');
    assert.ok(await tools.getByRole('button', { name: 'Artikel teilen' }).isVisible(), 'share');
    assert.notEqual(
      await tools
        .getByRole('button', { name: /^Vorlesen/ })
        .locator('.total')
        .textContent(),
      '0:00',
    );
    const mp3 = reader.getByRole('link', { name: 'MP3 herunterladen' });
    const firstAudio = (await mp3.getAttribute('href'))!;
    await shot(reader, 'published');

    // 10. The editor corrects a fact in the text and marks the note substantive, with the save.
    await editor.goto(`${base}/redaktion/artikel/${id}`);
    await editor.locator('.ProseMirror').waitFor();
    await editor.locator('.ProseMirror p', { hasText: 'zwölf Millionen' }).click();
    await editor.locator('.ProseMirror').evaluate(() => {
      // Select the wrong figure as a person would by double-clicking it.
      const text = [...document.querySelectorAll('.ProseMirror p')]
        .map((p) => p.firstChild)
        .find((n) => n?.textContent?.includes('zwölf'))!;
      const start = text.textContent!.indexOf('zwölf');
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + 'zwölf'.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await editor.keyboard.type('fünfzehn');
    await editor.getByText('Korrektur oder Aktualisierung mit dieser Speicherung vermerken').click();
    const correction = editor.locator('#correction');
    await correction.getByLabel('Was war falsch?').fill('Die Brücke kostete zwölf Millionen Euro.');
    await correction.getByLabel('Was ist richtig? / Was ist neu?').fill('Sie kostete fünfzehn Millionen Euro.');
    await correction.getByLabel(/Wesentliche Korrektur/).check();
    await editor.keyboard.press('Control+s');
    await until('the corrected save', async () => (await getArticleById(site.app.db, id))!.corrections.length === 1);
    const corrected = (await getArticleById(site.app.db, id))!;
    assert.equal(corrected.corrections[0]!.substantive, true);

    // 11. The page shows the note, and JSON-LD carries it as schema.org `correction`; Vorlesen says the corrected
    // text (the audio is named by its text's hash, so new text is a new file).
    await until('the corrected audio', async () => {
      await reader.goto(articleUrl);
      return (await mp3.count()) === 1 && (await mp3.getAttribute('href')) !== firstAudio;
    });
    const audio = await reader.request.get(new URL((await mp3.getAttribute('href'))!, articleUrl).href);
    assert.equal(audio.headers()['content-type'], 'audio/mpeg');
    const note = (await reader.locator('p.correction').innerText()).replace(/\s+/g, ' ');
    assert.match(
      note,
      /^Korrektur vom .+ Uhr: In einer früheren Fassung hieß es: „Die Brücke kostete zwölf Millionen Euro\.“ Richtig ist: Sie kostete fünfzehn Millionen Euro\.$/,
    );
    assert.match(await reader.locator('.body').innerText(), /fünfzehn Millionen Euro/);
    const ld = JSON.parse((await reader.locator('script[type="application/ld+json"]').textContent())!) as {
      '@type': string;
      correction: { '@type': string; text: string }[];
    };
    assert.equal(ld['@type'], 'NewsArticle');
    assert.deepEqual(
      ld.correction.map((c) => [c['@type'], c.text]),
      [['CorrectionComment', note.slice(note.indexOf('In einer früheren'))]],
    );
    await shot(reader, 'corrected');

    // 12. The revisions show the change word by word.
    await editor.goto(`${base}/redaktion/artikel/${id}/fassungen`);
    await shot(editor, 'revisions');
    assert.deepEqual(await editor.locator('.diff del').allTextContents(), ['zwölf']);
    assert.deepEqual(await editor.locator('.diff ins').allTextContents(), ['fünfzehn']);

    // 13. The audit log names every step, who did it, newest first.
    await admin.goto(`${base}/redaktion/protokoll`);
    await shot(admin, 'audit');
    const rows = await admin
      .locator('table.audit tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const steps = rows.map(([, who, what, subject, , detail]) => `${who} ${what} [${subject}] ${detail}`).reverse();
    const expect = [
      /^chefin@example\.org Anmeldung \[\] Weg: Einladungslink/,
      /^chefin@example\.org Einladung \[mitarbeit@example\.org\] .*Rolle: Mitarbeit/,
      /^chefin@example\.org Einladung \[redaktion@example\.org\] .*Rolle: Redaktion/,
      /^mitarbeit@example\.org Anmeldung \[\] Weg: Passkey/,
      new RegExp(`^mitarbeit@example\\.org Zur Prüfung gegeben \\[${HEADLINE}\\] Entwurf → In Prüfung`),
      /^redaktion@example\.org Anmeldung \[\] Weg: Passwort und Code/,
      new RegExp(`^redaktion@example\\.org Geplant \\[${HEADLINE}\\] In Prüfung → Geplant`),
      new RegExp(`^schedule Veröffentlicht \\[${HEADLINE}\\] Geplant → Veröffentlicht`),
      new RegExp(`^redaktion@example\\.org Korrigiert/aktualisiert \\[${HEADLINE}\\] .*Art: Korrektur; wesentlich: ja`),
    ];
    let found = 0;
    for (const step of steps) if (found < expect.length && expect[found]!.test(step)) found++;
    assert.equal(
      found,
      expect.length,
      `the audit log, oldest first:\n${steps.join('\n')}\nstopped at ${expect[found]}`,
    );
    // An article step's subject links to the article's status.
    assert.equal(
      await admin
        .locator('table.audit tbody tr', { hasText: 'Korrigiert/aktualisiert' })
        .getByRole('link', { name: HEADLINE })
        .getAttribute('href'),
      `/redaktion/artikel/${id}/status`,
    );

    assert.deepEqual(adminProblems, []);
    assert.deepEqual(writerProblems, []);
    assert.deepEqual(editorProblems, []);
    assert.deepEqual(readerProblems, []);
  });
});
