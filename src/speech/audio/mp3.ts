// MP3 encoding of mono 16-bit PCM for Vorlesen. Two encoders, both LAME:
// - 'lame': Debian's `lame` program, when installed: ~750× real time here, and it runs on the other
//   core while synthesis goes on;
// - 'wasm': LAME compiled to WebAssembly (npm `wasm-media-encoders`), ~260× real time, works after
//   `npm install` alone. Pure-JS lamejs (~90×) was too slow for the 2-second budget.
// Both write raw frames; we prepend a LAME Info frame so players drop the encoder delay exactly.

import { readFile } from 'node:fs/promises';
import type { Mp3EncoderChoice, Mp3Kbps } from '../../config.ts';
import { createEncoder } from 'wasm-media-encoders';
import { buildInfoFrame, readFrameHeader, type FrameHeader } from './mp3-frames.ts';
import { findProgram, startProgram } from './subprocess.ts';

export { mp3DurationMs } from './mp3-frames.ts';
export type { Mp3EncoderChoice, Mp3Kbps } from '../../config.ts';

export interface Mp3Options {
  readonly sampleRate: number;
  /** Constant bitrate; 48 kbps keeps synthetic speech clean at 22.05/24 kHz mono. */
  readonly kbps?: Mp3Kbps;
  /** 'auto' takes Debian's `lame` when it is on PATH, else the WebAssembly build. */
  readonly use?: Mp3EncoderChoice;
  readonly signal?: AbortSignal;
}

export interface Mp3Encoder {
  readonly name: 'lame' | 'wasm';
  /** Queues samples; the encoder may keep a reference, so do not change them afterwards. */
  write(pcm: Int16Array): void;
  /** The finished MP3 file. */
  end(): Promise<Buffer>;
  /** Drops the work; `end` must not be called afterwards. */
  cancel(): void;
}

const MPEG_RATES = new Set([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]);
// LAME's encoder delay when it does not resample, which we never let it do.
const LAME_ENCODER_DELAY = 576;

export function lameAvailable(): boolean {
  return findProgram('lame') !== undefined;
}

/** Whether encoding with `use` runs on this thread (the WebAssembly build) rather than in a lame process. */
export function encodesInProcess(use: Mp3EncoderChoice = 'auto'): boolean {
  return use === 'wasm' || (use === 'auto' && !lameAvailable());
}

export async function createMp3Encoder(options: Mp3Options): Promise<Mp3Encoder> {
  if (!MPEG_RATES.has(options.sampleRate)) {
    throw new Error(`audio: MP3 cannot carry ${options.sampleRate} Hz audio without resampling`);
  }
  const use = options.use ?? 'auto';
  switch (use) {
    case 'lame':
      return lameEncoder(options);
    case 'wasm':
      return wasmEncoder(options);
    case 'auto':
      return lameAvailable() ? lameEncoder(options) : wasmEncoder(options);
  }
}

/** Encodes a whole buffer at once. */
export async function encodeMp3(pcm: Int16Array, options: Mp3Options): Promise<Buffer> {
  const encoder = await createMp3Encoder(options);
  encoder.write(pcm);
  return encoder.end();
}

function lameEncoder(options: Mp3Options): Mp3Encoder {
  const command = findProgram('lame');
  if (!command)
    throw new Error('audio: the lame program is not installed (apt-get install lame), or choose the wasm encoder');
  const kHz = String(options.sampleRate / 1000);
  const program = startProgram(
    'lame',
    command,
    [
      '-r',
      '-s',
      kHz,
      '--bitwidth',
      '16',
      '--signed',
      '--little-endian',
      '-m',
      'm',
      '--resample',
      kHz,
      '-b',
      String(options.kbps ?? 48),
      '-q',
      '7', // LAME's fast path: twice the speed of its default, no audible loss for synthetic speech
      '-t', // no tag frame of its own: ours carries the delay and padding
      '--noreplaygain', // its analysis costs ~13 % and nothing here reads it
      '--silent',
      '-',
      '-',
    ],
    options.signal,
  );
  // It may fail (aborted, killed) before anyone awaits it in end(); that is not an unhandled error.
  program.done.catch(() => {});
  const chunks: Buffer[] = [];
  program.child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  let samples = 0;
  return {
    name: 'lame',
    write(pcm) {
      samples += pcm.length;
      program.child.stdin.write(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    },
    async end() {
      program.child.stdin.end();
      await program.done;
      return withInfoFrame(Buffer.concat(chunks), samples);
    },
    cancel() {
      program.child.kill('SIGKILL');
    },
  };
}

let wasmModule: Promise<WebAssembly.Module> | undefined;

async function wasmEncoder(options: Mp3Options): Promise<Mp3Encoder> {
  wasmModule ??= readFile(new URL(import.meta.resolve('wasm-media-encoders/wasm/mp3'))).then((bytes) =>
    WebAssembly.compile(bytes),
  );
  const encoder = await createEncoder('audio/mpeg', await wasmModule);
  encoder.configure({
    channels: 1,
    sampleRate: options.sampleRate,
    bitrate: options.kbps ?? 48,
    // Checked against MPEG_RATES above; the same rate out as in keeps LAME from resampling.
    outputSampleRate: options.sampleRate as Parameters<typeof encoder.configure>[0]['outputSampleRate'],
  });
  const chunks: Buffer[] = [];
  const floats = new Float32Array(64 * 1152);
  let samples = 0;
  return {
    name: 'wasm',
    write(pcm) {
      samples += pcm.length;
      for (let start = 0; start < pcm.length; start += floats.length) {
        const part = pcm.subarray(start, start + floats.length);
        const input = floats.subarray(0, part.length);
        for (let i = 0; i < part.length; i++) input[i] = (part[i] ?? 0) / 32768;
        // The encoder owns the returned bytes and reuses them on the next call: copy.
        chunks.push(Buffer.from(encoder.encode([input])));
      }
    },
    end() {
      options.signal?.throwIfAborted();
      chunks.push(Buffer.from(encoder.finalize()));
      return Promise.resolve(withInfoFrame(Buffer.concat(chunks), samples));
    },
    cancel() {},
  };
}

function withInfoFrame(frames: Buffer, samples: number): Buffer {
  let first: FrameHeader | undefined;
  let count = 0;
  for (let offset = 0; offset < frames.length;) {
    const header = readFrameHeader(frames, offset);
    if (!header) throw new Error(`audio: the MP3 encoder wrote a broken frame at byte ${offset}`);
    first ??= header;
    count++;
    offset += header.frameBytes;
  }
  if (!first) throw new Error('audio: the MP3 encoder produced no audio');
  const endPadding = count * first.samplesPerFrame - LAME_ENCODER_DELAY - samples;
  // Should never happen with LAME; a file without the tag still plays, only ~50 ms late.
  if (endPadding < 0 || endPadding > 0xfff) return frames;
  const info = buildInfoFrame({
    like: first,
    audioFrames: count,
    audioBytes: frames.length,
    encoderDelay: LAME_ENCODER_DELAY,
    endPadding,
  });
  return Buffer.concat([info, frames]);
}
