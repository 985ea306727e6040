// Preloaded into the benchmarked server (node --import): its event-loop delay and GC pauses, phase by phase.
// On SIGUSR2 it writes what it saw since the last signal to BLATTWERK_BENCH_LOOP_FILE and starts afresh, so
// the orchestrator can tell a stall in the server from one in the load generator.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface LoopDelay {
  /** Event-loop delay in ms, sampled every 10 ms. */
  p99: number;
  max: number;
  /** Garbage-collection pauses: how many, their total and the longest, in ms. */
  gcCount: number;
  gcTotal: number;
  gcMax: number;
}

const file = process.env.BLATTWERK_BENCH_LOOP_FILE;
if (file) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let gc: PerformanceEntry[] = [];
  new PerformanceObserver((list) => gc.push(...list.getEntries())).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    const summary: LoopDelay = {
      p99: loop.percentile(99) / 1e6,
      max: loop.max / 1e6,
      gcCount: gc.length,
      gcTotal: gc.reduce((a, e) => a + e.duration, 0),
      gcMax: Math.max(0, ...gc.map((e) => e.duration)),
    };
    writeFileSync(file, JSON.stringify(summary));
    loop.reset();
    gc = [];
  });
}
