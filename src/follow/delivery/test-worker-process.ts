// The delivery worker as its own process, for the restart test: it can be killed (SIGKILL) mid-fan-out and
// started again. Settings come as JSON in BW_TEST_WORKER; it prints "ready" once it takes jobs.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config.ts';
import { startWorker } from '../../store/jobs.ts';
import { deliveryJobs } from './index.ts';
import { openDeliveryApp } from './testing.ts';

interface Settings {
  dataDir: string;
  databaseUrl?: string;
  pgSchema?: string;
  caFile: string;
  leaseMs: number;
  fanoutBatch: number;
}

const s = JSON.parse(process.env.BW_TEST_WORKER ?? '{}') as Settings;
const app = await openDeliveryApp(
  loadConfig(
    { port: '0' },
    {
      BLATTWERK_DATA: s.dataDir,
      BLATTWERK_JOB_LEASE_MS: String(s.leaseMs),
      ...(s.databaseUrl ? { DATABASE_URL: s.databaseUrl } : {}),
    },
  ),
  s.pgSchema,
  { push: { ca: readFileSync(s.caFile), allowPrivateNetworks: true }, fanoutBatch: s.fanoutBatch },
);
const worker = startWorker(app.db, {
  handlers: deliveryJobs(app),
  leaseMs: s.leaseMs,
  pollMs: 100,
  log: (m) => process.stderr.write(`${m}\n`),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker
    .stop(2000)
    .then(() => app.store.close())
    .then(() => process.exit(0));
});
