// Starts the stand-in SMTP server process (test-smtp-process.ts) and reads back what it accepted, parsed.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface SmtpTestServer {
  url: string;
  /** Messages accepted so far, parsed, in order. */
  messages: { to: string[]; mail: ParsedMail }[];
  /** Waits until `count` messages have arrived (or fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const child = spawn(process.execPath, [new URL('./test-smtp-process.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: SmtpTestServer['messages'] = [];
  const parsing: Promise<void>[] = [];
  let port = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`smtp test server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { port?: number; to?: string[]; raw?: string };
      if (m.port) {
        port = m.port;
        resolve();
      } else if (m.raw) {
        const entry = { to: m.to ?? [], mail: undefined as unknown as ParsedMail };
        messages.push(entry);
        parsing.push(simpleParser(Buffer.from(m.raw, 'base64')).then((mail) => void (entry.mail = mail)));
      }
    });
  });
  await ready;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(count, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`smtp test server: ${messages.length} of ${count} messages after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await Promise.all(parsing);
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
