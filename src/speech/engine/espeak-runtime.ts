// Running espeak-ng: Debian's program when installed (~1500× real time, streams its audio), else the
// npm WebAssembly build of the same program (~850× here, whole audio at the end), so Vorlesen works
// on a fresh machine after `npm install` alone.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, startProgram, abortReason } from '../audio/subprocess.ts';
import { parseWav, WavStream } from '../audio/wav.ts';
import type ESpeakNg from 'espeak-ng';

/** espeak-ng's only output rate. */
export const ESPEAK_SAMPLE_RATE = 22050;

export interface EspeakRun {
  /** 'system' or 'wasm', for names and messages. */
  readonly kind: 'system' | 'wasm';
  /** Speaks `ssml` with `voice`, handing over samples in order as they come. */
  speak(ssml: string, voice: string, onSamples: (pcm: Int16Array) => void, signal?: AbortSignal): Promise<void>;
  /** Plain espeak-ng on plain text to a WAV file, timed: the yardstick for the pipeline. */
  rawMs(text: string, voice: string): Promise<number>;
}

export function systemEspeak(command = 'espeak-ng'): EspeakRun {
  const path = findProgram(command);
  if (!path) {
    throw new Error(`speech: espeak-ng not found (${command}); install Debian's espeak-ng or use the wasm runtime`);
  }
  return {
    kind: 'system',
    async speak(ssml, voice, onSamples, signal) {
      const program = startProgram('espeak-ng', path, ['-m', '-v', voice, '--stdin', '--stdout'], signal);
      const wav = new WavStream('espeak-ng output');
      let failure: Error | undefined;
      program.child.stdout.on('data', (chunk: Buffer) => {
        if (failure) return;
        try {
          const samples = wav.push(chunk);
          const rate = wav.format?.sampleRate;
          if (rate !== undefined && rate !== ESPEAK_SAMPLE_RATE)
            throw new Error(`speech: espeak-ng spoke at ${rate} Hz`);
          onSamples(samples);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
          program.child.kill('SIGKILL');
        }
      });
      program.child.stdin.end(ssml);
      try {
        await program.done;
      } catch (error) {
        throw failure ?? error;
      }
      if (failure) throw failure;
    },
    async rawMs(text, voice) {
      const dir = await mkdtemp(join(tmpdir(), 'blattwerk-espeak-'));
      try {
        const started = performance.now();
        const program = startProgram('espeak-ng', path, ['-v', voice, '--stdin', '-w', join(dir, 'raw.wav')]);
        program.child.stdin.end(text);
        await program.done;
        const ms = performance.now() - started;
        await stat(join(dir, 'raw.wav'));
        return ms;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

interface WasmParts {
  factory: typeof ESpeakNg;
  module: WebAssembly.Module;
}
let wasmParts: Promise<WasmParts> | undefined;

async function loadWasm(): Promise<WasmParts> {
  const entry = import.meta.resolve('espeak-ng');
  const [{ default: factory }, bytes] = await Promise.all([
    import('espeak-ng'),
    readFile(new URL('espeak-ng.wasm', entry)),
  ]);
  // Compiled once per process; each run still instantiates afresh, since main() runs only once.
  return { factory, module: await WebAssembly.compile(bytes) };
}

async function runWasm(args: string[], input: string): Promise<Uint8Array> {
  wasmParts ??= loadWasm().catch((error: unknown) => {
    wasmParts = undefined;
    throw new Error(
      `speech: the espeak-ng npm package cannot be loaded: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const { factory, module } = await wasmParts;
  const messages: string[] = [];
  let exitStatus = 0;
  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });
  const instance = await Promise.race([
    factory({
      arguments: [...args, '-w', '/out.wav', '-f', '/in.txt'],
      preRun: [(m) => m.FS.writeFile('/in.txt', input)],
      print: (line) => messages.push(line),
      printErr: (line) => messages.push(line),
      // Emscripten's own version sets process.exitCode, which would fail the whole server process.
      quit: (status, toThrow) => {
        exitStatus = status;
        throw toThrow;
      },
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(module, imports).then((inst) => receive(inst, module), failInstantiation);
        return {};
      },
    }),
    instantiationFailed,
  ]).catch((error: unknown) => {
    throw new Error(`speech: espeak-ng (wasm) failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const said = messages.filter((m) => !m.includes('exited (with status')).join(' | ');
  if (exitStatus !== 0)
    throw new Error(`speech: espeak-ng (wasm) exited with status ${exitStatus}${said ? `: ${said}` : ''}`);
  try {
    return instance.FS.readFile('/out.wav');
  } catch {
    // No sound at all (blank text): espeak-ng never opens its output.
    return new Uint8Array(0);
  }
}

export function wasmEspeak(): EspeakRun {
  try {
    import.meta.resolve('espeak-ng');
  } catch {
    throw new Error('speech: the espeak-ng npm package is not installed (run npm install)');
  }
  return {
    kind: 'wasm',
    async speak(ssml, voice, onSamples, signal) {
      signal?.throwIfAborted();
      const bytes = await runWasm(['-m', '-v', voice], ssml);
      // The run itself cannot be interrupted; it is short (~0.3 s for a long article).
      if (signal?.aborted) throw abortReason(signal);
      if (bytes.length === 0) return;
      const wav = parseWav(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'espeak-ng (wasm) output');
      if (wav.sampleRate !== ESPEAK_SAMPLE_RATE) throw new Error(`speech: espeak-ng spoke at ${wav.sampleRate} Hz`);
      onSamples(wav.samples);
    },
    async rawMs(text, voice) {
      const started = performance.now();
      await runWasm(['-v', voice], text);
      return performance.now() - started;
    },
  };
}
