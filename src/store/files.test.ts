import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { localFiles, readBytes, type FileStore } from './files.ts';
import { parseS3Url, s3Files } from './files-s3.ts';
import { startS3Stand, type S3Stand } from './s3-testing.ts';

/** What every FileStore does, run against the local folder and against an S3 server. */
function contract(name: string, open: () => Promise<{ files: FileStore; fresh(): FileStore; close(): Promise<void> }>) {
  describe(`${name} file store: the contract`, () => {
    let files: FileStore;
    let store: Awaited<ReturnType<typeof open>>;
    before(async () => {
      store = await open();
      files = store.files;
    });
    after(() => store.close());

    it('writes, sizes, reads ranges, overwrites and removes', async () => {
      await files.put('audio/a/one.mp3', Buffer.from('0123456789'));
      assert.equal(await files.size('audio/a/one.mp3'), 10);
      assert.equal(await text(files.read('audio/a/one.mp3', { start: 2, end: 4 })), '234');
      assert.equal(await text(files.read('audio/a/one.mp3')), '0123456789');
      await files.put('audio/a/one.mp3', Buffer.from('new'));
      assert.equal((await readBytes(files, 'audio/a/one.mp3'))?.toString(), 'new');
      await files.remove('audio/a/one.mp3');
      assert.equal(await files.size('audio/a/one.mp3'), undefined);
      await files.remove('audio/a/one.mp3'); // removing what is gone is no error
    });

    it('a missing file has no size, no bytes, and its stream fails', async () => {
      assert.equal(await files.size('previews/missing.png'), undefined);
      assert.equal(await readBytes(files, 'previews/missing.png'), undefined);
      await assert.rejects(text(files.read('previews/missing.png')));
    });

    it('lists the files of one folder, not of its subfolders', async () => {
      await files.put('previews/a-1.png', Buffer.from('one'));
      await files.put('previews/a-2.png', Buffer.from('two'));
      await files.put('previews/deeper/x.png', Buffer.from('x'));
      assert.deepEqual((await files.list('previews')).sort(), ['a-1.png', 'a-2.png']);
      assert.deepEqual(await files.list('nothing-here'), []);
    });

    it('names every file of every folder, sorted', async () => {
      const own = store.fresh();
      assert.deepEqual(await own.keys(), [], 'a store with nothing yet has no files');
      await own.put('images/originals/abc', Buffer.from('a'));
      await own.put('audio/x/1.mp3', Buffer.from('b'));
      await own.put('top.png', Buffer.from('c'));
      assert.deepEqual(await own.keys(), ['audio/x/1.mp3', 'images/originals/abc', 'top.png']);
    });

    it('refuses keys that leave its folder, and folders too', async () => {
      await assert.rejects(files.put('../escape.mp3', Buffer.from('x')), /leaves the data directory/);
      await assert.rejects(files.put('audio/../../escape.mp3', Buffer.from('x')), /leaves the data directory/);
      await assert.rejects(files.list('../'), /leaves the data directory/);
    });
  });
}

contract('local', async () => {
  const root = await mkdtemp(join(tmpdir(), 'blattwerk-files-'));
  let n = 0;
  return {
    files: localFiles(join(root, 'main')),
    fresh: () => localFiles(join(root, `fresh-${++n}`)),
    close: () => rm(root, { recursive: true, force: true }),
  };
});

contract('S3 (s3rver, a local stand-in for S3)', async () => {
  const stand = await startS3Stand();
  let n = 0;
  return {
    files: s3Files(stand.at),
    // One bucket, several sites: each fresh store has its own prefix and sees none of the others' files.
    fresh: () => s3Files({ ...stand.at, prefix: `site-${++n}/` }),
    close: () => stand.stop(),
  };
});

describe('local file store', () => {
  let root: string;
  let files: FileStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'blattwerk-files-'));
    files = localFiles(root);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('writes where the key says, atomically by rename', async () => {
    await files.put('audio/a/one.mp3', Buffer.from('new'));
    assert.equal(await readFile(join(root, 'audio/a/one.mp3'), 'utf8'), 'new');
  });

  it('leaves nothing half-written when a write fails', async () => {
    // A directory where the file should go makes the final rename fail after the bytes were written.
    await mkdir(join(root, 'audio/b/blocked.mp3'), { recursive: true });
    await assert.rejects(
      files.put('audio/b/blocked.mp3', Buffer.alloc(1000)),
      /files: cannot write audio\/b\/blocked\.mp3/,
    );
    assert.deepEqual(await readdir(join(root, 'audio/b')), ['blocked.mp3'], 'no temp file left behind');
  });

  it('lists and names no temp file of a write in progress', async () => {
    const own = localFiles(join(root, 'keys'));
    await own.put('previews/a-1.png', Buffer.from('one'));
    await writeFile(join(root, 'keys/previews/half.png.1a2b.tmp'), 'half');
    assert.deepEqual(await own.list('previews'), ['a-1.png']);
    assert.deepEqual(await own.keys(), ['previews/a-1.png']);
  });
});

describe('S3 file store (s3rver, a local stand-in for S3)', () => {
  let stand: S3Stand;
  before(async () => (stand = await startS3Stand()));
  after(() => stand.stop());

  it('a write cut off mid-way leaves the previous file whole and nothing half-visible', async () => {
    const files = s3Files(stand.at);
    await files.put('audio/c/cut.mp3', Buffer.from('the previous version'));
    // A proxy that lets the request's first 2 KB through and then drops the connection, as a dying network would.
    const cutting = await cutAfter(2048, stand.at.endpoint);
    try {
      const through = s3Files({ ...stand.at, endpoint: `http://127.0.0.1:${cutting.port}` });
      await assert.rejects(
        through.put('audio/c/cut.mp3', Buffer.alloc(256 * 1024, 1)),
        /files: cannot write audio\/c\/cut\.mp3/,
      );
      await assert.rejects(through.put('audio/c/new.mp3', Buffer.alloc(256 * 1024, 1)), /files: cannot write/);
    } finally {
      cutting.server.close();
    }
    assert.equal((await readBytes(files, 'audio/c/cut.mp3'))?.toString(), 'the previous version');
    assert.equal(await files.size('audio/c/new.mp3'), undefined);
    assert.deepEqual(await files.list('audio/c'), ['cut.mp3']);
  });

  it('reads its location from one URL, and names what is wrong with a bad one', () => {
    assert.deepEqual(
      parseS3Url('https://AK%2F1:s%40cret@s3.example.org/media/site-a/?region=eu-central-1&style=virtual'),
      {
        endpoint: 'https://s3.example.org',
        bucket: 'media',
        region: 'eu-central-1',
        accessKeyId: 'AK/1',
        secretAccessKey: 's@cret',
        prefix: 'site-a/',
        virtualHosted: true,
      },
    );
    assert.throws(() => parseS3Url('s3 bucket'), /BLATTWERK_S3_URL is not a URL/);
    assert.throws(() => parseS3Url('ftp://a:b@host/bucket'), /must start with https:\/\//);
    assert.throws(() => parseS3Url('https://a:b@host/'), /names no bucket/);
    assert.throws(() => parseS3Url('https://host/bucket'), /needs the access key and secret/);
    assert.throws(() => parseS3Url('https://a:b@host/bucket?style=dns'), /style "dns" must be path or virtual/);
  });
});

/** A TCP proxy to `endpoint` that closes each connection once `bytes` of the request have passed. */
async function cutAfter(bytes: number, endpoint: string): Promise<{ server: Server; port: number }> {
  const target = new URL(endpoint);
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    let passed = 0;
    client.on('data', (chunk: Buffer) => {
      passed += chunk.length;
      if (passed > bytes) {
        upstream.write(chunk.subarray(0, chunk.length - (passed - bytes)));
        upstream.destroy();
        client.destroy();
      } else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as { port: number }).port };
}
