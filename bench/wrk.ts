// Running Debian's wrk (closed loop: each connection waits for its answer) and reading its --latency report.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pinned } from './servers.ts';

export interface WrkSettings {
  threads: number;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** Run at this nice value (a load generator that must not starve what it measures of CPU). */
  niceness?: number;
}

export interface WrkResult {
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx/3xx responses plus socket errors: any of them makes the run worthless. */
  failures: number;
  raw: string;
}

export function wrkArgs(s: WrkSettings, url: string): string[] {
  return [
    `-t${s.threads}`,
    `-c${s.connections}`,
    `-d${s.seconds}s`,
    '--latency',
    ...Object.entries(s.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
}

export async function runWrk(wrk: string, s: WrkSettings, url: string, cpus?: string): Promise<WrkResult> {
  const [bin, wrkArgv] = s.niceness === undefined ? [wrk, []] : ['nice', ['-n', String(s.niceness), wrk]];
  const [cmd, args] = pinned(cpus, bin, [...wrkArgv, ...wrkArgs(s, url)]);
  const { stdout } = await promisify(execFile)(cmd, args, { timeout: (s.seconds + 30) * 1000 });
  return parseWrk(stdout);
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function duration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`bench: cannot read wrk duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function parseWrk(out: string): WrkResult {
  const percentile = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(out);
    if (!m) throw new Error(`bench: wrk printed no ${p}% latency (was --latency given?):\n${out}`);
    return duration(m[1]!);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !total) throw new Error(`bench: cannot read wrk output:\n${out}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSecond: Number(rps[1]),
    p50: percentile('50'),
    p99: percentile('99'),
    requests: Number(total[1]),
    failures: non2xx + socketErrors,
    raw: out,
  };
}
