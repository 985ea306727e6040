import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createMp3Encoder, encodeMp3, mp3DurationMs } from './mp3.ts';
import { readFrameHeader, readMp3Layout } from './mp3-frames.ts';
import { parseWav } from './wav.ts';

// A tone that starts at a known sample, so a decoder's alignment can be checked.
function toneAfter(silent: number, total: number, rate: number): Int16Array {
  const pcm = new Int16Array(total);
  for (let i = silent; i < total; i++) pcm[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return pcm;
}

const ENCODERS = [{ use: 'wasm' as const }, { use: 'lame' as const }];

describe('MP3 encoding', () => {
  for (const encoder of ENCODERS) {
    describe(encoder.use, () => {
      for (const rate of [22050, 24000]) {
        it(`at ${rate} Hz: mono frames behind an Info frame, duration exact`, async () => {
          const pcm = toneAfter(rate / 10, Math.round(rate * 1.3) + 17, rate);
          const mp3 = await encodeMp3(pcm, { sampleRate: rate, use: encoder.use });
          const first = readFrameHeader(mp3, 0);
          assert.ok(first, 'starts with a frame');
          assert.equal(mp3.toString('latin1', 4 + first.sideInfoBytes, 8 + first.sideInfoBytes), 'Info');
          const layout = readMp3Layout(mp3);
          assert.equal(layout.sampleRate, rate);
          assert.equal(layout.encoderDelay, 576);
          assert.ok(readFrameHeader(mp3, first.frameBytes)?.mono);
          assert.ok(Math.abs(mp3DurationMs(mp3) - (pcm.length * 1000) / rate) < 0.01);
        });
      }

      it('a real decoder (Debian mpg123) honours the Info frame: same length, same alignment', async () => {
        const pcm = toneAfter(5000, 30000, 22050);
        const mp3 = await encodeMp3(pcm, { sampleRate: 22050, use: encoder.use });
        const dir = await mkdtemp(join(tmpdir(), 'blattwerk-mp3-'));
        try {
          await writeFile(join(dir, 'a.mp3'), mp3);
          await promisify(execFile)('mpg123', ['-q', '-w', join(dir, 'a.wav'), join(dir, 'a.mp3')]);
          const decoded = parseWav(await readFile(join(dir, 'a.wav'))).samples;
          assert.equal(decoded.length, pcm.length);
          const firstLoud = decoded.findIndex((s) => Math.abs(s) > 2000);
          assert.ok(
            Math.abs(firstLoud - pcm.findIndex((s) => Math.abs(s) > 2000)) <= 2,
            `first loud sample at ${firstLoud}`,
          );
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });

      it('takes the audio in pieces', async () => {
        const pcm = toneAfter(0, 22050, 22050);
        const streamed = await createMp3Encoder({ sampleRate: 22050, use: encoder.use });
        for (let i = 0; i < pcm.length; i += 1000) streamed.write(pcm.subarray(i, i + 1000));
        const whole = await encodeMp3(pcm, { sampleRate: 22050, use: encoder.use });
        assert.deepEqual(await streamed.end(), whole);
      });
    });
  }

  it('refuses a sample rate MP3 cannot carry', async () => {
    await assert.rejects(createMp3Encoder({ sampleRate: 22000, use: 'wasm' }), /cannot carry 22000 Hz/);
  });
});

describe('MP3 frames', () => {
  const headers = [
    { bytes: [0xff, 0xf3, 0x60, 0xc4], mpeg1: false, rate: 22050, kbps: 48, mono: true, size: 156 },
    { bytes: [0xff, 0xf3, 0x62, 0xc4], mpeg1: false, rate: 22050, kbps: 48, mono: true, size: 157 },
    { bytes: [0xff, 0xfb, 0x90, 0x64], mpeg1: true, rate: 44100, kbps: 128, mono: false, size: 417 },
  ];
  for (const h of headers) {
    it(`reads ${h.bytes.map((b) => b.toString(16)).join(' ')}`, () => {
      const header = readFrameHeader(Uint8Array.from(h.bytes), 0);
      assert.deepEqual(
        {
          mpeg1: header?.mpeg1,
          rate: header?.sampleRate,
          kbps: header?.bitrateKbps,
          mono: header?.mono,
          size: header?.frameBytes,
        },
        { mpeg1: h.mpeg1, rate: h.rate, kbps: h.kbps, mono: h.mono, size: h.size },
      );
    });
  }
  it('says plainly when a buffer is not MP3', () => {
    assert.equal(readFrameHeader(Buffer.from('RIFF'), 0), undefined);
    assert.throws(() => mp3DurationMs(Buffer.from('<html>not audio</html>')), /not an MP3 file/);
  });
});
