// Preview PNGs in the FileStore, named by article and drawing hash: drawn once in a worker thread with a
// deadline, redrawn when what is drawn changes; older drawings of the same article are removed.
import { Worker } from 'node:worker_threads';
import { readBytes, type FileStore } from '../store/files.ts';
import { previewHash, type PreviewInput } from './preview.ts';

export interface RenderOptions {
  /** Waiting for a free worker counts too. */
  deadlineMs?: number;
  /** The worker script (tests put a slow one here). */
  workerUrl?: URL;
}

/** A render that passed its deadline: the worker was ended, the request should say "try later". */
export class PreviewTimeout extends Error {
  override name = 'PreviewTimeout';
}

const DEADLINE_MS = 10_000;
/** Renders at once per process: each takes a core while it runs, and the machine serves pages too. */
const MAX_RENDERS = 2;
const WORKER = new URL('./render-worker.ts', import.meta.url);
let running = 0;
const waiting: (() => void)[] = [];

/** The PNG for `input`, drawn off the event loop; rejects with PreviewTimeout after the deadline. */
export function renderPng(input: PreviewInput, options: RenderOptions = {}): Promise<Buffer> {
  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  return new Promise<Buffer>((resolve, reject) => {
    let worker: Worker | undefined;
    let done = false;
    const finish = (err: Error | undefined, png?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (worker) {
        void worker.terminate();
        running--;
        waiting.shift()?.();
      } else waiting.splice(waiting.indexOf(start), 1);
      if (err) reject(err);
      else resolve(png!);
    };
    const timer = setTimeout(
      () => finish(new PreviewTimeout(`share: the preview image was not drawn within ${deadlineMs} ms`)),
      deadlineMs,
    );
    function start() {
      running++;
      worker = new Worker(options.workerUrl ?? WORKER, { workerData: input });
      worker.once('message', (png: Uint8Array) =>
        finish(undefined, Buffer.from(png.buffer, png.byteOffset, png.length)),
      );
      worker.once('error', (err) => finish(new Error(`share: cannot draw the preview image: ${String(err)}`)));
      worker.once('exit', (code) => finish(new Error(`share: the preview worker stopped (exit code ${code})`)));
    }
    if (running < MAX_RENDERS) start();
    else waiting.push(start);
  });
}

export interface PreviewStore {
  /** The PNG for this article as it is now, from disk or freshly drawn. */
  png(articleId: string, input: PreviewInput): Promise<{ hash: string; png: Buffer }>;
}

export function previewStore(files: FileStore, options: RenderOptions = {}): PreviewStore {
  const folder = 'share-previews';
  // Two requests for a drawing not yet stored wait for the same render.
  const pending = new Map<string, Promise<Buffer>>();

  async function draw(articleId: string, hash: string, input: PreviewInput): Promise<Buffer> {
    const png = await renderPng(input, options);
    const name = `${articleId}-${hash}.png`;
    await files.put(`${folder}/${name}`, png);
    const stale = (await files.list(folder)).filter(
      (f) => f.startsWith(`${articleId}-`) && f !== name && f.endsWith('.png'),
    );
    await Promise.all(stale.map((f) => files.remove(`${folder}/${f}`)));
    return png;
  }

  return {
    async png(articleId, input) {
      if (!/^[\w-]+$/.test(articleId)) throw new Error(`share: unexpected article id "${articleId}"`);
      const hash = previewHash(input);
      const stored = await readBytes(files, `${folder}/${articleId}-${hash}.png`);
      if (stored) return { hash, png: stored };
      const key = `${articleId}-${hash}`;
      let job = pending.get(key);
      if (!job) {
        job = draw(articleId, hash, input).finally(() => pending.delete(key));
        pending.set(key, job);
      }
      return { hash, png: await job };
    },
  };
}
