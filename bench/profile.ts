// Reading a V8 .cpuprofile (node --cpu-prof): where the server's CPU time went, by function and by area.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface Share {
  name: string;
  percent: number;
}

export interface ProfileSummary {
  /** CPU seconds the server was busy (idle samples left out). */
  busySeconds: number;
  byArea: Share[];
  topFunctions: Share[];
}

/** Coarse areas a reader can act on: our code, Node's HTTP stack, dependencies, GC. */
function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)') return 'V8/native (program)';
  if (url.includes('/src/'))
    return `blattwerk ${url
      .slice(url.indexOf('/src/') + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  if (url.includes('node_modules/')) return `dependency ${url.split('node_modules/').pop()!.split('/')[0]}`;
  if (
    /^node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|js_stream))/.test(url) ||
    /_http_|internal\/streams/.test(url)
  )
    return 'node http/net/streams';
  if (url.startsWith('node:')) return 'node other';
  return url ? 'other' : 'native calls (syscalls, HTTP parser)';
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // Shares of busy time: the server idles while the benchmark measures nginx, and that says nothing.
  const busy = profile.nodes.filter((n) => n.callFrame.functionName !== '(idle)');
  const hits = busy.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const n of busy) {
    const count = n.hitCount ?? 0;
    if (!count) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + count);
    const where = url ? ` ${url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + count);
  }
  const shares = (m: Map<string, number>) =>
    [...m].map(([name, count]) => ({ name, percent: (100 * count) / hits })).sort((a, b) => b.percent - a.percent);
  const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const busySeconds = ((profile.endTime - profile.startTime) / 1e6) * (hits / total);
  return { busySeconds, byArea: shares(areas), topFunctions: shares(functions).slice(0, top) };
}
