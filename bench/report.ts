// The benchmark's figures as a terminal table and as the section it keeps current in docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { QUIET_SHARE } from './machine.ts';
import type { LoopDelay } from './loop-delay.ts';
import type { OpenLoopResult } from './openloop.ts';
import type { ProfileSummary } from './profile.ts';
import { wrkArgs, type WrkResult, type WrkSettings } from './wrk.ts';

export interface Figures {
  date: Date;
  machine: string;
  /** CPUs the server and the load generators were pinned to (taskset), if they were. */
  pinning: { server: string; load: string } | undefined;
  /** Share of all CPUs other processes used during each measured phase. */
  othersShare: {
    wrkBlattwerk: number;
    wrkNginx: number;
    openBlattwerk: number;
    openNginx: number;
    wrkWrites: number;
    openWrites: number;
  };
  settings: WrkSettings;
  articlePath: string;
  headerBytes: { blattwerk: number; nginx: number };
  wrk: { blattwerk: WrkResult; nginx: WrkResult };
  openLoop: { blattwerk: OpenLoopResult; nginx: OpenLoopResult };
  /** The same article page while bench/writer.ts saves an article a second and finishes audio. */
  underWrites: { wrk: WrkResult; openLoop: OpenLoopResult; saves: number; audio: number };
  /** The server's own event-loop delay and GC during the open-loop phases. */
  loop: { readOnly: LoopDelay; underWrites: LoopDelay };
  weight: { html: number; css: number; js: number; files: { css: string[]; js: string[] } };
  budget: { totalBytes: number; jsBytes: number };
  aims: { ratio: number; p99Ms: number; loadShare: number; underWrites: number };
  profile: ProfileSummary | undefined;
}

type Row = string[];
interface Table {
  title: string;
  head: Row;
  rows: Row[];
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const rps = (v: number) => Math.round(v).toLocaleString('en-GB');
const bytes = (v: number) => `${v.toLocaleString('en-GB')} B`;
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function tables(f: Figures): Table[] {
  const { wrk, openLoop: ol, weight, budget, aims } = f;
  const ratio = wrk.blattwerk.requestsPerSecond / wrk.nginx.requestsPerSecond;
  const total = weight.html + weight.css + weight.js;
  const uw = f.underWrites;
  const writesShare = uw.wrk.requestsPerSecond / wrk.blattwerk.requestsPerSecond;
  const wrkLine = `wrk ${wrkArgs(f.settings, 'URL').slice(0, -1).join(' ')}`;
  const out: Table[] = [
    {
      title: `Peak (closed loop: ${wrkLine})`,
      head: ['', 'Blattwerk', 'nginx (same bytes)', 'Blattwerk/nginx', `aim`],
      rows: [
        [
          'requests/s',
          rps(wrk.blattwerk.requestsPerSecond),
          rps(wrk.nginx.requestsPerSecond),
          `${(ratio * 100).toFixed(0)} %`,
          `≥ ${aims.ratio * 100} %: ${verdict(ratio >= aims.ratio)}`,
        ],
        ['p50 latency', ms(wrk.blattwerk.p50), ms(wrk.nginx.p50), '', ''],
        ['p99 latency', ms(wrk.blattwerk.p99), ms(wrk.nginx.p99), '', ''],
      ],
    },
    {
      title: `At ${aims.loadShare * 100} % of Blattwerk's peak (open loop, ${rps(ol.blattwerk.targetRate)} req/s, ${f.settings.connections} keep-alive connections, ${f.settings.seconds} s after 2 s warm-up)`,
      head: ['', 'Blattwerk', 'nginx (control)', '', 'aim'],
      rows: [
        ['achieved requests/s', rps(ol.blattwerk.achievedRate), rps(ol.nginx.achievedRate), '', ''],
        ['p50 latency', ms(ol.blattwerk.latency.p50), ms(ol.nginx.latency.p50), '', ''],
        [
          'p99 latency (from when due)',
          ms(ol.blattwerk.latency.p99),
          ms(ol.nginx.latency.p99),
          '',
          `≤ ${aims.p99Ms} ms: ${verdict(ol.blattwerk.latency.p99 <= aims.p99Ms)}`,
        ],
        ['p99.9 latency (from when due)', ms(ol.blattwerk.latency.p999), ms(ol.nginx.latency.p999), '', ''],
        ['p99 service time (from write)', ms(ol.blattwerk.service.p99), ms(ol.nginx.service.p99), '', ''],
        ['p99 generator timer lateness', ms(ol.blattwerk.timerLateness.p99), ms(ol.nginx.timerLateness.p99), '', ''],
        ['generator CPU (busiest process)', pct(ol.blattwerk.generatorCpu), pct(ol.nginx.generatorCpu), '', ''],
        [
          'errors / non-2xx',
          `${ol.blattwerk.errors} / ${ol.blattwerk.non2xx}`,
          `${ol.nginx.errors} / ${ol.nginx.non2xx}`,
          '',
          '',
        ],
      ],
    },
    {
      title: `Under writes: ${rps(uw.saves)} articles saved and ${rps(uw.audio)} audio records finished, one each a second, by another process`,
      head: ['', 'read-only', 'under writes', 'share', 'aim'],
      rows: [
        [
          'requests/s (wrk)',
          rps(wrk.blattwerk.requestsPerSecond),
          rps(uw.wrk.requestsPerSecond),
          pct(writesShare),
          `≥ ${aims.underWrites * 100} %: ${verdict(writesShare >= aims.underWrites)}`,
        ],
        ['p99 latency (wrk)', ms(wrk.blattwerk.p99), ms(uw.wrk.p99), '', ''],
        [
          `p99 latency at ${rps(ol.blattwerk.targetRate)} req/s (open loop)`,
          ms(ol.blattwerk.latency.p99),
          ms(uw.openLoop.latency.p99),
          '',
          `≤ ${aims.p99Ms} ms: ${verdict(uw.openLoop.latency.p99 <= aims.p99Ms)}`,
        ],
        ['p99.9 latency (open loop)', ms(ol.blattwerk.latency.p999), ms(uw.openLoop.latency.p999), '', ''],
        ['max latency (open loop)', ms(ol.blattwerk.latency.max), ms(uw.openLoop.latency.max), '', ''],
        ['server event-loop delay p99 / max', loopText(f.loop.readOnly), loopText(f.loop.underWrites), '', ''],
        ['server GC pauses: count, total, longest', gcText(f.loop.readOnly), gcText(f.loop.underWrites), '', ''],
        [
          'errors / non-2xx (open loop)',
          `${ol.blattwerk.errors} / ${ol.blattwerk.non2xx}`,
          `${uw.openLoop.errors} / ${uw.openLoop.non2xx}`,
          '',
          '',
        ],
      ],
    },
    {
      title: `Weight of ${f.articlePath} (gzip, as sent)`,
      head: ['', 'bytes', 'budget', ''],
      rows: [
        ['HTML', bytes(weight.html), '', ''],
        [`CSS (${weight.files.css.length} file${weight.files.css.length === 1 ? '' : 's'})`, bytes(weight.css), '', ''],
        [
          `JS (${weight.files.js.length} file${weight.files.js.length === 1 ? '' : 's'})`,
          bytes(weight.js),
          bytes(budget.jsBytes),
          verdict(weight.js <= budget.jsBytes),
        ],
        ['total', bytes(total), bytes(budget.totalBytes), verdict(total <= budget.totalBytes)],
      ],
    },
  ];
  if (f.profile) {
    out.push({
      title: `Blattwerk CPU profile (${f.profile.busySeconds.toFixed(1)} s busy; shares of busy time)`,
      head: ['area or function', 'share'],
      rows: [
        ...f.profile.byArea.slice(0, 8).map((s) => [s.name, `${s.percent.toFixed(1)} %`]),
        ['', ''],
        ...f.profile.topFunctions.map((s) => [s.name, `${s.percent.toFixed(1)} %`]),
      ],
    });
  }
  return out;
}

const loopText = (l: LoopDelay) => `${ms(l.p99)} / ${ms(l.max)}`;
const gcText = (l: LoopDelay) => `${l.gcCount}, ${ms(l.gcTotal)}, ${ms(l.gcMax)}`;

function text(t: Table): string {
  const all = [t.head, ...t.rows];
  const widths = t.head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: Row) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [t.title, line(t.head), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

function markdown(t: Table): string {
  const row = (r: Row) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    `**${t.title}**`,
    '',
    row(t.head),
    `|${t.head.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`,
    ...t.rows.map(row),
  ].join('\n');
}

export function formatReport(f: Figures): { table: string; markdown: string } {
  const when = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(f.date);
  const ts = tables(f);
  const notes = [
    `Measured ${when} (Europe/Berlin) on ${f.machine}. Each measured phase waited for the shared machine to be quiet and was repeated (up to 3 times) when other work took over ${pct(QUIET_SHARE)} of the CPUs meanwhile; other work took ${pct(f.othersShare.wrkBlattwerk)} / ${pct(f.othersShare.wrkNginx)} during the wrk runs and ${pct(f.othersShare.openBlattwerk)} / ${pct(f.othersShare.openNginx)} during the open-loop runs (Blattwerk / nginx), ${pct(f.othersShare.wrkWrites)} and ${pct(f.othersShare.openWrites)} during the runs under writes.`,
    f.pinning
      ? `Each server was pinned to CPU ${f.pinning.server} and every load generator (wrk and the open-loop generator) to CPU ${f.pinning.load} with taskset: one core of server against the rest, for both servers alike.`
      : 'Nothing was pinned to a CPU (--no-pin or a single CPU): servers and load generators shared all CPUs.',
    `Servers and load generators run on this one machine and talk over loopback. Blattwerk runs as \`blattwerk serve\` (SQLite, demo content + seed) in its own process and answers from its in-memory page cache after the first request (the hot path readers hit); nginx runs one worker (one process against one process) and serves the identical gzip bytes via gzip_static with Blattwerk's headers (${f.headerBytes.blattwerk} header bytes from Blattwerk, ${f.headerBytes.nginx} from nginx).`,
    'wrk cannot hold a fixed rate and wrk2 is not in Debian, so the load run uses bench/openloop.ts: an open-loop generator (raw keep-alive sockets, in its own process) that counts latency from when each request was due, as wrk2 does. The generator queues due requests on a 1 ms timer, so about 1 ms of every open-loop latency is its own; the same rate against nginx shows that floor.',
  ];
  return {
    table: [...notes, ts.map(text).join('\n\n')].join('\n\n'),
    markdown: [
      `## Article page on loopback (\`npm run bench\`)`,
      '',
      ...notes.flatMap((n) => [n, '']),
      ts.map(markdown).join('\n\n'),
    ].join('\n'),
  };
}

/** Replaces the section a script wrote last time, or appends it; the rest of the file stays as it is. */
export function writeSection(file: string, section: string, script = 'bench/web.ts', command = 'npm run bench'): void {
  const BEGIN = `<!-- ${script}: begin (generated; rerun \`${command}\` to replace) -->`;
  const END = `<!-- ${script}: end -->`;
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures with the date and machine they were measured on.\n';
  const block = `${BEGIN}\n${section}\n${END}`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
