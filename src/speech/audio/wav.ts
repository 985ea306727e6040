// Reading 16-bit mono WAV, whole or as it streams in. Streamed WAV (espeak-ng --stdout, many TTS
// services) carries placeholder sizes, so the data chunk is taken to run to the end.

export interface WavFormat {
  readonly sampleRate: number;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/**
 * Finds the format and where the samples start, or returns undefined when more bytes are needed.
 * Throws when the bytes are not 16-bit mono PCM WAV.
 */
function readHeader(bytes: Buffer, source: string): { format: WavFormat; dataStart: number } | undefined {
  if (bytes.length < 12) return undefined;
  if (ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') throw new Error(`audio: ${source} is not WAV audio`);
  let sampleRate: number | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = ascii(bytes, at);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'data') {
      if (sampleRate === undefined) throw new Error(`audio: ${source}: WAV data before its format`);
      return { format: { sampleRate }, dataStart: at + 8 };
    }
    if (at + 8 + size > bytes.length) return undefined;
    if (id === 'fmt ') {
      const tag = bytes.readUInt16LE(at + 8);
      const channels = bytes.readUInt16LE(at + 10);
      const bits = bytes.readUInt16LE(at + 22);
      if ((tag !== 1 && tag !== 0xfffe) || bits !== 16 || channels !== 1) {
        throw new Error(
          `audio: ${source}: expected 16-bit mono PCM WAV, got format ${tag}, ${channels} channel(s), ${bits} bits`,
        );
      }
      sampleRate = bytes.readUInt32LE(at + 12);
    }
    at += 8 + size + (size % 2); // chunks are padded to even length
  }
  return undefined;
}

function samplesOf(bytes: Buffer): Int16Array {
  const even = bytes.length - (bytes.length % 2);
  // Int16Array needs 2-byte alignment; Buffers from pools or slices may not have it.
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, even / 2);
  const copy = new Int16Array(even / 2);
  new Uint8Array(copy.buffer).set(bytes.subarray(0, even));
  return copy;
}

/** Parses a complete WAV file. */
export function parseWav(bytes: Buffer, source = 'the input'): WavFormat & { samples: Int16Array } {
  const header = readHeader(bytes, source);
  if (!header) throw new Error(`audio: ${source}: WAV header incomplete`);
  const declared = bytes.readUInt32LE(header.dataStart - 4);
  const available = bytes.length - header.dataStart;
  const length = declared > 0 && declared <= available ? declared : available;
  return { ...header.format, samples: samplesOf(bytes.subarray(header.dataStart, header.dataStart + length)) };
}

/** Turns a WAV byte stream into sample blocks as bytes arrive. */
export class WavStream {
  readonly #source: string;
  #pending: Buffer = Buffer.alloc(0);
  #format: WavFormat | undefined;

  constructor(source: string) {
    this.#source = source;
  }

  get format(): WavFormat | undefined {
    return this.#format;
  }

  /** Samples completed by this chunk (possibly none). */
  push(chunk: Buffer): Int16Array {
    let bytes = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    if (!this.#format) {
      const header = readHeader(bytes, this.#source);
      if (!header) {
        this.#pending = bytes;
        return new Int16Array(0);
      }
      this.#format = header.format;
      bytes = bytes.subarray(header.dataStart);
    }
    const samples = samplesOf(bytes);
    this.#pending = bytes.subarray(samples.length * 2);
    return samples;
  }
}
