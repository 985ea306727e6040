import { writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import { startDebuggableChromium } from '../test/e2e/lighthouse.ts';
const chromium = await startDebuggableChromium();
for (const url of process.argv.slice(2)) {
  const r = await lighthouse(url, { port: chromium.port, hostname: '127.0.0.1', output: 'json', logLevel: 'error', formFactor: 'mobile', onlyCategories: ['performance'] });
  const lhr = r!.lhr;
  const name = new URL(url).pathname.replace(/\W+/g, '_');
  writeFileSync(`/tmp/reader-dev/lhr${name}.json`, JSON.stringify(lhr));
  const a = lhr.audits;
  console.log(url, lhr.categories.performance!.score, ['first-contentful-paint','largest-contentful-paint','total-blocking-time','cumulative-layout-shift','speed-index'].map(k=>`${k}=${a[k]!.numericValue?.toFixed(0)}(${a[k]!.score})`).join(' '));
  for (const k of ['largest-contentful-paint-element','render-blocking-insight','lcp-discovery-insight','lcp-breakdown-insight','font-display-insight','network-dependency-tree-insight']) {
    const au = a[k]; if (!au) continue;
    console.log(' ', k, au.score, au.displayValue ?? '', JSON.stringify(au.details ?? {}).slice(0, 900));
  }
}
await chromium.close();
