// MPEG audio Layer III frames: reading their headers, measuring a file's duration, and writing the
// LAME "Info" frame that tells players how many samples of encoder delay and end padding to drop.
// Without that frame a player starts ~50 ms late against our sentence timings.

export interface FrameHeader {
  readonly mpeg1: boolean;
  readonly sampleRate: number;
  readonly bitrateKbps: number;
  readonly mono: boolean;
  readonly frameBytes: number;
  readonly samplesPerFrame: number;
  // Bytes between the 4-byte header and the main data; the Info tag starts after them.
  readonly sideInfoBytes: number;
}

const BITRATES_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/** The Layer III frame header at `offset`, or undefined when the bytes there are not one. */
export function readFrameHeader(bytes: Uint8Array, offset: number): FrameHeader | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if (layerBits !== 1) return undefined; // Layer III only
  const sampleRate = RATES[versionBits]?.[(b2 >> 2) & 3];
  const mpeg1 = versionBits === 3;
  const bitrateKbps = (mpeg1 ? BITRATES_MPEG1 : BITRATES_MPEG2)[b2 >> 4];
  if (sampleRate === undefined || !bitrateKbps) return undefined;
  const mono = b3 >> 6 === 3;
  const padding = (b2 >> 1) & 1;
  const frameBytes = Math.floor(((mpeg1 ? 144 : 72) * bitrateKbps * 1000) / sampleRate) + padding;
  const sideInfoBytes = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  return { mpeg1, sampleRate, bitrateKbps, mono, frameBytes, samplesPerFrame: mpeg1 ? 1152 : 576, sideInfoBytes };
}

function skipId3v2(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size =
    (((bytes[6] ?? 0) & 0x7f) << 21) |
    (((bytes[7] ?? 0) & 0x7f) << 14) |
    (((bytes[8] ?? 0) & 0x7f) << 7) |
    ((bytes[9] ?? 0) & 0x7f);
  return 10 + size;
}

export interface Mp3Layout {
  readonly sampleRate: number;
  /** Audio frames, not counting an Info/Xing frame. */
  readonly frames: number;
  readonly samplesPerFrame: number;
  /** From the LAME tag when present, else 0. */
  readonly encoderDelay: number;
  readonly endPadding: number;
}

/** Walks every frame; throws when the buffer holds no MPEG Layer III audio. */
export function readMp3Layout(mp3: Uint8Array): Mp3Layout {
  let offset = skipId3v2(mp3);
  let first: FrameHeader | undefined;
  let frames = 0;
  let encoderDelay = 0;
  let endPadding = 0;
  while (offset < mp3.length) {
    const header = readFrameHeader(mp3, offset);
    if (!header) {
      offset++; // resynchronise past junk, as decoders do
      continue;
    }
    if (!first) {
      first = header;
      const tag = readInfoTag(mp3, offset, header);
      if (tag) {
        encoderDelay = tag.encoderDelay;
        endPadding = tag.endPadding;
        offset += header.frameBytes;
        continue;
      }
    }
    frames++;
    offset += header.frameBytes;
  }
  if (!first) throw new Error('audio: not an MP3 file (no MPEG Layer III frame found)');
  return { sampleRate: first.sampleRate, frames, samplesPerFrame: first.samplesPerFrame, encoderDelay, endPadding };
}

/** Playing time of an MP3 buffer in milliseconds, honouring the LAME tag's delay and padding. */
export function mp3DurationMs(mp3: Uint8Array): number {
  const layout = readMp3Layout(mp3);
  const samples = layout.frames * layout.samplesPerFrame - layout.encoderDelay - layout.endPadding;
  return (Math.max(0, samples) * 1000) / layout.sampleRate;
}

const INFO_BYTES = 120; // "Info", flags, frames, bytes, 100-byte TOC, quality
const LAME_BYTES = 36;

function readInfoTag(
  mp3: Uint8Array,
  offset: number,
  header: FrameHeader,
): { encoderDelay: number; endPadding: number } | undefined {
  const at = offset + 4 + header.sideInfoBytes;
  const id = String.fromCharCode(...mp3.subarray(at, at + 4));
  if (id !== 'Info' && id !== 'Xing') return undefined;
  const lame = at + INFO_BYTES;
  const delays = lame + 21;
  if (delays + 3 > offset + header.frameBytes || String.fromCharCode(...mp3.subarray(lame, lame + 4)) !== 'LAME') {
    return { encoderDelay: 0, endPadding: 0 };
  }
  const v = ((mp3[delays] ?? 0) << 16) | ((mp3[delays + 1] ?? 0) << 8) | (mp3[delays + 2] ?? 0);
  return { encoderDelay: v >> 12, endPadding: v & 0xfff };
}

// CRC-16/ARC, the checksum LAME puts over its tag.
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export interface InfoFrameInput {
  /** Header of the first audio frame: the Info frame must match its version, rate and channels. */
  readonly like: FrameHeader;
  readonly audioFrames: number;
  readonly audioBytes: number;
  readonly encoderDelay: number;
  readonly endPadding: number;
}

/**
 * A silent frame carrying the Xing "Info" (CBR) tag with a LAME extension. It is written at 64 kbps,
 * the smallest bitrate whose frame holds the tag at every sample rate; decoders read it as metadata.
 */
export function buildInfoFrame(input: InfoFrameInput): Uint8Array {
  const { like } = input;
  if (input.encoderDelay > 0xfff || input.endPadding > 0xfff) throw new Error('audio: MP3 delay or padding too large');
  const bitrates = like.mpeg1 ? BITRATES_MPEG1 : BITRATES_MPEG2;
  const rates = like.mpeg1 ? RATES[3] : like.sampleRate >= 16000 ? RATES[2] : RATES[0];
  const rateIndex = rates?.indexOf(like.sampleRate) ?? -1;
  if (rateIndex < 0) throw new Error(`audio: unsupported MP3 sample rate ${like.sampleRate}`);
  const versionBits = like.mpeg1 ? 3 : like.sampleRate >= 16000 ? 2 : 0;
  const frameBytes = Math.floor(((like.mpeg1 ? 144 : 72) * 64000) / like.sampleRate);
  const frame = new Uint8Array(frameBytes);
  frame[0] = 0xff;
  frame[1] = 0xe0 | (versionBits << 3) | (1 << 1) | 1; // Layer III, no CRC
  frame[2] = (bitrates.indexOf(64) << 4) | (rateIndex << 2);
  frame[3] = like.mono ? 0xc0 : 0x00;
  const view = new DataView(frame.buffer);
  const at = 4 + like.sideInfoBytes;
  frame.set([0x49, 0x6e, 0x66, 0x6f], at); // "Info": a constant-bitrate stream
  view.setUint32(at + 4, 0x0f); // frames, bytes, TOC and quality present
  view.setUint32(at + 8, input.audioFrames);
  view.setUint32(at + 12, input.audioBytes + frameBytes);
  for (let i = 0; i < 100; i++) frame[at + 16 + i] = Math.floor((i * 256) / 100); // linear seek table
  view.setUint32(at + 116, 50);
  const lame = at + INFO_BYTES;
  frame.set(
    Array.from('LAME3.100', (c) => c.charCodeAt(0)),
    lame,
  );
  frame[lame + 9] = 0x01; // tag revision 0, CBR
  frame[lame + 20] = Math.min(255, like.bitrateKbps);
  const delays = (input.encoderDelay << 12) | input.endPadding;
  frame.set([(delays >> 16) & 0xff, (delays >> 8) & 0xff, delays & 0xff], lame + 21);
  const crcAt = lame + LAME_BYTES - 2;
  view.setUint16(crcAt, crc16(frame.subarray(0, crcAt)));
  return frame;
}
