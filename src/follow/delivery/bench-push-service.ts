// For `npm run bench:follow`: a stand-in push service in its own process, so its CPU is not counted as
// delivery's. HTTPS on loopback, every /push/<name> answered 201 at once; it prints {"origin","ca"} when
// listening and, for each "stats" line on stdin, a JSON line with what arrived and the CPU it used.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { selfSignedCertificate } from './test-push-service.ts';

const { key, cert } = selfSignedCertificate();
const seen = new Set<string>();
let requests = 0;
let firstAt = 0;
let lastAt = 0;
const server = createServer({ key, cert, keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    lastAt = Date.now();
    firstAt ||= lastAt;
    seen.add(req.url ?? '');
    res.writeHead(201, { 'content-length': '0' }).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: cert.toString() })}\n`,
  );
});
createInterface({ input: process.stdin }).on('line', () => {
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ requests, distinct: seen.size, firstAt, lastAt, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
  );
});
process.stdin.on('end', () => process.exit(0));
