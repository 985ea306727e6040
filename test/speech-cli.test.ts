// Vorlesen from the operator's side: the speech commands and a worker process killed in the middle of a job.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { getAudio } from '../src/speech/store.ts';
import { listJobs } from '../src/store/jobs.ts';
import { BIN, blattwerk, SEED_FILE } from './support.ts';

describe('speech commands', () => {
  let dir: string;
  let data: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blattwerk-speech-cli-'));
    data = join(dir, 'data');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints the text as it will be spoken, one sentence a line, with the lexicon applied', async () => {
    const file = join(dir, 'kurz.md');
    await writeFile(
      file,
      '---\nheadline: Selenskyj in Paris\ndate: 2025-03-27\n---\n\nAm 3. März trafen sich 31 Länder. Die US-Regierung schwieg.\n',
    );
    const before = await blattwerk(['speech', 'text', '--data', data, file]);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stderr, /engine: espeak-ng/);
    assert.deepEqual(before.stdout.trim().split('\n'), [
      'Selenskyj in Paris',
      'Am dritten März trafen sich einunddreißig Länder.',
      'Die U S Regierung schwieg.',
    ]);
    assert.equal((await blattwerk(['speech', 'lexicon', 'add', '--data', data, 'Selenskyj', 'Selenski'])).code, 0);
    assert.equal(
      (await blattwerk(['speech', 'text', '--data', data, file])).stdout.split('\n')[0],
      'Selenski in Paris',
    );
    assert.equal((await blattwerk(['speech', 'lexicon', 'list', '--data', data])).stdout, 'Selenskyj\tSelenski\n');
  });

  it('refuses lexicon entries with markup and unknown words to remove, naming them', async () => {
    const markup = await blattwerk(['speech', 'lexicon', 'add', '--data', data, 'Macron', '<phoneme>ma</phoneme>']);
    assert.equal(markup.code, 1);
    assert.match(markup.stderr, /lexicon entry "Macron".*markup/);
    const missing = await blattwerk(['speech', 'lexicon', 'remove', '--data', data, 'Witkoff']);
    assert.match(missing.stderr, /"Witkoff" is not in the lexicon/);
    assert.equal((await blattwerk(['speech', 'lexicon', 'remove', '--data', data, 'Selenskyj'])).code, 0);
    assert.equal((await blattwerk(['speech', 'lexicon', 'list', '--data', data])).stdout, '');
  });

  it('backfills missing audio and reports what it did', async () => {
    assert.equal((await blattwerk(['import', '--data', data, fileURLToPath(SEED_FILE)])).code, 0);
    const result = await blattwerk(['speech', 'backfill', '--data', data]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\/artikel\/in-paris-trifft-sich-die-koalition-der-willigen: generated$/m);
    assert.match(result.stderr, /1 generated/);
    assert.match((await blattwerk(['speech', 'backfill', '--data', data])).stderr, /1 unchanged/);
  });
});

describe('a worker killed in the middle of a job', () => {
  let dir: string;
  let worker: ChildProcess | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blattwerk-kill-'));
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('completes the job exactly once after a restart', async () => {
    const data = join(dir, 'data');
    // A long article, so that synthesis is surely under way when the worker dies (wasm espeak: slow on purpose).
    const paragraph =
      'Die Koalition der Willigen beriet in Paris über die Unterstützung der Ukraine und über einen dauerhaften Frieden. ';
    await writeFile(
      join(dir, 'lang.md'),
      `---\nid: lang\nheadline: Ein langer Text\ndate: 2025-03-27\n---\n\n${paragraph.repeat(150)}\n`,
    );
    assert.equal((await blattwerk(['import', '--data', data, join(dir, 'lang.md')])).code, 0);
    const env = { ...process.env, BLATTWERK_JOB_LEASE_MS: '1500', BLATTWERK_ESPEAK: 'wasm' };
    const app = await openApp(loadConfig({ data }, env));
    try {
      // The import queued the article's event; the worker's audio handler queues the synthesis job.
      const jobState = async () =>
        (await listJobs(app.db, { name: 'speech.generate' }))[0] ?? { state: 'not queued yet', attempts: 0 };
      const start = () => spawn(process.execPath, [BIN, 'worker', '--data', data], { env, stdio: 'ignore' });
      worker = start();
      // Up to a minute: a worker process starts in seconds, more on a busy machine.
      for (let i = 0; i < 2400 && (await jobState()).state !== 'running'; i++)
        await new Promise((r) => setTimeout(r, 25));
      assert.equal((await jobState()).state, 'running', 'the job was claimed');
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      const killed = await jobState();
      assert.equal(killed.state, 'running', 'killed mid-job: the job is still claimed by the dead worker');
      const article = await app.db.selectFrom('articles').select('id').executeTakeFirstOrThrow();
      assert.notEqual((await getAudio(app.db, article.id))?.state, 'ready');

      worker = start();
      for (let i = 0; i < 600 && (await jobState()).state !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
      worker.kill('SIGTERM');
      const done = await jobState();
      assert.equal(done.state, 'done');
      assert.equal(done.attempts, 2, 'taken over once, after the lease ran out');
      const audio = (await getAudio(app.db, article.id))!;
      assert.equal(audio.state, 'ready');
      const files = await readdir(join(data, 'files', 'audio', article.id));
      assert.deepEqual(files, [`${audio.textHash}.mp3`], 'one audio file, no half-written leftovers');
      assert.equal((await listJobs(app.db, { name: 'speech.generate' })).length, 1, 'one job, run to completion once');
    } finally {
      await app.close();
    }
  });
});
