// The newsroom in a real browser: the first administrator is made on the command line, takes the link, sets a
// password and a TOTP app, signs out and in again with both; an invited contributor registers a passkey with
// Chromium's virtual authenticator (CDP WebAuthn) and signs in with it alone. axe checks the sign-in page and
// the dashboard. WebAuthn needs a host name, not an IP address: the site is addressed as localhost here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { listAudit } from '../../src/newsroom/index.ts';
import { totpCode } from '../../src/newsroom/totp.ts';
import { SQLITE } from '../../src/store/testing.ts';
import { blattwerk, startTestApp, type RunningApp } from '../support.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const PASSWORD = 'Ein Satz, den sich die Chefin merkt';

describe('newsroom sign-in in Chromium', () => {
  let site: RunningApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    site = await startTestApp(SQLITE);
    base = site.baseUrl.replace('127.0.0.1', 'localhost');
    site.app.config.baseUrl = base;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser.close();
    await site.stop();
  });

  /** A fresh browser profile; every request must stay on this machine, and no page may break its CSP. */
  async function newPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    contexts.push(context);
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === 'localhost') return route.continue();
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

  let adminLink = '';
  /** The administrator's signed-in tab, kept for the second test (a TOTP step is good once). */
  let adminPage: Page;

  test('the first administrator: link from the CLI, password, TOTP; out and in again with both', async () => {
    const env = { BLATTWERK_DATA: site.dataDir, BLATTWERK_BASE_URL: base };
    const added = await blattwerk(['staff', 'add', '--role', 'admin', '--name', 'Chefin', 'chefin@example.org'], env);
    assert.equal(added.code, 0, added.stderr);
    adminLink =
      /http:\/\/localhost:\d+\/redaktion\/einladung\/[\w-]{43}/.exec(added.stdout)?.[0] ?? assert.fail(added.stdout);

    const { page, problems } = await newPage();
    await page.goto(adminLink);
    await page.getByLabel('Neues Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Passwort festlegen' }).click();
    await page.waitForURL(`${base}/redaktion/sicherheit`);
    await page.getByRole('button', { name: 'Authenticator-App einrichten' }).click();
    await page.waitForURL(`${base}/redaktion/sicherheit`);
    assert.ok(await page.locator('svg.qr').isVisible(), 'the QR code is drawn');
    const totpSecret = (await page.locator('code.secret').textContent())!.trim();
    await page.getByLabel('Sechsstelliger Code').fill(totpCode(totpSecret));
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.waitForURL(/\?ok=totp$/);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${base}/redaktion/anmelden`);
    assert.deepEqual(await axeViolations(page), [], 'sign-in page');

    await page.getByLabel('E-Mail-Adresse').fill('chefin@example.org');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(/\/redaktion\/anmelden\/code/);
    // The enrolment used this time step's code; the next step's is within the accepted drift.
    await page.getByLabel('Sechsstelliger Code').fill(totpCode(totpSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.waitForURL(`${base}/redaktion`);
    assert.match((await page.locator('h1').textContent())!, /Willkommen, Chefin/);
    assert.deepEqual(await axeViolations(page), [], 'dashboard');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'bw_staff');
    assert.ok(session?.httpOnly && session.sameSite === 'Strict', JSON.stringify(session));
    assert.deepEqual(problems, []);
    const methods = (await listAudit(site.app.db, { action: 'signin' })).map((r) => r.detail?.method);
    assert.deepEqual(methods, ['password+totp', 'invitation']);
    adminPage = page;
  });

  test('an invited contributor registers a passkey and signs in with it alone', async () => {
    const admin = adminPage;
    await admin.getByRole('link', { name: 'Team' }).click();
    await admin.getByLabel('E-Mail-Adresse').fill('mitarbeit@example.org');
    await admin.getByLabel('Name').fill('Moritz Mitarbeit');
    await admin.getByRole('button', { name: 'Einladen' }).click();
    const link = (await admin.locator('.notice code.secret').textContent())!.trim();

    const { page, problems } = await newPage();
    const cdp = await page.context().newCDPSession(page);
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
    await page.goto(link);
    await page.getByRole('button', { name: 'Passkey einrichten' }).click();
    await page.waitForURL(`${base}/redaktion/sicherheit`);
    assert.equal(await page.locator('ul.passkeys li').count(), 1);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${base}/redaktion/anmelden`);
    await page.getByRole('button', { name: 'Mit Passkey anmelden' }).click();
    await page.waitForURL(`${base}/redaktion`);
    assert.match((await page.locator('h1').textContent())!, /Willkommen, Moritz Mitarbeit/);
    assert.equal(await page.getByRole('link', { name: 'Team' }).count(), 0, 'a contributor has no team page');
    assert.deepEqual(problems, []);
    const last = (await listAudit(site.app.db, { action: 'signin', limit: 1 }))[0]!;
    assert.deepEqual([last.actor, last.detail], ['mitarbeit@example.org', { method: 'passkey' }]);
  });
});
