// Two web processes on one PostgreSQL database and one S3 bucket, each with its own data directory, as two
// machines would be: what one stores, the other serves, and neither writes files to its own disk.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { s3Files } from '../src/store/files-s3.ts';
import { startS3Stand, type S3Stand } from '../src/store/s3-testing.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

// PostgreSQL only: two processes on one SQLite file is not a deployment we offer.
for (const postgres of DIALECTS.filter((d) => d.name === 'postgres'))
  describe('stored files in S3 (s3rver, a local stand-in for S3), served by another process', () => {
    let stand: S3Stand;
    let one: RunningApp;
    let other: RunningApp;
    let otherDir: string;
    before(async () => {
      stand = await startS3Stand();
      const env = { BLATTWERK_S3_URL: stand.url };
      one = await startTestApp(postgres, { demo: true, env });
      otherDir = await mkdtemp(join(tmpdir(), 'blattwerk-other-host-'));
      other = await startTestApp(postgres, { database: { ...one.testDb, dataDir: otherDir }, env });
    });
    after(async () => {
      await other?.stop();
      await one?.stop();
      await rm(otherDir, { recursive: true, force: true });
      await stand?.stop();
    });

    it('serves the images one process stored from the other, and keeps none on either disk', async () => {
      const front = await (await fetch(`${other.baseUrl}/`)).text();
      const src = /<img[^>]+src="(\/bilder\/[^"]+)"/.exec(front)?.[1];
      assert.ok(src, 'the front page shows an image');
      const image = await fetch(new URL(src, other.baseUrl));
      assert.equal(image.status, 200);
      assert.match(image.headers.get('content-type') ?? '', /^image\//);
      assert.ok((await image.arrayBuffer()).byteLength > 500);
      const keys = await s3Files(stand.at).keys();
      assert.ok(
        keys.some((k) => k.startsWith('images/')),
        'the image is in the bucket',
      );
      assert.equal(existsSync(join(one.dataDir, 'files')), false, 'nothing written to the first host');
      assert.equal(existsSync(join(otherDir, 'files')), false, 'nothing written to the second host');
    });
  });
