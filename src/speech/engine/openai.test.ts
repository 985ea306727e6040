import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { mp3DurationMs } from '../audio/mp3.ts';
import { createEngine, type SpeakableSentence } from './engine.ts';

// A local stand-in for an OpenAI-compatible speech service: it answers each request with a WAV
// whose length follows the text (10 ms per character at 24 kHz), and misbehaves on request.
const RATE = 24000;

interface SpeechRequest {
  model: string;
  voice: string;
  input: string;
  response_format: string;
}

function wavFor(text: string): Buffer {
  const samples = text.length * (RATE / 100);
  const bytes = Buffer.alloc(44 + samples * 2);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(0xffffffff, 4); // streaming placeholder, as real services send
  bytes.write('WAVEfmt ', 8, 'latin1');
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(RATE, 24);
  bytes.writeUInt32LE(RATE * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36, 'latin1');
  bytes.writeUInt32LE(0xffffffff, 40);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(Math.round(8000 * Math.sin(i / 5)), 44 + i * 2);
  return bytes;
}

describe('OpenAI-compatible engine against a local stand-in for an OpenAI-compatible service', () => {
  const requests: { auth: string | undefined; path: string | undefined; body: SpeechRequest }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as SpeechRequest;
      requests.push({ auth: req.headers.authorization, path: req.url, body });
      if (body.input.includes('FAIL')) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"model crashed"}');
      } else if (body.input.includes('SLOW')) {
        setTimeout(() => res.writeHead(200).end(wavFor(body.input)), 1000).unref();
      } else {
        res.writeHead(200, { 'content-type': 'audio/wav' }).end(wavFor(body.input));
      }
    });
  });
  let url = '';

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const engine = (timeoutMs = 5000) =>
    createEngine({
      kind: 'openai',
      url,
      apiKey: 'sk-test',
      model: 'tts-test',
      voice: 'alloy',
      timeoutMs,
      encoder: 'wasm',
    });

  it('works on the thread of its process only when it encodes with WebAssembly', () => {
    assert.equal(engine().inProcess, true);
    const config = { kind: 'openai', url, apiKey: 'sk', model: 'm', voice: 'v', timeoutMs: 5000 } as const;
    assert.equal(createEngine({ ...config, encoder: 'lame' }).inProcess, false);
  });

  it('asks one sentence at a time and lays them end to end with their pauses', async () => {
    requests.length = 0;
    const sentences: SpeakableSentence[] = [
      { spoken: 'Erster Satz über Köln.', pauseAfterMs: 200 },
      { spoken: '  ', pauseAfterMs: 50 },
      { spoken: 'Zweiter, etwas längerer Satz.', pauseAfterMs: 0 },
    ];
    const result = await engine().synthesize(sentences, 'de');
    assert.deepEqual(requests.map((r) => r.body.input).sort(), [
      'Erster Satz über Köln.',
      'Zweiter, etwas längerer Satz.',
    ]);
    for (const r of requests) {
      assert.equal(r.auth, 'Bearer sk-test');
      assert.equal(r.path, '/v1/audio/speech');
      assert.deepEqual(
        { ...r.body, input: '' },
        { model: 'tts-test', voice: 'alloy', input: '', response_format: 'wav' },
      );
    }
    // 10 ms per character of speech, then the pause.
    assert.deepEqual(result.sentences, [
      { startMs: 0, endMs: 220 + 200 },
      { startMs: 420, endMs: 470 },
      { startMs: 470, endMs: 470 + 290 },
    ]);
    assert.equal(result.durationMs, 760);
    assert.ok(Math.abs(mp3DurationMs(result.mp3) - 760) < 1);
  });

  it('names the service and the status when it fails', async () => {
    await assert.rejects(
      engine().synthesize(
        [
          { spoken: 'Gut.', pauseAfterMs: 0 },
          { spoken: 'FAIL hier.', pauseAfterMs: 0 },
        ],
        'de',
      ),
      (error: Error) => {
        assert.match(
          error.message,
          new RegExp(`${url}/v1/audio/speech answered 500 Internal Server Error: \\{"error":"model crashed"\\}`),
        );
        return true;
      },
    );
  });

  it('gives up on a service that does not answer in time', async () => {
    await assert.rejects(
      engine(200).synthesize([{ spoken: 'SLOW bitte.', pauseAfterMs: 0 }], 'de'),
      new RegExp(`${url}/v1/audio/speech did not answer within 200 ms`),
    );
  });

  it('says so when nothing listens', async () => {
    const closed = createEngine({
      kind: 'openai',
      url: 'http://127.0.0.1:9/',
      model: 'm',
      voice: 'v',
      timeoutMs: 2000,
    });
    await assert.rejects(
      closed.synthesize([{ spoken: 'Hallo.', pauseAfterMs: 0 }], 'de'),
      /cannot reach http:\/\/127\.0\.0\.1:9\/v1\/audio\/speech/,
    );
  });

  it('refuses empty input and can be aborted', async () => {
    await assert.rejects(engine().synthesize([], 'de'), /nothing to synthesise/);
    const controller = new AbortController();
    const pending = engine().synthesize([{ spoken: 'SLOW bitte.', pauseAfterMs: 0 }], 'de', controller.signal);
    setTimeout(() => controller.abort(new Error('reader left')), 50);
    await assert.rejects(pending, /reader left/);
  });
});
