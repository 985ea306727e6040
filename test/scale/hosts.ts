// "Hosts" on one machine for the multi-host test and `npm run bench:scale`: each host is a network namespace
// (`ip netns`) with one veth into a bridge in the machine's own namespace, where the test itself sits as the
// client (the bridge's address). Addresses come from a /24 in 10.231.0.0/16 that no route here uses yet; no
// traffic leaves the machine. Names carry the owning pid, so a run cleans up after itself (also when a test
// fails: `close`, and a synchronous sweep at exit) and sweeps what a killed earlier run left behind.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const PREFIX = 'bws';
let runs = 0;

export interface Host {
  name: string;
  /** The namespace's name, for `ip netns exec`. */
  ns: string;
  address: string;
  /** A command run inside this host (ip netns exec execs it: the child's pid is the command's). */
  spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** [command, args] that run a command inside this host, for APIs that spawn themselves. */
  wrap(command: string, args: string[]): [string, string[]];
}

export interface Network {
  /** The address of the machine itself on the bridge: where the test's clients and stand-ins listen. */
  clientAddress: string;
  hosts: Host[];
  addHost(name: string): Host;
  close(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function quietly(run: () => unknown): void {
  try {
    run();
  } catch {
    // already gone
  }
}

/** Kills whatever runs in a namespace and deletes it (its veth goes with it). */
function removeNamespace(ns: string): void {
  quietly(() => {
    for (const pid of ip('netns', 'pids', ns).split('\n').filter(Boolean))
      quietly(() => process.kill(Number(pid), 'SIGKILL'));
  });
  quietly(() => ip('netns', 'delete', ns));
}

/** Namespaces and bridges of earlier runs whose process is gone (a run killed before its cleanup). */
function sweepStale(): void {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const line of ip('netns', 'list').split('\n')) {
    const m = new RegExp(`^(${PREFIX}-(\\d+)-\\S+)`).exec(line);
    if (m && !alive(Number(m[2]))) removeNamespace(m[1]!);
  }
  for (const line of ip('-o', 'link', 'show', 'type', 'bridge').split('\n')) {
    const m = new RegExp(`^\\d+: (${PREFIX}(\\d+)[a-z]b):`).exec(line);
    if (m && !alive(Number(m[2]))) quietly(() => ip('link', 'delete', m[1]!));
  }
}

/** A /24 in 10.231.0.0/16 that is not routed here yet. */
function freeSubnet(): string {
  const routes = ip('-4', 'route', 'show');
  for (let i = 0; i < 256; i++) {
    const third = (process.pid + runs * 7 + i) % 256;
    const subnet = `10.231.${third}`;
    if (!routes.includes(`${subnet}.`)) return subnet;
  }
  throw new Error('hosts: no free /24 in 10.231.0.0/16');
}

export function createNetwork(): Network {
  sweepStale();
  const run = `${PREFIX}${process.pid}${String.fromCharCode(97 + (runs++ % 26))}`;
  const bridge = `${run}b`;
  const subnet = freeSubnet();
  const namespaces: string[] = [];
  const hosts: Host[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const ns of namespaces) removeNamespace(ns);
    quietly(() => ip('link', 'delete', bridge));
    process.off('exit', close);
  };
  process.on('exit', close);
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
  } catch (err) {
    close();
    throw new Error(`hosts: cannot make a bridge (needs root and ip netns): ${(err as Error).message}`, { cause: err });
  }
  return {
    clientAddress: `${subnet}.1`,
    hosts,
    close,
    addHost(name) {
      const index = hosts.length + 2;
      const ns = `${PREFIX}-${process.pid}-${run.slice(-1)}-${name}`;
      const veth = `${run}${index}`;
      const address = `${subnet}.${index}`;
      namespaces.push(ns);
      try {
        ip('netns', 'add', ns);
        ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        ip('link', 'set', veth, 'master', bridge, 'up');
        ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
        ip('-n', ns, 'link', 'set', 'eth0', 'up');
        ip('-n', ns, 'link', 'set', 'lo', 'up');
      } catch (err) {
        close();
        throw new Error(`hosts: cannot make host ${name}: ${(err as Error).message}`, { cause: err });
      }
      const wrap = (command: string, args: string[]): [string, string[]] => [
        'ip',
        ['netns', 'exec', ns, command, ...args],
      ];
      const host: Host = {
        name,
        ns,
        address,
        wrap,
        spawn: (command, args, options = {}) => spawn(...wrap(command, args), options),
      };
      hosts.push(host);
      return host;
    },
  };
}
