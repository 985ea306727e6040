// One headless Chromium for a test file, and page visits that record everything a page asks of the network
// and everything it complains about, so tests can assert "nothing left this machine, nothing went wrong".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
} from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** How these tests start Chromium: no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  response: Response;
  /** Every URL the page requested, including ones the route below refused. */
  requests: string[];
  /** Console errors and warnings, page errors and failed requests, as readable lines. */
  problems: string[];
  /** Content-Security-Policy violations the document reported (only recorded when JavaScript runs). */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

const LOCAL_HOST = '127.0.0.1';

/** data: and blob: URLs never touch the network; everything else must go to the test server. */
export function leavesMachine(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return false;
  return u.hostname !== LOCAL_HOST;
}

/** Opens `url` in a fresh context. Requests to any other host are aborted, and still recorded for the assertion. */
export async function visit(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Visit> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', ...options });
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) =>
    leavesMachine(route.request().url()) ? route.abort('blockedbyclient') : route.continue(),
  );
  if (options.javaScriptEnabled !== false) {
    // Init scripts run through the DevTools protocol, which the page's CSP does not govern.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
  }
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A font or the favicon (the browser's own fetch, type "other") still loading when the test navigates on is
    // cancelled by the browser, not refused by the server.
    const aborted =
      r.failure()?.errorText === 'net::ERR_ABORTED' && (r.resourceType() === 'font' || r.resourceType() === 'other');
    if (!aborted) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`e2e: no response for ${url}`);
  return {
    context,
    page,
    response,
    requests,
    problems,
    cspViolations: () =>
      options.javaScriptEnabled === false
        ? Promise.resolve([])
        : page.evaluate(() => [...(window as unknown as { cspViolations: string[] }).cspViolations]),
    close: () => context.close(),
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's findings on the page as it is now, one readable line per failing element. Colour contrast that axe
 * could not decide ("incomplete") counts too: otherwise a dark-scheme check could pass without checking anything.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // The CSP (rightly) refuses inline scripts, so addScriptTag({ content }) would be blocked. page.evaluate runs
  // through the DevTools protocol, which CSP does not govern: axe runs without weakening the policy under test.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const { findings, contrastChecked } = await page.evaluate(async () => {
    type Result = {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: string[]; failureSummary?: string }[];
    };
    type Run = { violations: Result[]; incomplete: Result[]; passes: Result[] };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<Run> } }).axe;
    const r = await axe.run(document);
    const undecided = r.incomplete.filter((i) => i.id === 'color-contrast');
    const lines = [...r.violations, ...undecided].flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact ?? 'undecided'}): ${v.help} at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
      ),
    );
    return {
      findings: lines,
      contrastChecked: [...r.passes, ...r.violations, ...undecided].some((x) => x.id === 'color-contrast'),
    };
  });
  if (!contrastChecked) throw new Error('e2e: axe did not check colour contrast on this page');
  return findings;
}

/** Role and accessible name of the focused element, from Chromium's accessibility tree as Playwright reads it. */
export async function focusedControl(page: Page): Promise<{ role: string; name: string }> {
  const snapshot = await page.locator(':focus').ariaSnapshot();
  const m = /^- (\w+) "((?:[^"\\]|\\.)*)"/.exec(snapshot);
  return m ? { role: m[1]!, name: m[2]!.replace(/\\(.)/g, '$1') } : { role: '?', name: snapshot };
}
