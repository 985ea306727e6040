import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { localFiles, readBytes, type FileStore } from './files.ts';

describe('local file store', () => {
  let root: string;
  let files: FileStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'blattwerk-files-'));
    files = localFiles(root);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('writes, sizes, reads ranges and removes', async () => {
    await files.put('audio/a/one.mp3', Buffer.from('0123456789'));
    assert.equal(await files.size('audio/a/one.mp3'), 10);
    assert.equal(await text(files.read('audio/a/one.mp3', { start: 2, end: 4 })), '234');
    assert.equal(await text(files.read('audio/a/one.mp3')), '0123456789');
    await files.put('audio/a/one.mp3', Buffer.from('new'));
    assert.equal(await readFile(join(root, 'audio/a/one.mp3'), 'utf8'), 'new');
    await files.remove('audio/a/one.mp3');
    assert.equal(await files.size('audio/a/one.mp3'), undefined);
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

  it('lists the files of a folder (not its subfolders or temp files) and reads a whole file', async () => {
    await files.put('previews/a-1.png', Buffer.from('one'));
    await files.put('previews/a-2.png', Buffer.from('two'));
    await files.put('previews/deeper/x.png', Buffer.from('x'));
    await writeFile(join(root, 'previews/half.png.1a2b.tmp'), 'half');
    assert.deepEqual((await files.list('previews')).sort(), ['a-1.png', 'a-2.png']);
    assert.deepEqual(await files.list('nothing-here'), []);
    assert.equal((await readBytes(files, 'previews/a-2.png'))?.toString(), 'two');
    assert.equal(await readBytes(files, 'previews/missing.png'), undefined);
    await assert.rejects(files.list('../'), /leaves the data directory/);
  });

  it('names every file of every folder, without temp files', async () => {
    const own = localFiles(join(root, 'keys'));
    assert.deepEqual(await own.keys(), [], 'a store with no folder yet has no files');
    await own.put('images/originals/abc', Buffer.from('a'));
    await own.put('audio/x/1.mp3', Buffer.from('b'));
    await own.put('top.png', Buffer.from('c'));
    await writeFile(join(root, 'keys/audio/x/2.mp3.1a2b.tmp'), 'half');
    assert.deepEqual(await own.keys(), ['audio/x/1.mp3', 'images/originals/abc', 'top.png']);
  });

  it('refuses keys that leave its folder', async () => {
    await assert.rejects(files.put('../escape.mp3', Buffer.from('x')), /leaves the data directory/);
    await assert.rejects(files.put('audio/../../escape.mp3', Buffer.from('x')), /leaves the data directory/);
  });
});
