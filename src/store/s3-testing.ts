// A local S3 server for tests: s3rver, a stand-in that speaks the S3 API (real S3 cannot run here), started as
// its own process on a free port with a fresh bucket, so the S3 FileStore talks HTTP to a real server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Location } from './files-s3.ts';

export interface S3Stand {
  /** The bucket's location, as BLATTWERK_S3_URL would give it. */
  at: S3Location;
  url: string;
  stop(): Promise<void>;
}

/** Where the stand-in runs: its listen address, and a wrapper for its command (another host's network namespace). */
export interface S3StandPlace {
  address?: string;
  wrap?: (command: string, args: string[]) => [string, string[]];
}

export async function startS3Stand(bucket = 'blattwerk', place: S3StandPlace = {}): Promise<S3Stand> {
  const address = place.address ?? '127.0.0.1';
  const dir = await mkdtemp(join(tmpdir(), 'blattwerk-s3rver-'));
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const s3rver = [bin, '-d', dir, '-a', address, '-p', '0', '--no-vhost-buckets'];
  const [command, args] = place.wrap?.(process.execPath, s3rver) ?? [process.execPath, s3rver];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await listening(child);
  const at: S3Location = {
    endpoint: `http://${address}:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    prefix: '',
    virtualHosted: false,
  };
  const client = new S3Client({ endpoint: at.endpoint, region: at.region, forcePathStyle: true, credentials: at });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    at,
    url: `http://S3RVER:S3RVER@${address}:${port}/${bucket}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill();
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The port s3rver prints once it listens ("S3rver listening on 127.0.0.1:PORT"). */
function listening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`s3rver did not start: ${out}`)), 20_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening on [\d.]+:(\d+)/i.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout?.off('data', read);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(port));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`s3rver exited (${code}): ${out}`)));
  });
}
