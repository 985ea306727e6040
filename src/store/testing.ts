// Storage tests run against every dialect: SQLite in a temp folder and the real PostgreSQL on this machine,
// each in a fresh schema. DIALECTS=sqlite narrows a local run; CI never sets it. PostgreSQL unreachable fails.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, pgBossSchema, type Dialect, type Store, type StoreOptions } from './db.ts';
import type { Migration } from './migrations.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | undefined;
  pgSchema: string | undefined;
  cleanup(): Promise<void>;
}

export interface TestDialect {
  name: Dialect;
  /** A new, empty database (not yet migrated). */
  create(): Promise<TestDatabase>;
}

/** Browser tests exercise pages, not dialects: they always run on the embedded default. */
export const SQLITE: TestDialect = {
  name: 'sqlite',
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'blattwerk-test-'));
    return {
      dataDir,
      databaseUrl: undefined,
      pgSchema: undefined,
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
};

const postgres: TestDialect = {
  name: 'postgres',
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'blattwerk-test-'));
    const schema = `bw_test_${randomBytes(6).toString('hex')}`;
    await withClient((c) => c.query(`create schema ${schema}`));
    return {
      dataDir,
      databaseUrl: TEST_DATABASE_URL,
      pgSchema: schema,
      async cleanup() {
        await withClient((c) => c.query(`drop schema if exists ${schema}, ${pgBossSchema(schema)} cascade`));
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `test: PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${(err as Error).message}); start it, tests do not skip it`,
      { cause: err },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const wanted = process.env.DIALECTS?.split(',').map((d) => d.trim());
export const DIALECTS: TestDialect[] = [SQLITE, postgres].filter((d) => !wanted || wanted.includes(d.name));

/**
 * Opens a fresh store of one dialect, migrated by the root's list (tests pass MIGRATIONS), with the dialect's
 * default queue unless `queue` says otherwise; `close` drops it.
 */
export async function openTestStore(
  dialect: TestDialect,
  migrations: Migration[],
  options: Pick<StoreOptions, 'queue'> = {},
): Promise<Store & { testDb: TestDatabase }> {
  const testDb = await dialect.create();
  const store = await openStore({
    ...options,
    migrations,
    databaseUrl: testDb.databaseUrl,
    dataDir: testDb.dataDir,
    ...(testDb.pgSchema ? { pgSchema: testDb.pgSchema } : {}),
  });
  return {
    ...store,
    testDb,
    async close() {
      await store.close();
      await testDb.cleanup();
    },
  };
}
