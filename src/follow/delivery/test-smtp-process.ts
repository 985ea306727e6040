// TEST DOUBLE for a remote service: a real SMTP server (the smtp-server package) in its own process, standing in
// for the site's mail relay. It prints {"port":N} when listening, then one JSON line per accepted message.
// Recipients starting with "temp-" get 451 (try later), "perm-" get 550 (refused for good).
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('temp-'))
      return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
    if (address.address.startsWith('perm-'))
      return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const to = session.envelope.rcptTo.map((r) => r.address);
      process.stdout.write(`${JSON.stringify({ to, raw: Buffer.concat(chunks).toString('base64') })}\n`);
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
