// The restart case: the delivery worker runs in a child process, is killed with SIGKILL in the middle of an
// article's fan-out, and is started again. Every reader must end up with exactly one notification.
//
// What "exactly one" means at a push service: a message re-sent after a crash (sent, but the kill came before
// it was recorded) carries the same Topic, and a push service keeps one message per subscription and Topic
// (RFC 8030 §5.4), so the reader is shown one. The stand-in push service counts both: the notifications a
// reader ends up with (one per subscription and Topic, asserted to be exactly one) and the raw requests (at
// least one; more only for the few readers in flight at the kill, which the test reports and bounds).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { parsePublicationDate, saveArticle } from '../../article/index.ts';
import { loadConfig } from '../../config.ts';
import { listJobs } from '../../store/jobs.ts';
import { DIALECTS } from '../../store/testing.ts';
import { queueFanout } from './fanout.ts';
import { closeDelivery } from './runtime.ts';
import { browserKeys, startPushService } from './test-push-service.ts';
import { openDeliveryApp } from './testing.ts';

const READERS = 2000;
/** Small batches make the fan-out itself long enough to be killed in the middle of it. */
const FANOUT_BATCH = 5;
const LEASE_MS = 1500;
/** Readers that can be in flight or answered-but-unrecorded at one kill: two jobs' lanes and flushes. */
const IN_FLIGHT_BOUND = 2 * (64 + 250);

for (const dialect of DIALECTS) {
  describe(`delivery across a killed worker (${dialect.name})`, () => {
    it('gives every reader exactly one notification after SIGKILL mid-fan-out and a restart', async (t) => {
      const service = await startPushService();
      const testDb = await dialect.create();
      const app = await openDeliveryApp(
        loadConfig(
          { port: '0' },
          {
            BLATTWERK_DATA: testDb.dataDir,
            // The lease of the jobs this process sends (pg-boss keeps it per job).
            BLATTWERK_JOB_LEASE_MS: String(LEASE_MS),
            ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}),
          },
        ),
        testDb.pgSchema,
      );
      const children: ChildProcess[] = [];
      const logs: string[] = [];
      try {
        // Readers in bulk: followers, one follow each, one device each (a few key pairs shared; encryption
        // still makes a new key per message).
        const keys = Array.from({ length: 8 }, () => browserKeys());
        const now = new Date().toISOString();
        const ids = Array.from({ length: READERS }, () => randomBytes(16).toString('hex'));
        for (let i = 0; i < READERS; i += 500) {
          const chunk = ids.slice(i, i + 500);
          await app.db
            .insertInto('followers')
            .values(
              chunk.map((id) => ({
                id,
                token_hash: randomBytes(32).toString('hex'),
                created_at: now,
                last_seen_at: now,
              })),
            )
            .execute();
          await app.db
            .insertInto('follows')
            .values(chunk.map((id) => ({ follower_id: id, item: 'topic:ukraine', created_at: now })))
            .execute();
          await app.db
            .insertInto('push_subscriptions')
            .values(
              chunk.map((id, j) => ({
                id: randomUUID(),
                follower_id: id,
                endpoint: service.endpoint(id),
                ...pick(keys, i + j),
                created_at: now,
                failures: 0,
                last_error: null,
              })),
            )
            .execute();
        }
        const published = parsePublicationDate(now.slice(0, 10));
        if (typeof published === 'string') throw new Error(published);
        const { article } = await saveArticle(
          app.db,
          {
            headline: 'Neustart',
            lead: 'Vorspann.',
            body: [],
            authors: [],
            topics: ['Ukraine'],
            language: 'de',
            published,
            status: 'published',
          },
          { by: 'test' },
        );
        await queueFanout(app, article);

        const caFile = join(testDb.dataDir, 'push-ca.pem');
        writeFileSync(caFile, service.ca);
        const settings = JSON.stringify({
          dataDir: testDb.dataDir,
          databaseUrl: testDb.databaseUrl,
          pgSchema: testDb.pgSchema,
          caFile,
          leaseMs: LEASE_MS,
          fanoutBatch: FANOUT_BATCH,
        });
        const startChild = async () => {
          const child = spawn(process.execPath, [new URL('./test-worker-process.ts', import.meta.url).pathname], {
            env: { ...process.env, BW_TEST_WORKER: settings },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          children.push(child);
          createInterface({ input: child.stderr }).on('line', (l) => logs.push(l));
          await new Promise<void>((resolve, reject) => {
            child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${logs.join('\n')}`)));
            createInterface({ input: child.stdout }).on('line', (l) => l === 'ready' && resolve());
          });
          return child;
        };
        const until = async (what: string, ok: () => boolean | Promise<boolean>, ms: number) => {
          const deadline = Date.now() + ms;
          while (!(await ok())) {
            if (Date.now() > deadline)
              throw new Error(`timed out waiting for ${what}; worker log:\n${logs.join('\n')}`);
            await sleep(2);
          }
        };

        const kill = async (child: ChildProcess) => {
          child.removeAllListeners('exit');
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGKILL');
          await exited;
        };
        const progress = async () => {
          const f = await app.db.selectFrom('fanouts').selectAll().executeTakeFirstOrThrow();
          return `${service.received.length} notifications sent, fan-out at ${f.readers} of ${READERS} readers${f.finished_at ? ' (finished)' : ''}`;
        };
        // First kill: while the fan-out is still writing batches.
        const fanned = async () =>
          (await app.db.selectFrom('fanouts').select('readers').executeTakeFirst())?.readers ?? 0;
        const first = await startChild();
        await until('the fan-out to be under way', async () => (await fanned()) >= 100, 60_000);
        await kill(first);
        t.diagnostic(`first kill: ${await progress()}`);
        const afterFirst = await app.db.selectFrom('fanouts').selectAll().executeTakeFirstOrThrow();
        assert.equal(afterFirst.finished_at, null, 'the first kill came in the middle of the fan-out');
        // Second kill: halfway through sending.
        const middle = await startChild();
        await until('half of the notifications', () => service.received.length >= READERS / 2, 60_000);
        await kill(middle);
        t.diagnostic(`second kill: ${await progress()}`);
        assert.ok(service.received.length < READERS, 'the second kill came before everyone was notified');

        const last = await startChild();
        await until(
          'every delivery to be recorded',
          async () => {
            const open = await listJobs(app.db, { state: ['queued', 'running'] });
            const pending = await app.db
              .selectFrom('deliveries')
              .select('follower_id')
              .where('state', '=', 'pending')
              .limit(1)
              .execute();
            const fanned = await app.db.selectFrom('fanouts').select('finished_at').executeTakeFirstOrThrow();
            return open.length === 0 && pending.length === 0 && fanned.finished_at !== null;
          },
          60_000,
        );
        last.removeAllListeners('exit');
        const stopped = new Promise((r) => last.once('exit', r));
        last.kill('SIGTERM');
        await stopped;

        const raw = new Map<string, number>();
        const shown = new Map<string, Set<string>>();
        for (const r of service.received) {
          raw.set(r.name, (raw.get(r.name) ?? 0) + 1);
          const topics = shown.get(r.name) ?? new Set<string>();
          topics.add(String(r.headers.topic));
          shown.set(r.name, topics);
        }
        const missing = ids.filter((id) => !raw.has(id));
        assert.deepEqual(missing, [], 'nobody is left out');
        const notExactlyOne = ids.filter((id) => shown.get(id)!.size !== 1);
        assert.deepEqual(notExactlyOne, [], 'every reader is shown exactly one notification');
        const resent = ids.filter((id) => raw.get(id)! > 1);
        t.diagnostic(
          `${resent.length} readers' messages were re-sent after a kill (same Topic, collapsed); ${READERS - resent.length} got exactly one request`,
        );
        assert.ok(
          resent.length <= 2 * IN_FLIGHT_BOUND,
          `re-sends stay within what can be in flight at two kills (${resent.length})`,
        );
        assert.ok(
          ids.every((id) => raw.get(id)! <= 3),
          'no more copies than kills plus one',
        );
        const states = await app.db.selectFrom('deliveries').select('state').execute();
        assert.equal(states.length, READERS);
        assert.ok(states.every((s) => s.state === 'sent'));
      } finally {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
        closeDelivery(app.delivery);
        await app.store.close();
        await testDb.cleanup();
        await service.close();
      }
    });
  });
}

function pick(keys: { p256dh: string; auth: string }[], i: number): { p256dh: string; auth: string } {
  const k = keys[i % keys.length]!;
  return { p256dh: k.p256dh, auth: k.auth };
}
