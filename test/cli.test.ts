// The `blattwerk` command as an operator runs it: a real child process, real files, real ports.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BIN, blattwerk } from './support.ts';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('blattwerk command', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blattwerk-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('lists its commands', async () => {
    const { code, stdout } = await blattwerk(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /serve \[--port N\] \[--data DIR\]/);
    assert.match(stdout, /import \[--data DIR\]/);
  });

  it('refuses an unknown command or flag with usage exit code 2', async () => {
    assert.equal((await blattwerk(['publish'])).code, 2);
    const bad = await blattwerk(['import', '--colour', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /blattwerk import: .*--colour/);
    assert.match(
      (await blattwerk(['import', '--data', join(dir, 'd0')])).stderr,
      /import needs at least one file or folder/,
    );
  });

  it('imports, printing one line per file, and exits non-zero when one failed', async () => {
    const src = join(dir, 'src');
    await mkdir(src);
    await writeFile(join(src, 'a.txt'), 'date 2025-03\ntitle: Erste Meldung\n\nVorspann.\n');
    await writeFile(join(src, 'b.txt'), 'date 2025-13\n\nVorspann.\n');
    const data = join(dir, 'data');
    const first = await blattwerk(['import', '--data', data, src]);
    assert.equal(first.code, 1);
    assert.deepEqual(first.stdout.trim().split('\n'), [
      '/artikel/erste-meldung',
      `${join(src, 'b.txt')}: error: date "2025-13" has no month 13`,
    ]);
    assert.match(first.stderr, /1 imported, 1 failed/);
    assert.doesNotMatch(first.stderr, /\[#/, 'no progress bar when not on a terminal');
    assert.ok(existsSync(join(data, 'blattwerk.db')));
    const again = await blattwerk(['import', '--data', data, join(src, 'a.txt')]);
    assert.equal(again.code, 0);
    assert.equal(again.stdout.trim(), '/artikel/erste-meldung (unchanged)');
  });

  it('draws a progress bar on a terminal for more than a few files', async () => {
    const src = join(dir, 'many');
    await mkdir(src);
    for (let n = 1; n <= 5; n++)
      await writeFile(join(src, `${n}.txt`), `date 2025-03\ntitle: Meldung Nummer ${n}\n\nVorspann.\n`);
    // util-linux `script` gives the command a pseudo-terminal, as an editor's shell would.
    const { stdout } = await run('script', [
      '-qec',
      `${process.execPath} ${BIN} import --data ${join(dir, 'tty-data')} ${src}`,
      '/dev/null',
    ]);
    assert.match(stdout, /\[#{30}\] 5\/5/);
    assert.match(stdout, /\/artikel\/meldung-nummer-5/);
  });

  it('serves a new data directory with the demo articles and sees imports by another process; --port wins over PORT', async () => {
    const port = await freePort();
    const data = join(dir, 'served');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data', data], {
      env: { ...process.env, PORT: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => log.includes('serves http') && (clearInterval(timer), resolve()), 50);
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${log}`)));
      });
      const front = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      assert.match(front, /Drei Kandidaten wollen ins Auenstädter Rathaus/);
      assert.match(log, /imported 15 demo articles/);
      // Another process imports into the same database: the server's page cache notices within about a second.
      const late = join(dir, 'late.txt');
      await writeFile(late, 'date 2025-12\ntitle: Nachgereichte Meldung aus einem anderen Prozess\n\nVorspann.\n');
      assert.equal((await blattwerk(['import', '--data', data, late])).code, 0);
      let seen = false;
      for (let i = 0; i < 40 && !seen; i++) {
        seen = (await (await fetch(`http://127.0.0.1:${port}/`)).text()).includes(
          'Nachgereichte Meldung aus einem anderen Prozess',
        );
        if (!seen) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(seen, 'the front page shows the article imported by another process');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    assert.match(log, /shutting down/);
  });

  it('serves from several processes on one port, replaces one that dies, and runs jobs only where asked', async () => {
    const port = await freePort();
    const data = join(dir, 'processes');
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', String(port), '--data', data, '--processes', '2', '--no-worker'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const webPids = () => [...log.matchAll(/, process (\d+)\)/g)].map((m) => Number(m[1]));
    const until = (what: string, ok: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => ok() && (clearInterval(timer), resolve()), 50);
        const deadline = setTimeout(() => (clearInterval(timer), reject(new Error(`${what}: ${log}`))), 60_000);
        timer.unref();
        deadline.unref();
      });
    try {
      await until('two web processes', () => webPids().length === 2);
      assert.match(log, /runs 2 web processes \(sqlite\)/, 'no jobs in the primary with --no-worker');
      assert.match(log, /imported 15 demo articles/);
      assert.equal(log.match(/imported \d+ demo articles/g)?.length, 1, 'the demo comes in once');
      for (let i = 0; i < 4; i++) assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
      const [first] = webPids();
      process.kill(first!, 'SIGKILL');
      await until('a third web process', () => webPids().length === 3);
      assert.match(log, new RegExp(`web process ${first} ended \\(SIGKILL\\); starting another`));
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    assert.match(log, /shutting down/);
  });

  it('names bad process and worker counts', async () => {
    const serve = await blattwerk(['serve', '--processes', '0', '--data', join(dir, 'p0')]);
    assert.equal(serve.code, 2);
    assert.match(serve.stderr, /--processes "0" must be a whole number from 1 to 64/);
    const worker = await blattwerk(['worker', '--concurrency', 'zwei', '--data', join(dir, 'p0')]);
    assert.equal(worker.code, 2);
    assert.match(worker.stderr, /--concurrency "zwei" must be a whole number from 1 to 64/);
  });

  it('names a bad port', async () => {
    const { code, stderr } = await blattwerk(['serve', '--port', 'drei', '--data', join(dir, 'p')]);
    assert.equal(code, 1);
    assert.match(stderr, /port "drei" must be a number/);
  });
});
