// The machine under the benchmark: what it is, and whether other work (builds, tests of a shared box) disturbed
// a measurement. Tail latencies on two CPUs are worthless if a compiler ran at the same time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A phase counts as disturbed when other processes used more than this share of all CPUs. */
export const QUIET_SHARE = 0.1;
/** How long a phase waits for quiet and how often it is measured at most (flags of bench/web.ts may change them). */
export const QUIET = { waitMs: 120_000, attempts: 3 };

export function describeMachine(wrk: string): string {
  const out = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const model = /Model name:\s*(.+)/.exec(out('lscpu', []))?.[1]?.trim() ?? 'unknown CPU';
  const nginx = (spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr ?? '').trim().replace('nginx version: ', '');
  const wrkVersion = /wrk \S+/.exec(out(wrk, ['-v']))?.[0] ?? 'wrk';
  return `${model}, ${out('nproc', [])} CPUs, ${out('uname', ['-srm'])}; Node ${process.version}, ${nginx}, ${wrkVersion}`;
}

interface Ticks {
  /** Busy clock ticks of all CPUs together. */
  busy: number;
  total: number;
  /** Ticks used by this process and everything it started (servers, wrk, generators), live or reaped. */
  ours: number;
}

function cpuLine(): { busy: number; total: number } {
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

function ourTicks(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // After the name: state ppid … utime(11) stime(12) cutime(13) cstime(14); cutime holds reaped children.
      stats.set(Number(name), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // the process ended while we looked
    }
  }
  let sum = 0;
  for (const [pid, s] of stats) {
    for (let p = pid; p > 1; p = stats.get(p)?.ppid ?? 0) {
      if (p === process.pid) {
        sum += s.ticks;
        break;
      }
    }
  }
  return sum;
}

function sample(): Ticks {
  return { ...cpuLine(), ours: ourTicks() };
}

const share = (a: Ticks, b: Ticks) =>
  Math.max(0, (b.busy - a.busy - (b.ours - a.ours)) / Math.max(1, b.total - a.total));

/** Share of all CPUs that other processes kept busy over `ms`. */
export async function othersBusy(ms = 1000): Promise<number> {
  if (!existsSync('/proc/stat')) return 0;
  const a = sample();
  await sleep(ms);
  return share(a, sample());
}

/**
 * Runs a measurement when the machine is quiet and repeats it (up to QUIET.attempts times) when other work used more
 * than QUIET_SHARE of the CPUs meanwhile. Returns the result with the share other work took during it.
 */
export async function measureQuietly<T>(
  name: string,
  run: () => Promise<T>,
  log: (line: string) => void,
): Promise<{ result: T; othersShare: number }> {
  for (let attempt = 1; ; attempt++) {
    const deadline = Date.now() + QUIET.waitMs;
    let busy = await othersBusy(500);
    if (busy > QUIET_SHARE)
      log(`${name}: waiting for other work on the machine to finish (${(busy * 100).toFixed(0)} % busy)`);
    while (busy > QUIET_SHARE && Date.now() < deadline) busy = await othersBusy(1000);
    const before = existsSync('/proc/stat') ? sample() : undefined;
    const result = await run();
    const othersShare = before ? share(before, sample()) : 0;
    if (othersShare <= QUIET_SHARE || attempt >= QUIET.attempts) return { result, othersShare };
    log(`${name}: other work took ${(othersShare * 100).toFixed(0)} % of the CPUs meanwhile; measuring again`);
  }
}
