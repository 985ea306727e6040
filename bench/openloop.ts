// An open-loop load generator (what wrk2 does; wrk2 is not packaged in Debian): requests are due at a fixed rate
// whether or not earlier ones have come back, and latency counts from when a request was due, so a slow server
// cannot hide its stalls by slowing the client down (no coordinated omission).
// Runs as its own process (bench/web.ts forks it) so it shares no event loop with the orchestrator or the server.
// Keep-alive HTTP/1.1 on raw sockets, one request in flight per connection: less client CPU than node:http.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

const DRAIN_SECONDS = 5;

export interface OpenLoopOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  headers: Record<string, string>;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface OpenLoopResult {
  targetRate: number;
  /** Responses completed per second during the measured window. */
  achievedRate: number;
  /** From when each request was due to its last byte: the figure to report. */
  latency: LatencySummary;
  /** From when each request was written to its last byte: what the server alone took, queueing excluded. */
  service: LatencySummary;
  /** How late the generator's own timer woke to queue due requests: its floor, which should stay small. */
  timerLateness: LatencySummary;
  /** CPU the busiest generator process used, as a share of one core: near 100 % means it was the limit. */
  generatorCpu: number;
  errors: number;
  non2xx: number;
}

/** One generator process's raw measurements (milliseconds), merged by summariseRuns. */
export interface OpenLoopSamples {
  latency: Float64Array;
  service: Float64Array;
  lateness: Float64Array;
  completedInWindow: number;
  seconds: number;
  cpu: number;
  errors: number;
  non2xx: number;
}

/** A connection with no request in flight. */
interface Idle {
  send(intended: number): void;
}

export function summarise(values: Float64Array): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]! : NaN;
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopSamples> {
  const url = new URL(o.url);
  const port = Number(url.port || 80);
  const request = Buffer.from(
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${Object.entries(o.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );
  const interval = 1000 / o.rate;
  const total = Math.round(o.rate * (o.warmupSeconds + o.seconds));
  const capacity = Math.ceil(o.rate * o.seconds * 1.05) + 16;
  const latency = new Float64Array(capacity);
  const service = new Float64Array(capacity);
  const lateness: number[] = [];
  let recorded = 0;
  let completedInWindow = 0;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let cpuFrom = 0;
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let done = 0;
  const due: number[] = [];
  let dueHead = 0;
  const idle: Idle[] = [];
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupSeconds * 1000;
  const measureTo = measureFrom + o.seconds * 1000;

  return new Promise((resolve) => {
    let finished = false;
    function finish(): void {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      // Requests still unanswered at the deadline count as errors.
      errors += total - done;
      done = total;
      for (const c of connections) c.socket.destroy();
      const cpu = process.cpuUsage(cpuAtStart);
      resolve({
        latency: latency.slice(0, recorded),
        service: service.slice(0, recorded),
        lateness: Float64Array.from(lateness),
        completedInWindow,
        seconds: o.seconds,
        cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - cpuFrom),
        errors,
        non2xx,
      });
    }

    function complete(intended: number, written: number, status: number): void {
      done++;
      const now = performance.now();
      if (now >= measureFrom && now < measureTo) completedInWindow++;
      if (cpuAtStart === undefined && now >= measureFrom) {
        cpuAtStart = process.cpuUsage();
        cpuFrom = now;
      }
      if (status < 200 || status > 299) non2xx++;
      if (intended >= measureFrom && intended < measureTo && recorded < capacity) {
        latency[recorded] = now - intended;
        service[recorded] = now - written;
        recorded++;
      }
      if (done === total) finish();
    }

    function dispatch(): void {
      while (dueHead < due.length && idle.length) idle.pop()!.send(due[dueHead++]!);
      if (dueHead > 4096) {
        due.splice(0, dueHead);
        dueHead = 0;
      }
    }

    function tick(): void {
      const now = performance.now();
      const upTo = Math.min(total, Math.floor((now - t0) / interval) + 1);
      if (sent < upTo && now >= measureFrom && now < measureTo) lateness.push(now - (t0 + sent * interval));
      while (sent < upTo) due.push(t0 + sent++ * interval);
      dispatch();
      if (sent < total) setTimeout(tick, 1);
    }

    class Connection implements Idle {
      socket!: Socket;
      buffered: Buffer = Buffer.alloc(0);
      intended = 0;
      written = 0;
      busy = false;

      constructor() {
        this.open();
      }

      open(): void {
        this.buffered = Buffer.alloc(0);
        this.socket = connect({ host: url.hostname, port, noDelay: true });
        this.socket.on('connect', () => {
          idle.push(this);
          dispatch();
        });
        this.socket.on('data', (chunk) => this.receive(chunk));
        this.socket.on('error', () => this.fail());
        this.socket.on('close', () => this.fail());
      }

      send(intended: number): void {
        this.busy = true;
        this.intended = intended;
        this.written = performance.now();
        this.socket.write(request);
      }

      receive(chunk: Buffer): void {
        this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
        const end = this.buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.buffered.length < end + 4 + length) return;
        this.buffered = this.buffered.subarray(end + 4 + length);
        this.busy = false;
        complete(this.intended, this.written, Number(head.slice(9, 12)));
        if (/\r\nconnection:\s*close/i.test(head)) {
          this.socket.destroy();
          return;
        }
        idle.push(this);
        dispatch();
      }

      fail(): void {
        if (done === total) return;
        this.socket.removeAllListeners();
        this.socket.destroy();
        const at = idle.indexOf(this);
        if (at >= 0) idle.splice(at, 1);
        if (this.busy) {
          this.busy = false;
          errors++;
          complete(this.intended, this.written, 0);
        }
        if (done < total) this.open();
      }
    }

    const connections = Array.from({ length: o.connections }, () => new Connection());
    const deadline = setTimeout(finish, (o.warmupSeconds + o.seconds + DRAIN_SECONDS) * 1000);
    tick();
  });
}

/** Merges the processes' samples: percentiles over all requests, rates added up. */
export function summariseRuns(targetRate: number, runs: OpenLoopSamples[]): OpenLoopResult {
  const join = (pick: (r: OpenLoopSamples) => Float64Array) => {
    const all = new Float64Array(runs.reduce((n, r) => n + pick(r).length, 0));
    let at = 0;
    for (const r of runs) {
      all.set(pick(r), at);
      at += pick(r).length;
    }
    return summarise(all);
  };
  return {
    targetRate,
    achievedRate: runs.reduce((n, r) => n + r.completedInWindow / r.seconds, 0),
    latency: join((r) => r.latency),
    service: join((r) => r.service),
    timerLateness: join((r) => r.lateness),
    generatorCpu: Math.max(...runs.map((r) => r.cpu)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
  };
}

// As a forked child (serialization: 'advanced', for the typed arrays): options in, samples out, one message each.
if (process.send) {
  process.once('message', (options: OpenLoopOptions) => {
    void runOpenLoop(options).then((samples) => {
      process.send!(samples, () => process.exit(0));
    });
  });
}
