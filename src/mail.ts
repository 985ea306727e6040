// Sending one mail over SMTP (nodemailer, pooled connections) and telling a bounce from a hiccup. Shared: News
// folgen sends its notifications with it, the newsroom its invitations.
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a re-send after a crash is recognisably the same message. */
  messageId: string;
  headers?: Record<string, string>;
}

/** sent; permanent: the server refused this mail for good (5xx); transient: try again later. */
export type MailResult =
  { kind: 'sent' } | { kind: 'permanent'; reason: string } | { kind: 'transient'; reason: string };

export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
  close(): void;
}

/** `from` is the sender, or where to read it before each mail (the staff settings may change it while running). */
export function createMailer(smtpUrl: string, from: string | (() => Promise<string>), maxConnections: number): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(m) {
      try {
        await transport.sendMail({
          from: typeof from === 'string' ? from : await from(),
          // An object, never a string: nodemailer would parse "a@b.c, d@e.f" as two recipients.
          to: { name: '', address: m.to },
          subject: m.subject.replace(/[\r\n]+/g, ' '),
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          headers: m.headers ?? {},
        });
        return { kind: 'sent' };
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        const reason = e.message.slice(0, 300);
        return typeof e.responseCode === 'number' && e.responseCode >= 500
          ? { kind: 'permanent', reason }
          : { kind: 'transient', reason };
      }
    },
    close() {
      transport.close();
    },
  };
}
