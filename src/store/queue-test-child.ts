// A worker in its own process for the queue contract test: it claims one job, says so, and hangs until killed.
import { openStore, type StoreOptions } from './db.ts';
import { startWorker } from './jobs.ts';
import { createJobKeysTable, createJobsTable } from './migrations.ts';

declare module './jobs.ts' {
  interface JobPayloads {
    'contract.hang': { n: number };
  }
}

const options = JSON.parse(process.argv[2] ?? '{}') as Omit<StoreOptions, 'migrations'>;
const store = await openStore({
  ...options,
  migrations: [
    { name: 'jobs', up: createJobsTable },
    { name: 'job keys', up: createJobKeysTable },
  ],
});
startWorker(store.db, {
  handlers: {
    'contract.hang': () => {
      process.stdout.write('claimed\n');
      return new Promise(() => {});
    },
  },
  leaseMs: options.jobLeaseMs ?? 1000,
});
