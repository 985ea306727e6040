import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWav, WavStream } from './wav.ts';

function wav(
  samples: number[],
  options: { rate?: number; dataSize?: number; channels?: number; extra?: boolean } = {},
): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(options.channels ?? 1, 10);
  fmt.writeUInt32LE(options.rate ?? 24000, 12);
  fmt.writeUInt32LE((options.rate ?? 24000) * 2, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  // An odd-sized chunk before the data, as some services add: it is padded to even length.
  const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1');
  const head = Buffer.alloc(20);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(0xffffffff, 4);
  head.write('WAVE', 8, 'latin1');
  head.write('data', 12, 'latin1');
  head.writeUInt32LE(options.dataSize ?? data.length, 16);
  return Buffer.concat([head.subarray(0, 12), fmt, ...(options.extra ? [list] : []), head.subarray(12), data]);
}

describe('parseWav', () => {
  const cases = [
    { name: 'exact sizes', options: {} },
    { name: 'streaming placeholder size', options: { dataSize: 0xffffffff } },
    { name: 'zero data size', options: { dataSize: 0 } },
    { name: 'extra chunk before the data', options: { extra: true } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseWav(wav([1, -2, 32767, -32768], c.options));
      assert.equal(parsed.sampleRate, 24000);
      assert.deepEqual([...parsed.samples], [1, -2, 32767, -32768]);
    });
  }
  it('rejects stereo and non-WAV input with the source named', () => {
    assert.throws(() => parseWav(wav([0, 0], { channels: 2 }), 'the service'), /the service: expected 16-bit mono/);
    assert.throws(() => parseWav(Buffer.from('{"error":"no"}'), 'the service'), /the service is not WAV/);
  });
});

describe('WavStream', () => {
  it('yields the same samples however the bytes are cut', () => {
    const samples = Array.from({ length: 50 }, (_, i) => ((i * 997) % 65536) - 32768);
    const bytes = wav(samples, { dataSize: 0x7ffff000, extra: true });
    for (const size of [1, 3, 44, 45, bytes.length]) {
      const stream = new WavStream('test');
      const got: number[] = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...stream.push(bytes.subarray(i, i + size)));
      assert.deepEqual(got, samples, `chunks of ${size}`);
      assert.equal(stream.format?.sampleRate, 24000);
    }
  });
});
