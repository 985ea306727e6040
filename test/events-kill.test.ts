// Processes killed with SIGKILL around an article save: whatever the moment, after a restart and a drain every
// saved article has its audio job, its recognition and its fan-out, once each.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { openApp, startAppWorker, type OpenedApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { getAudio } from '../src/speech/store.ts';
import { listJobs, startWorker, type JobHandlers } from '../src/store/jobs.ts';
import { DIALECTS, type TestDatabase } from '../src/store/testing.ts';
import { BIN } from './support.ts';

/** 30 kills in all, half on each database: enough to land across the whole import, in about a minute. */
const TRIALS = 15;
const ARTICLES = 50;
const LEASE_MS = 1000;

for (const dialect of DIALECTS) {
  describe(`article events across kill -9 (${dialect.name})`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    let app: OpenedApp;
    const children = new Set<ChildProcess>();
    before(async () => {
      testDb = await dialect.create();
      env = {
        BLATTWERK_DATA: testDb.dataDir,
        BLATTWERK_JOB_LEASE_MS: String(LEASE_MS),
        ...(testDb.databaseUrl
          ? { DATABASE_URL: `${testDb.databaseUrl}?options=${encodeURIComponent(`-c search_path=${testDb.pgSchema}`)}` }
          : {}),
      };
      app = await openApp(loadConfig({ port: '0' }, env));
    });
    after(async () => {
      for (const c of children) c.kill('SIGKILL');
      await app.close();
      await testDb.cleanup();
    });

    /** Starts a child; `lines` gets each line of its stdout. */
    function start(args: string[], childEnv: Record<string, string>, lines: (line: string) => void) {
      // The child's database is the one in childEnv, never one from the environment the tests run in.
      const parent = { ...process.env };
      delete parent.DATABASE_URL;
      const child = spawn(process.execPath, args, {
        env: { ...parent, ...childEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const stderr: string[] = [];
      createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
      createInterface({ input: child.stdout }).on('line', lines);
      return {
        exited,
        stderr,
        async kill() {
          child.kill('SIGKILL');
          await exited;
          children.delete(child);
        },
      };
    }

    /** Every saved article's handlers ran once, its audio is queued and its fan-out done. */
    async function assertEveryArticleHandled(): Promise<number> {
      const articles = await app.db.selectFrom('articles').select(['id', 'slug']).execute();
      const jobs = await listJobs(app.db);
      const audio = new Map(
        (await app.db.selectFrom('article_audio').select(['article_id', 'state', 'text_hash']).execute()).map((r) => [
          r.article_id,
          r,
        ]),
      );
      const recognised = new Set(
        (
          await app.db.selectFrom('article_entities').select('article_id').where('entity_id', '=', 'berlin').execute()
        ).map((r) => r.article_id),
      );
      const byArticle = new Map<
        string,
        { name: string; state: string; key: string | null; handler?: string; textHash?: string }[]
      >();
      for (const j of jobs) {
        const p = j.payload as {
          articleId?: string;
          event?: { articleId: string };
          handler?: string;
          textHash?: string;
        };
        const id = p.articleId ?? p.event?.articleId;
        if (!id) continue;
        const list = byArticle.get(id) ?? [];
        list.push({
          name: j.name,
          state: j.state,
          key: j.idempotencyKey,
          ...(p.handler ? { handler: p.handler } : {}),
          ...(p.textHash ? { textHash: p.textHash } : {}),
        });
        byArticle.set(id, list);
      }
      for (const a of articles) {
        const own = byArticle.get(a.id) ?? [];
        const events = own.filter((j) => j.name === 'article.event');
        assert.deepEqual(
          events.map((j) => j.handler).sort(),
          // Every handler that hears a publication (a correction's handler does not).
          Object.entries(app.articleEvents)
            .filter(([, h]) => h.on.includes('article.published'))
            .map(([name]) => name)
            .sort(),
          `${a.slug}: one job per handler`,
        );
        assert.ok(
          events.every((j) => j.state === 'done'),
          `${a.slug}: handlers done`,
        );
        const generate = own.filter((j) => j.name === 'speech.generate');
        assert.equal(generate.length, 1, `${a.slug}: one audio job`);
        const record = audio.get(a.id);
        assert.ok(record && ['pending', 'ready'].includes(record.state), `${a.slug}: audio on its way`);
        assert.equal(generate[0]!.textHash, record.text_hash);
        assert.ok(recognised.has(a.id), `${a.slug}: recognised`);
        assert.deepEqual(
          own.filter((j) => j.name === 'follow.fanout').map((j) => [j.state, j.key]),
          [['done', `follow.fanout:${a.id}`]],
          `${a.slug}: one fan-out, done`,
        );
      }
      return articles.length;
    }

    /** Runs what is runnable until nothing is left; a killed process's claims come free when their lease ends. */
    async function drainAll(handlers: JobHandlers, left: () => Promise<number>) {
      const worker = startWorker(app.db, { handlers, leaseMs: LEASE_MS, concurrency: 4 }, false);
      const deadline = Date.now() + 60_000;
      for (;;) {
        await worker.drain();
        if ((await left()) === 0) return;
        if (Date.now() > deadline) throw new Error(`jobs still waiting after a minute: ${await left()}`);
        await sleep(100);
      }
    }

    /** Everything but synthesis: the audio job only has to exist, so espeak need not speak 1,500 articles. */
    function handlersButSynthesis(): JobHandlers {
      const all = app.jobs();
      delete all['speech.generate'];
      return all;
    }
    const unfinished = async () =>
      (await listJobs(app.db, { state: ['queued', 'running'] })).filter((j) => j.name !== 'speech.generate').length;

    it('finishes a handler whose process was killed in it, after the save committed', async () => {
      const dir = join(testDb.dataDir, 'one');
      await mkdir(dir);
      const file = join(dir, 'treffen.txt');
      const today = new Date().toISOString().slice(0, 10);
      await writeFile(file, `date ${today}\ntitle: Treffen in Berlin\n\nIn Berlin trafen sich viele Menschen.\n`);
      let saved = '';
      let handling: () => void = () => {};
      const inHandler = new Promise<void>((resolve) => (handling = resolve));
      const child = start(
        [new URL('./events-child.ts', import.meta.url).pathname],
        { BW_TEST_CHILD: JSON.stringify({ env, pgSchema: testDb.pgSchema, file }) },
        (line) => {
          if (line.startsWith('saved ')) saved = line.slice(6);
          if (line === 'handling') handling();
        },
      );
      await Promise.race([
        inHandler,
        child.exited.then(() => {
          throw new Error(`the child ended before its handler ran:\n${child.stderr.join('\n')}`);
        }),
      ]);
      await child.kill();
      assert.ok(saved, 'the child saved before it was killed');
      const stuck = await listJobs(app.db, { name: 'article.event' });
      assert.ok(
        stuck.some((j) => j.state === 'running' && (j.payload as { handler: string }).handler === 'follow.recognize'),
        'the kill came in the middle of the recognition handler',
      );

      await drainAll({ ...handlersButSynthesis() }, unfinished);
      assert.equal(await assertEveryArticleHandled(), 1);
      // And the audio itself, made once from that one job.
      await startAppWorker(app, false).drain();
      const audio = await getAudio(app.db, saved);
      assert.equal(audio?.state, 'ready');
      assert.deepEqual(await readdir(join(testDb.dataDir, 'files', 'audio', saved)), [`${audio.textHash}.mp3`]);
    });

    it(`leaves no saved article without its jobs when an import of ${ARTICLES} is killed at random moments (${TRIALS} trials here)`, async (t) => {
      const today = new Date().toISOString().slice(0, 10);
      const src = await mkdtemp(join(tmpdir(), 'blattwerk-kill-'));
      const moments: number[] = [];
      try {
        for (let trial = 0; trial < TRIALS; trial++) {
          const dir = join(src, `t${trial}`);
          await mkdir(dir);
          for (let i = 0; i < ARTICLES; i++) {
            await writeFile(
              join(dir, `t${trial}-m${i}.txt`),
              `date ${today}\ntitle: Meldung ${trial}-${i} aus Berlin\n\nIn Berlin trafen sich ${i + 2} Menschen. Es regnete.\n`,
            );
          }
          // Kill after a random number of saved lines (0 = during start-up), a random few milliseconds later.
          const after = Math.floor(Math.random() * (ARTICLES + 1));
          const printed: string[] = [];
          let reached: () => void = () => {};
          const enough = new Promise<void>((resolve) => (reached = resolve));
          if (after === 0) reached();
          const child = start([BIN, 'import', dir], env, (line) => {
            printed.push(line);
            if (printed.length >= after) reached();
          });
          await Promise.race([enough, child.exited]);
          await sleep(Math.random() * 20);
          await child.kill();
          moments.push(printed.length);

          for (const line of printed) {
            assert.match(line, /^\/artikel\/meldung-[\d-]+-aus-berlin$/, `the import printed only saves: ${line}`);
            const slug = line.slice('/artikel/'.length);
            const row = await app.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
            assert.ok(row, `${slug} was printed as saved, so it is saved`);
          }
          await drainAll(handlersButSynthesis(), unfinished);
          await assertEveryArticleHandled();
        }
      } finally {
        await rm(src, { recursive: true, force: true });
      }
      const articles = await app.db.selectFrom('articles').select('id').execute();
      // Saves printed before each kill, to show the kills fell across the whole import (read in the test log).
      t.diagnostic(`kills after ${moments.join(', ')} printed saves; ${articles.length} articles saved`);
      assert.ok(
        moments.some((m) => m > 0 && m < ARTICLES),
        'some kills fell in the middle of an import',
      );
    });
  });
}
