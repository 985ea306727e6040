// The two servers the benchmark compares, each in its own process: Blattwerk as users run it, and nginx serving
// the very same compressed bytes as a static file, the ceiling a dynamic page can be held against.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The bytes on the wire: still compressed when the server compressed them. */
  body: Buffer;
}

/** A GET that leaves the body as sent (fetch would decompress it). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `taskset -c CPUS cmd args` when pinning (taskset execs, so the pid stays the command's), else the command as is. */
export function pinned(cpus: string | undefined, cmd: string, args: string[]): [string, string[]] {
  return cpus === undefined ? [cmd, args] : ['taskset', ['-c', cpus, cmd, ...args]];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  process: ChildProcess;
  /** Last lines the process wrote to stderr, for error messages. */
  log(): string;
  stop(): Promise<void>;
}

function supervise(child: ChildProcess, url: string, stopSignal: NodeJS.Signals): Running {
  const lines: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    lines.push(...s.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 20));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    process: child,
    log: () => lines.join('\n'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(stopSignal);
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

async function waitUntilServing(running: Running, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (running.process.exitCode !== null)
      throw new Error(`bench: ${name} exited (${running.process.exitCode}):\n${running.log()}`);
    try {
      if ((await rawGet(running.url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  await running.stop();
  throw new Error(`bench: ${name} did not answer on ${running.url} within 10 s:\n${running.log()}`);
}

/** `node bin/blattwerk.js serve` in a child process; extra Node flags (e.g. --cpu-prof) go before the script. */
export async function startBlattwerk(
  root: string,
  dataDir: string,
  nodeFlags: string[],
  cpus: string | undefined,
  env: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  const [cmd, args] = pinned(cpus, process.execPath, [
    ...nodeFlags,
    join(root, 'bin/blattwerk.js'),
    'serve',
    '--port',
    String(port),
    '--data',
    dataDir,
  ]);
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...env,
      HOST: '127.0.0.1',
      BLATTWERK_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: '',
    },
  });
  const running = supervise(child, `http://127.0.0.1:${port}`, 'SIGTERM');
  await waitUntilServing(running, 'Blattwerk');
  return running;
}

/** Headers nginx writes itself: copying them would send them twice. */
const NGINX_OWN = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'content-encoding',
  'content-type',
  'etag',
  'transfer-encoding',
  'last-modified',
  'server',
]);

/**
 * nginx with one worker (Blattwerk is one Node process: one core against one core), serving `gzipped` through
 * gzip_static with the same content type and the same extra headers Blattwerk sent.
 */
export async function startNginx(
  dir: string,
  gzipped: Buffer,
  plain: Buffer,
  headers: Record<string, string>,
  cpus: string | undefined,
): Promise<Running> {
  const nginx = findNginx();
  const port = await freePort();
  const www = join(dir, 'www');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, 'article'), plain);
  writeFileSync(join(www, 'article.gz'), gzipped);
  // nginx workers drop to an unprivileged user when started as root: they must be able to read the files.
  for (const d of [dir, www]) chmodSync(d, 0o755);
  const extra = Object.entries(headers)
    .filter(([name]) => !NGINX_OWN.has(name))
    .map(([name, value]) => {
      if (/["\\$]/.test(value))
        throw new Error(`bench: header ${name} has characters this nginx config does not escape`);
      return `      add_header ${name} "${value}" always;`;
    });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location = /article {
      default_type "${headers['content-type'] ?? 'text/html; charset=utf-8'}";
      gzip_static on;
${extra.join('\n')}
    }
  }
}
`,
  );
  const child = spawn(...pinned(cpus, nginx, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf]), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // SIGQUIT is nginx's graceful shutdown.
  const running = supervise(child, `http://127.0.0.1:${port}/article`, 'SIGQUIT');
  await waitUntilServing(running, 'nginx');
  return running;
}

function findNginx(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx'])
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  process.stderr.write('bench: nginx is missing; installing Debian nginx (apt-get install -y nginx)…\n');
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { stdio: 'inherit' });
  if (install.status === 0 && spawnSync('/usr/sbin/nginx', ['-v']).status === 0) return '/usr/sbin/nginx';
  throw new Error(
    'bench: nginx is not installed and apt-get could not install it; run `apt-get install nginx` as root and try again',
  );
}

/** Debian's wrk; installed with apt-get when missing. */
export function findWrk(): string {
  if (spawnSync('wrk', ['-v']).error === undefined) return 'wrk';
  process.stderr.write('bench: wrk is missing; installing Debian wrk (apt-get install -y wrk)…\n');
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { stdio: 'inherit' });
  if (install.status === 0) return 'wrk';
  throw new Error(
    'bench: wrk is not installed and apt-get could not install it; run `apt-get install wrk` as root and try again',
  );
}
