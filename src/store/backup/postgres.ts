// The PostgreSQL half of a backup: `pg_dump` in its custom format, restored by `pg_restore`. The dump reads the
// snapshot of a transaction held open here (`--snapshot`), so the migrations listed in the manifest are read
// from the very state the dump holds. Only the app's schema is dumped (a shared database may hold others), so
// pg-boss's jobs (their own schema) are not in it, nor are their idempotency keys (`job_keys`): a key without its
// job would keep the restored site's start from queueing a scheduled publication again.
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import pg from 'pg';
import type { AppliedMigration, DatabaseEntry } from './manifest.ts';

export interface PgTarget {
  url: string;
  /** The schema the app uses; default: the connection's `current_schema()` (normally `public`). */
  schema?: string | undefined;
}

/** Dumps the app's schema into `file`; returns what the manifest records about it. */
export async function backupPostgres(
  target: PgTarget,
  file: string,
): Promise<{ migrations: AppliedMigration[]; database: Omit<DatabaseEntry, 'file' | 'bytes' | 'sha256'> }> {
  const client = await connect(target);
  try {
    const server = await serverMajor(client);
    const tool = await toolMajor('pg_dump');
    if (tool < server)
      throw new Error(
        `backup: pg_dump ${tool} cannot dump a PostgreSQL ${server} server: install the client tools of version ${server} or newer (Debian: apt-get install postgresql-client-${server})`,
      );
    const schema = await schemaOf(client, target);
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const migrations = await client.query<AppliedMigration>(
      `select version, name from ${quoteIdent(schema)}.schema_migrations order by version`,
    );
    await run(
      'pg_dump',
      [
        '--format=custom',
        `--file=${file}`,
        `--schema=${quoteIdent(schema)}`,
        `--exclude-table-data=${quoteIdent(schema)}.job_keys`,
        `--snapshot=${rows[0]!.id}`,
        '--no-owner',
        '--no-privileges',
      ],
      target.url,
    );
    await client.query('commit');
    return { migrations: migrations.rows, database: { pgSchema: schema, pgDumpMajor: tool } };
  } finally {
    await client.end();
  }
}

/** Why the target cannot take a restore (it holds tables), or undefined when it is empty. */
export async function postgresNotEmpty(target: PgTarget, schema: string): Promise<string | undefined> {
  const client = await connect(target);
  try {
    const { rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1',
      [schema],
    );
    const n = Number(rows[0]!.n);
    return n > 0 ? `schema "${schema}" of that database holds ${n} tables, indexes or sequences` : undefined;
  } finally {
    await client.end();
  }
}

/** The schema a restore writes into: the target's, which must be the one the dump holds (pg_restore cannot rename). */
export async function restoreSchema(target: PgTarget): Promise<string> {
  if (target.schema) return target.schema;
  const client = await connect(target);
  try {
    return await schemaOf(client, target);
  } finally {
    await client.end();
  }
}

/** Restores a dump into the empty target in one transaction: it is there whole or not at all. */
export async function restorePostgres(
  target: PgTarget,
  file: string,
  dumpMajor: number,
  schema: string,
): Promise<void> {
  const tool = await toolMajor('pg_restore');
  if (tool < dumpMajor)
    throw new Error(
      `restore: pg_restore ${tool} cannot read a dump made by pg_dump ${dumpMajor}: install the client tools of version ${dumpMajor} or newer (Debian: apt-get install postgresql-client-${dumpMajor})`,
    );
  const client = await connect(target);
  let exists: boolean;
  try {
    exists = (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount === 1;
  } finally {
    await client.end();
  }
  // An existing (empty) schema stays; the dump's CREATE SCHEMA would fail on it.
  const list = (await run('pg_restore', ['--list', file]))
    .split('\n')
    .filter((line) => !(exists && isSchemaEntry(line)))
    .join('\n');
  const listFile = `${file}.list`;
  await writeFile(listFile, list);
  try {
    await run(
      'pg_restore',
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--use-list=${listFile}`, file],
      target.url,
    );
  } finally {
    await rm(listFile, { force: true });
  }
}

/** A TOC line such as `6; 2615 16387 SCHEMA - bw_test postgres` (or its COMMENT). */
function isSchemaEntry(line: string): boolean {
  if (line.startsWith(';')) return false;
  const rest = line.split(' ').slice(3).join(' ');
  return rest.startsWith('SCHEMA - ') || rest.startsWith('COMMENT - SCHEMA ');
}

async function connect(target: PgTarget): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: target.url,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  await client.connect();
  return client;
}

async function schemaOf(client: pg.Client, target: PgTarget): Promise<string> {
  if (target.schema) return target.schema;
  const { rows } = await client.query<{ s: string | null }>('select current_schema() as s');
  if (!rows[0]?.s) throw new Error('store: the database has no current schema (check search_path)');
  return rows[0].s;
}

async function serverMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>('show server_version_num');
  return Math.floor(Number(rows[0]!.v) / 10000);
}

/** The major version of a PostgreSQL client tool, or a clear error when it is not installed. */
async function toolMajor(tool: 'pg_dump' | 'pg_restore'): Promise<number> {
  const out = await run(tool, ['--version']);
  // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)": the first number after the name's parenthesis.
  const words = out.split(' ');
  const major = Number.parseInt(words[2] ?? '', 10);
  if (!Number.isInteger(major)) throw new Error(`store: cannot read the version of ${tool} from "${out.trim()}"`);
  return major;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Runs a client tool; with a URL, it connects there. The password goes through PGPASSWORD, never the command
 * line (which every user of the machine can read in the process list).
 */
function run(tool: string, args: string[], url?: string): Promise<string> {
  const env = { ...process.env };
  if (url !== undefined) {
    const u = new URL(url);
    if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
    args = [...args, `--dbname=${u.toString()}`];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(
              `store: ${tool} is not installed: install the PostgreSQL client tools matching the server (Debian: apt-get install postgresql-client)`,
            )
          : err,
      ),
    );
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`store: ${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
