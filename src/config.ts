// Configuration is read once, here, into a typed object. Flags win over the environment; secrets may come
// from a file named by VAR_FILE (Docker/systemd credentials).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseS3Url, type S3Location } from './store/files-s3.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Absolute origin used in canonical URLs, feeds and share links. */
  baseUrl: string;
  siteName: string;
  /** BLATTWERK_TRUST_PROXY=1: behind a reverse proxy, rate limits count the X-Forwarded-For client. */
  trustProxy: boolean;
  /**
   * BLATTWERK_TEST_WEBHOOKS_TO_LOOPBACK=1, for tests only: webhooks may go to 127.0.0.1/::1 over http, where the
   * test's receiver listens. Other private addresses stay refused.
   */
  testWebhooksToLoopback: boolean;
  /**
   * BLATTWERK_TEST_PUSH_CA_FILE, for tests only: push goes to a stand-in push service on the test's own network,
   * whose certificate (this PEM file) is trusted; push's guard against private addresses is off (all of them).
   */
  testPushCa: Buffer | undefined;
  /** Vorlesen's engine: espeak-ng by default, or an OpenAI-compatible speech service. */
  speech: SpeechEngineConfig;
  /** How long a claimed job stays with its worker without a heartbeat. */
  jobLeaseMs: number;
  /** The job queue: pg-boss on PostgreSQL unless BLATTWERK_QUEUE=table; SQLite always has the built-in table. */
  jobQueue: 'table' | 'pg-boss';
  /** The page cache's bound in bytes (rendered pages with their gzip and brotli forms). */
  pageCacheBytes: number;
  /** News folgen's mail: smtp(s)://user:pass@host:port; unset means no mail channel. */
  smtpUrl: string | undefined;
  /** The From of every mail, e.g. `Blattwerk <news@example.org>`. */
  mailFrom: string | undefined;
  /** BLATTWERK_SECRET_KEY(_FILE): 64 hex characters sealing TOTP secrets; unset: DATA/secret.key, made once. */
  secretKey: string | undefined;
  /** BLATTWERK_S3_URL: stored files in an S3 bucket instead of the data directory (several machines). */
  s3: S3Location | undefined;
  /** Shared caches in front of the site, purged by key when content changes. */
  edge: EdgeConfig;
}

export interface EdgeConfig {
  /** BLATTWERK_VARNISH_URL: Varnish servers (running deploy/varnish.vcl) that take `PURGE` with `xkey`. */
  varnish: URL[];
  /** BLATTWERK_PURGE_WEBHOOK (https) and _SECRET: a CDN's purge relay, sent the keys as signed JSON. */
  webhook: { url: URL; secret: string } | undefined;
}

/** MP3 encoder: 'auto' prefers Debian's lame program. */
export type Mp3EncoderChoice = 'auto' | 'lame' | 'wasm';
export type Mp3Kbps = 32 | 40 | 48 | 64 | 80 | 96;

// Vorlesen's engine settings are part of the one config object read here (speech/engine picks the engine).
interface EncoderConfig {
  /** MP3 encoder; 'auto' prefers Debian's lame program. */
  readonly encoder?: Mp3EncoderChoice;
  readonly kbps?: Mp3Kbps;
}

export interface EspeakConfig extends EncoderConfig {
  readonly kind: 'espeak';
  /** 'system' runs Debian's espeak-ng program, 'wasm' the npm build; 'auto' prefers the program. */
  readonly runtime?: 'auto' | 'system' | 'wasm';
  /** Name or path of the program for the system runtime; default 'espeak-ng' on PATH. */
  readonly command?: string;
}

export interface OpenAiConfig extends EncoderConfig {
  readonly kind: 'openai';
  /** Base URL; requests go to {url}/v1/audio/speech. */
  readonly url: string;
  readonly apiKey?: string;
  readonly model: string;
  readonly voice: string;
  /** Per request (one sentence). */
  readonly timeoutMs: number;
  /** Requests in flight at once; default 2. */
  readonly concurrency?: number;
}

export type SpeechEngineConfig = EspeakConfig | OpenAiConfig;

export interface ConfigFlags {
  port?: string | undefined;
  data?: string | undefined;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const portText = flags.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new Error(`config: port "${portText}" must be a number from 0 to 65535`);
  const host = env.HOST ?? '127.0.0.1';
  const databaseUrl = secret(env, 'DATABASE_URL');
  const baseUrl = (env.BLATTWERK_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new Error(`config: BLATTWERK_BASE_URL "${baseUrl}" is not an absolute URL`);
  }
  return {
    port,
    host,
    dataDir: resolve(flags.data ?? env.BLATTWERK_DATA ?? 'data'),
    databaseUrl,
    baseUrl,
    siteName: env.BLATTWERK_SITE_NAME ?? 'Blattwerk',
    trustProxy: env.BLATTWERK_TRUST_PROXY === '1',
    testWebhooksToLoopback: env.BLATTWERK_TEST_WEBHOOKS_TO_LOOPBACK === '1',
    testPushCa: testPushCa(env.BLATTWERK_TEST_PUSH_CA_FILE),
    speech: speechConfig(env),
    jobLeaseMs: positive(env, 'BLATTWERK_JOB_LEASE_MS', 60_000),
    jobQueue: jobQueue(env.BLATTWERK_QUEUE, databaseUrl),
    pageCacheBytes: positive(env, 'BLATTWERK_PAGE_CACHE_MB', 64) * 1024 * 1024,
    ...mailConfig(env),
    secretKey: secret(env, 'BLATTWERK_SECRET_KEY'),
    s3: s3Config(env),
    edge: edgeConfig(env),
  };
}

function jobQueue(value: string | undefined, databaseUrl: string | undefined): 'table' | 'pg-boss' {
  const postgres = databaseUrl !== undefined && databaseUrl !== '';
  if (value === undefined || value === '') return postgres ? 'pg-boss' : 'table';
  if (value !== 'table' && value !== 'pg-boss')
    throw new Error(`config: BLATTWERK_QUEUE "${value}" must be table or pg-boss`);
  if (value === 'pg-boss' && !postgres)
    throw new Error('config: BLATTWERK_QUEUE=pg-boss needs a PostgreSQL DATABASE_URL');
  return value;
}

function speechConfig(env: NodeJS.ProcessEnv): SpeechEngineConfig {
  const kind = env.BLATTWERK_TTS ?? 'espeak';
  const encoder = env.BLATTWERK_MP3_ENCODER ?? 'auto';
  if (encoder !== 'auto' && encoder !== 'lame' && encoder !== 'wasm')
    throw new Error(`config: BLATTWERK_MP3_ENCODER "${encoder}" must be auto, lame or wasm`);
  if (kind === 'espeak') {
    const runtime = env.BLATTWERK_ESPEAK ?? 'auto';
    if (runtime !== 'auto' && runtime !== 'system' && runtime !== 'wasm')
      throw new Error(`config: BLATTWERK_ESPEAK "${runtime}" must be auto, system or wasm`);
    return { kind: 'espeak', runtime, encoder };
  }
  if (kind === 'openai') {
    const url = env.BLATTWERK_TTS_URL;
    if (!url)
      throw new Error('config: BLATTWERK_TTS=openai needs BLATTWERK_TTS_URL (the service, e.g. http://127.0.0.1:8880)');
    const apiKey = secret(env, 'BLATTWERK_TTS_KEY');
    return {
      kind: 'openai',
      url,
      ...(apiKey ? { apiKey } : {}),
      model: env.BLATTWERK_TTS_MODEL ?? 'tts-1',
      voice: env.BLATTWERK_TTS_VOICE ?? 'alloy',
      timeoutMs: positive(env, 'BLATTWERK_TTS_TIMEOUT_MS', 30_000),
      encoder,
    };
  }
  throw new Error(`config: BLATTWERK_TTS "${kind}" must be espeak or openai`);
}

function s3Config(env: NodeJS.ProcessEnv): S3Location | undefined {
  const url = secret(env, 'BLATTWERK_S3_URL');
  return url ? parseS3Url(url) : undefined;
}

function edgeConfig(env: NodeJS.ProcessEnv): EdgeConfig {
  const varnish = (env.BLATTWERK_VARNISH_URL ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((text) => httpUrl('BLATTWERK_VARNISH_URL', text));
  const hook = env.BLATTWERK_PURGE_WEBHOOK;
  if (!hook) return { varnish, webhook: undefined };
  const key = secret(env, 'BLATTWERK_PURGE_WEBHOOK_SECRET');
  if (!key || key.length < 16)
    throw new Error('config: BLATTWERK_PURGE_WEBHOOK needs BLATTWERK_PURGE_WEBHOOK_SECRET (at least 16 characters)');
  const url = httpUrl('BLATTWERK_PURGE_WEBHOOK', hook);
  // Keys and signature cross the internet; plain http only to the tests' loopback receiver.
  if (url.protocol !== 'https:' && env.BLATTWERK_TEST_WEBHOOKS_TO_LOOPBACK !== '1')
    throw new Error(`config: BLATTWERK_PURGE_WEBHOOK "${hook}" must be an https:// URL`);
  return { varnish, webhook: { url, secret: key } };
}

function httpUrl(name: string, text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // refused below
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new Error(`config: ${name} "${text}" must be an http:// or https:// URL`);
  return url;
}

function testPushCa(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`config: cannot read BLATTWERK_TEST_PUSH_CA_FILE "${file}": ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) === 0)
    throw new Error(`config: ${name} "${text}" must be a positive whole number`);
  return Number(text);
}

function mailConfig(env: NodeJS.ProcessEnv): Pick<Config, 'smtpUrl' | 'mailFrom'> {
  const smtpUrl = secret(env, 'BLATTWERK_SMTP_URL');
  const mailFrom = env.BLATTWERK_MAIL_FROM || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    throw new Error('config: BLATTWERK_SMTP_URL must be smtp://… or smtps://…');
  if (smtpUrl && !mailFrom)
    throw new Error('config: BLATTWERK_SMTP_URL needs BLATTWERK_MAIL_FROM (e.g. "Blattwerk <news@example.org>")');
  if (
    mailFrom &&
    (/[\r\n]/.test(mailFrom) || !/^(?:[^<>@]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(mailFrom.trim()))
  ) {
    throw new Error(`config: BLATTWERK_MAIL_FROM "${mailFrom}" must be an address or "Name <address>"`);
  }
  return { smtpUrl, mailFrom: mailFrom?.trim() };
}

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new Error(`config: cannot read ${name}_FILE "${file}": ${(err as Error).message}`, { cause: err });
    }
  }
  return env[name] || undefined;
}
