// Configuration is read once, here, into a typed object. Flags win over the environment; secrets may come
// from a file named by VAR_FILE (Docker/systemd credentials).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Absolute origin used in canonical URLs, feeds and share links. */
  baseUrl: string;
  siteName: string;
}

export interface ConfigFlags {
  port?: string | undefined;
  data?: string | undefined;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const portText = flags.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`config: port "${portText}" must be a number from 0 to 65535`);
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
  };
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
