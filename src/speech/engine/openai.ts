// An OpenAI-compatible speech service (OpenAI itself, or a self-hosted server with the same API).
// One request per sentence, so each sentence's place in the audio is known; WAV answers, so the
// sentences join into one stream and are encoded once.

import { createMp3Encoder, encodesInProcess } from '../audio/mp3.ts';
import { abortReason } from '../audio/subprocess.ts';
import { SentenceTimeline } from '../audio/timeline.ts';
import { parseWav } from '../audio/wav.ts';
import type { OpenAiConfig, SpeakableSentence, SpeechEngine, SynthesisResult } from './engine.ts';
import { checkSentences } from './input.ts';

interface Speech {
  readonly sampleRate: number;
  readonly samples: Int16Array;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

export function createOpenAiEngine(config: OpenAiConfig): SpeechEngine {
  const base = config.url.replace(/\/+$/, '');
  // Accept a base URL given with or without the /v1 that OpenAI's own documentation includes.
  const endpoint = `${base.endsWith('/v1') ? base : `${base}/v1`}/audio/speech`;
  try {
    new URL(endpoint);
  } catch {
    throw new Error(`speech: invalid speech service URL: ${config.url}`);
  }
  const name = `openai-compatible (${endpoint})`;

  async function speak(text: string, signal: AbortSignal): Promise<Speech> {
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
    let status = 0;
    let body: Buffer;
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: config.model, voice: config.voice, input: text, response_format: 'wav' }),
        signal: AbortSignal.any([signal, timeout]),
      });
      status = response.status;
      body = Buffer.from(await response.arrayBuffer());
      if (!response.ok) {
        const excerpt = body.toString('utf8', 0, 300).replace(/\s+/g, ' ').trim();
        throw new Error(
          `speech: ${endpoint} answered ${status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`,
        );
      }
    } catch (error) {
      if (signal.aborted) throw abortReason(signal);
      if (timeout.aborted) throw new Error(`speech: ${endpoint} did not answer within ${config.timeoutMs} ms`);
      if (status !== 0) throw error;
      throw new Error(`speech: cannot reach ${endpoint}: ${describe(error)}`);
    }
    return parseWav(body, `the answer of ${endpoint}`);
  }

  return {
    name,
    // The voice, not the host: moving the service elsewhere must not make every article's audio anew.
    voices: [''],
    voiceFor: () => `openai-compatible ${config.model}/${config.voice}`,
    // The service speaks elsewhere; only the encoding may happen here.
    inProcess: encodesInProcess(config.encoder),
    async synthesize(sentences: readonly SpeakableSentence[], _language, signal): Promise<SynthesisResult> {
      checkSentences(sentences);
      signal?.throwIfAborted();
      // The first failure stops the requests still waiting.
      const stop = new AbortController();
      const stopSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      const speech: (Speech | undefined)[] = new Array<Speech | undefined>(sentences.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < sentences.length) {
          const i = next++;
          const text = sentences[i]?.spoken.replace(/\s+/g, ' ').trim() ?? '';
          if (text !== '') speech[i] = await speak(text, stopSignal);
        }
      };
      const workers = Array.from({ length: Math.max(1, Math.min(config.concurrency ?? 2, sentences.length)) }, worker);
      try {
        await Promise.all(
          workers.map((w) =>
            w.catch((error: unknown) => {
              stop.abort(error);
              throw error;
            }),
          ),
        );
      } catch (error) {
        await Promise.allSettled(workers);
        throw signal?.aborted ? abortReason(signal) : error;
      }

      const rates = new Set(speech.flatMap((s) => (s ? [s.sampleRate] : [])));
      const [sampleRate] = rates;
      if (sampleRate === undefined || rates.size > 1) {
        throw new Error(`speech: ${endpoint} answered with mixed sample rates: ${[...rates].join(', ')} Hz`);
      }
      const encoder = await createMp3Encoder({ sampleRate, use: config.encoder, kbps: config.kbps, signal });
      const timeline = new SentenceTimeline(sampleRate, encoder);
      for (const [i, sentence] of sentences.entries()) {
        timeline.beginSentence();
        const s = speech[i];
        if (s) timeline.audio(s.samples);
        timeline.silence(sentence.pauseAfterMs);
      }
      const mp3 = await encoder.end();
      const { durationMs, sentences: timings } = timeline.finish();
      return { mp3, durationMs, sentences: timings };
    },
  };
}
