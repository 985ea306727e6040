import { writeFileSync } from 'node:fs';
import { SQLITE } from '../src/store/testing.ts';
import { importSeed, startTestApp } from '../test/support.ts';
const running = await startTestApp(SQLITE, { demo: true });
const seed = await importSeed(running.app);
writeFileSync('/tmp/reader-dev/url', `${running.baseUrl} /artikel/${seed.slug}\n`);
console.log(running.baseUrl);
