// A Blattwerk site spread over hosts (see hosts.ts), as several machines would run it: PostgreSQL on its own host
// (a fresh instance of Debian's server on a temp data directory, listening on that host's address: the machine's
// own cluster listens on loopback only), s3rver (a stand-in for S3, which cannot run here) on another, a
// stand-in push service on a third, then N `blattwerk serve --no-worker` and M `blattwerk worker` hosts, all on
// one database and one bucket. Shared by test/scale/multihost.test.ts and bench/scale.ts.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { MIGRATIONS } from '../../src/migrations.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { startS3Stand, type S3Stand } from '../../src/store/s3-testing.ts';
import { createNetwork, type Host, type Network } from './hosts.ts';

const BIN = fileURLToPath(new URL('../../bin/blattwerk.js', import.meta.url));
const PUSH_SERVICE = fileURLToPath(new URL('./push-service.ts', import.meta.url));
const VCL = new URL('../../deploy/varnish.vcl', import.meta.url);
export const WEB_PORT = 3000;
const EDGE_PORT = 6081;
/** Varnish's purge socket (docs/deploy.md): what the Blattwerk hosts' BLATTWERK_VARNISH_URL names. */
const PURGE_PORT = 6091;

export interface SiteProcess {
  host: Host;
  child: ChildProcess;
  /** http://address:port/ of a web host. */
  url: string;
  /** The process's last output lines, for error messages. */
  log: () => string;
  kill9: () => Promise<void>;
}

export interface PushStand {
  origin: string;
  /** Its certificate, for the workers to trust. */
  ca: string;
  /** One JSON line from the stand-in: "stats" or "report" (see push-service.ts). */
  ask<T>(what: 'stats' | 'report'): Promise<T>;
}

export interface Site {
  network: Network;
  /** The test's own connection to the site's database. */
  db: pg.Pool;
  /** The site's database as a store, for its jobs (listJobs: whichever queue the site runs). */
  store: Store;
  s3: S3Stand;
  push: PushStand;
  webs: SiteProcess[];
  workers: SiteProcess[];
  /** Varnish with deploy/varnish.vcl in front of the web hosts (option `varnish`): its http://address:port. */
  edge: string | undefined;
  /** `blattwerk ARGS…` run on a host with the site's configuration (stdout, or an error with its output). */
  cli(host: Host, args: string[]): Promise<string>;
  addWeb(): Promise<SiteProcess>;
  addWorker(): Promise<SiteProcess>;
  stop(): Promise<void>;
}

export interface SiteOptions {
  webs: number;
  workers: number;
  /** More configuration for every Blattwerk process (e.g. BLATTWERK_JOB_LEASE_MS). */
  env?: Record<string, string>;
  /** Varnish in front of the web hosts started with the site (its own host), purged by the workers. */
  varnish?: boolean;
}

/** Debian's PostgreSQL server programs (the newest installed major version). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('site: no PostgreSQL server in /usr/lib/postgresql (Debian package postgresql)');
  return found;
}

function supervise(host: Host, child: ChildProcess, url: string): SiteProcess {
  const lines: string[] = [];
  const keep = (s: string) => {
    lines.push(s);
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', keep);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    host,
    child,
    url,
    log: () => `${host.name}:\n${lines.join('\n')}`,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function until(what: string, ok: () => Promise<boolean>, ms: number, log = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`site: timed out waiting for ${what}\n${log()}`);
    await sleep(100);
  }
}

async function startPostgres(host: Host, dir: string, subnet: string): Promise<SiteProcess> {
  const bin = postgresBin();
  const data = join(dir, 'data');
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  const asPostgres = ['--reuid=postgres', '--regid=postgres', '--init-groups'];
  execFileSync('setpriv', [...asPostgres, join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-N'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  writeFileSync(join(data, 'pg_hba.conf'), `host all all ${subnet}.0/24 trust\n`);
  // Durability is not what this measures: fsync off keeps a shared machine's disk out of the figures.
  const settings = [
    `listen_addresses=${host.address}`,
    `unix_socket_directories=${dir}`,
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=400',
    'shared_buffers=512MB',
  ].flatMap((s) => ['-c', s]);
  const child = host.spawn('setpriv', [...asPostgres, join(bin, 'postgres'), '-D', data, ...settings], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running = supervise(host, child, `postgres://postgres@${host.address}:5432`);
  await until(
    'PostgreSQL',
    async () => {
      const c = new pg.Client({ connectionString: `${running.url}/postgres` });
      await c.connect();
      await c.query('create database blattwerk');
      await c.end();
      return true;
    },
    60_000,
    running.log,
  );
  return running;
}

async function startPushStand(host: Host): Promise<PushStand & { child: ChildProcess }> {
  const child = host.spawn(process.execPath, [PUSH_SERVICE, host.address], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async <T>() => {
    const line = (await lines.next()).value as string | undefined;
    if (line === undefined) throw new Error('site: the stand-in push service ended');
    return JSON.parse(line) as T;
  };
  let asking = Promise.resolve();
  const first = await next<{ origin: string; ca: string }>();
  return Object.assign(first, {
    child,
    ask<T>(what: 'stats' | 'report'): Promise<T> {
      // One question at a time: answers come back in order on one stream.
      const answer = asking.then(() => (child.stdin!.write(`${what}\n`), next<T>()));
      asking = answer.then(
        () => undefined,
        () => undefined,
      );
      return answer;
    },
  });
}

/** The shipped VCL as an operator edits it for several machines (docs/deploy.md): a director over the web hosts. */
function siteVcl(webs: SiteProcess[], subnet: string): string {
  let vcl = readFileSync(VCL, 'utf8');
  const edit = (from: string, to: string) => {
    if (!vcl.includes(from)) throw new Error(`site: deploy/varnish.vcl no longer has "${from}"`);
    vcl = vcl.replace(from, to);
  };
  edit(
    'backend blattwerk {\n    .host = "127.0.0.1";\n    .port = "3000";\n}\n',
    [
      'import directors;',
      ...webs.map((w, i) => `backend web${i + 1} { .host = "${w.host.address}"; .port = "${WEB_PORT}"; }`),
      'sub vcl_init {',
      '    new web = directors.round_robin();',
      ...webs.map((_, i) => `    web.add_backend(web${i + 1});`),
      '}',
      '',
    ].join('\n'),
  );
  edit('acl purgers {\n', `acl purgers {\n    "${subnet}.0"/24;\n`);
  edit('sub vcl_recv {\n', 'sub vcl_recv {\n    set req.backend_hint = web.backend();\n');
  return vcl;
}

async function startVarnish(host: Host, dir: string, webs: SiteProcess[], subnet: string): Promise<SiteProcess> {
  writeFileSync(join(dir, 'site.vcl'), siteVcl(webs, subnet));
  // -F: foreground; -j none: no jail (runs as root here); -T none: no management port.
  const args = ['-F', '-j', 'none', '-T', 'none', '-n', join(dir, 'varnish'), '-a', `${host.address}:${EDGE_PORT}`];
  args.push('-a', `purge=${host.address}:${PURGE_PORT}`);
  const child = host.spawn('varnishd', [...args, '-f', join(dir, 'site.vcl'), '-s', 'malloc,256m'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const varnish = supervise(host, child, `http://${host.address}:${EDGE_PORT}`);
  await until('Varnish', async () => (await fetch(`${varnish.url}/robots.txt`)).ok, 60_000, varnish.log);
  return varnish;
}

export async function startSite(options: SiteOptions): Promise<Site> {
  const network = createNetwork();
  const dir = await mkdtemp(join(tmpdir(), 'blattwerk-site-'));
  chmodSync(dir, 0o711); // PostgreSQL's own user reaches its data directory inside
  const children: SiteProcess[] = [];
  let db: pg.Pool | undefined;
  let store: Store | undefined;
  let s3: S3Stand | undefined;
  let pushChild: ChildProcess | undefined;
  const stop = async () => {
    await db?.end().catch(() => undefined);
    await store?.close().catch(() => undefined);
    for (const c of children) await c.kill9();
    pushChild?.kill('SIGKILL');
    await s3?.stop().catch(() => undefined);
    network.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const subnet = network.clientAddress.replace(/\.1$/, '');
    const dbHost = network.addHost('postgres');
    const pgDir = join(dir, 'postgres');
    mkdirSync(pgDir);
    const postgres = await startPostgres(dbHost, pgDir, subnet);
    children.push(postgres);
    const databaseUrl = `${postgres.url}/blattwerk`;
    db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    s3 = await startS3Stand('blattwerk', network.addHost('s3'));
    const pushHost = network.addHost('push');
    const push = await startPushStand(pushHost);
    pushChild = push.child;
    const caFile = join(dir, 'push-ca.pem');
    writeFileSync(caFile, push.ca);

    const edgeHost = options.varnish ? network.addHost('varnish') : undefined;
    let webs = 0;
    let workers = 0;
    const env = (host: Host) => ({
      ...process.env,
      HOST: host.address,
      PORT: String(WEB_PORT),
      BLATTWERK_DATA: join(dir, host.name),
      DATABASE_URL: databaseUrl,
      BLATTWERK_S3_URL: s3!.url,
      BLATTWERK_BASE_URL: `http://${edgeHost?.address ?? network.clientAddress}`,
      BLATTWERK_TEST_PUSH_CA_FILE: caFile,
      ...(edgeHost ? { BLATTWERK_VARNISH_URL: `http://${edgeHost.address}:${PURGE_PORT}` } : {}),
      ...options.env,
    });
    const blattwerk = (host: Host, args: string[]) => {
      mkdirSync(join(dir, host.name), { recursive: true });
      return host.spawn(process.execPath, [BIN, ...args], { env: env(host), stdio: ['ignore', 'pipe', 'pipe'] });
    };
    const cli = (host: Host, args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = blattwerk(host, args);
        let out = '';
        let err = '';
        child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
        child.once('exit', (code) =>
          code === 0
            ? resolve(out)
            : reject(new Error(`blattwerk ${args.join(' ')} on ${host.name}: ${code}\n${out}${err}`)),
        );
      });
    const addWeb = async () => {
      const host = network.addHost(`web${++webs}`);
      const web = supervise(host, blattwerk(host, ['serve', '--no-worker']), `http://${host.address}:${WEB_PORT}`);
      children.push(web);
      await until('a web host', async () => (await fetch(`${web.url}/robots.txt`)).ok, 90_000, web.log);
      return web;
    };
    const addWorker = async () => {
      const host = network.addHost(`worker${++workers}`);
      const worker = supervise(host, blattwerk(host, ['worker']), '');
      children.push(worker);
      await until('a worker', () => Promise.resolve(/worker runs jobs/.test(worker.log())), 90_000, worker.log);
      return worker;
    };
    // One command first migrates the new database, so the web processes start on a migrated one (no demo).
    await cli(network.addHost('setup'), ['site', 'set', 'name=Blattwerk Mehrhost']);
    store = await openStore({ databaseUrl, dataDir: join(dir, 'test'), migrations: MIGRATIONS });
    const started = await Promise.all(Array.from({ length: options.webs }, addWeb));
    const varnish = edgeHost && (await startVarnish(edgeHost, dir, started, subnet));
    if (varnish) children.push(varnish);
    const site: Site = {
      network,
      db,
      store,
      s3,
      push,
      webs: started,
      workers: await Promise.all(Array.from({ length: options.workers }, addWorker)),
      edge: varnish?.url,
      cli,
      addWeb,
      addWorker,
      stop,
    };
    return site;
  } catch (err) {
    await stop();
    throw err;
  }
}
