// TEST DOUBLE for a remote service: a stand-in Web Push service (what FCM or Mozilla's autopush are to real
// browsers) as its own process on a host of the multi-host test, HTTPS with a throwaway certificate for its
// address (argv[2]). Every /push/<subscriber> is answered 201 at once and counted per subscriber: requests, and
// the distinct Topic headers (a push service keeps one message per subscription and Topic, RFC 8030 §5.4, so a
// re-send with the same Topic is still one notification on the device). Prints {"origin","ca"} when listening;
// answers each line on stdin with a JSON line: "stats" (totals, for progress) or "report" (per subscriber).
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { selfSignedCertificate } from '../../src/follow/delivery/test-push-service.ts';

const address = process.argv[2] ?? '127.0.0.1';
const { key, cert } = selfSignedCertificate(address);
/** Per subscriber: requests, and the first Topic with a flag for any other. */
const seen = new Map<string, { requests: number; topic: string; otherTopic: boolean }>();
let requests = 0;
let firstAt = 0;
let lastAt = 0;
const server = createServer({ key, cert, keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    lastAt = Date.now();
    firstAt ||= lastAt;
    const name = (req.url ?? '').replace(/^\/push\//, '');
    const topic = String(req.headers.topic);
    const s = seen.get(name);
    if (s) {
      s.requests++;
      s.otherTopic ||= s.topic !== topic;
    } else seen.set(name, { requests: 1, topic, otherTopic: false });
    res.writeHead(201, { 'content-length': '0' }).end();
  });
});
server.listen(0, address, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ origin: `https://${address}:${port}`, ca: cert.toString() })}\n`);
});
createInterface({ input: process.stdin }).on('line', (line) => {
  const cpu = process.cpuUsage();
  const stats = { requests, distinct: seen.size, firstAt, lastAt, cpuMs: (cpu.user + cpu.system) / 1000 };
  if (line !== 'report') return void process.stdout.write(`${JSON.stringify(stats)}\n`);
  let resent = 0;
  const shownTwice: string[] = [];
  for (const [name, s] of seen) {
    if (s.requests > 1) resent++;
    if (s.otherTopic) shownTwice.push(name);
  }
  process.stdout.write(`${JSON.stringify({ ...stats, resent, shownTwice })}\n`);
});
process.stdin.on('end', () => process.exit(0));
