import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { parsePublicationDate, setSiteSettings, type PublicationDate } from '../../article/index.ts';
import { enqueue, listJobs, listSchedules, makeJobsDue, queueHasCron } from '../../store/jobs.ts';
import { DIALECTS } from '../../store/testing.ts';
import { confirmMailSubscription, saveMailSubscription } from './store.ts';
import { startSmtpServer, type SmtpTestServer } from './test-smtp.ts';
import { startDeliveryApp, type DeliveryTestApp, type TestReader } from './testing.ts';

/** The raw text of a header as it was sent (mailparser turns List-* headers into objects). */
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');

for (const dialect of DIALECTS) {
  describe(`e-mail delivery to an SMTP server process (${dialect.name})`, () => {
    let smtp: SmtpTestServer;
    let t: DeliveryTestApp;

    before(async () => {
      smtp = await startSmtpServer();
      t = await startDeliveryApp(dialect, {
        env: { BLATTWERK_SMTP_URL: smtp.url, BLATTWERK_MAIL_FROM: 'Blattwerk <news@example.org>' },
      });
    });
    after(async () => {
      await t.stop();
      await smtp.stop();
    });

    const subscribe = (reader: TestReader, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}/mail/subscribe`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: reader.cookie,
          'sec-fetch-site': 'same-origin',
          ...headers,
        },
        body: new URLSearchParams({ csrf: reader.csrf, frequency: 'instant', ...fields }),
      });
    const subscriptionOf = (reader: TestReader) =>
      t.app.db
        .selectFrom('mail_subscriptions')
        .selectAll()
        .where('follower_id', '=', reader.id)
        .executeTakeFirstOrThrow();

    it('confirms an address by the link in its mail, sends articles with one-click unsubscribe, and refuses forged links', async () => {
      const reader = await t.reader(['topic:ukraine']);
      const res = await subscribe(reader, { address: 'Leserin@Example.ORG' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/meine-news#mail');
      assert.equal((await subscribe(reader, { address: 'Leserin@Example.ORG' })).status, 303, 'asking twice');
      await t.worker.drain();
      await smtp.waitFor(1);
      const confirmation = smtp.messages[0]!;
      assert.deepEqual(confirmation.to, ['Leserin@example.org']);
      assert.match(confirmation.mail.subject ?? '', /bestätigen/);
      const link = new RegExp(`${t.baseUrl}/mail/bestaetigen\\?\\S+`).exec(confirmation.mail.text ?? '')?.[0];
      assert.ok(link, 'the mail carries the confirmation link');

      // Unconfirmed: an article sends nothing.
      await t.publish();
      await t.worker.drain();
      assert.equal(smtp.messages.length, 1, 'one confirmation for two requests, and no article before confirming');

      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<form method="post"/);
      assert.equal(
        (await subscriptionOf(reader)).state,
        'pending',
        'opening the link (a mail scanner) does not confirm',
      );
      const confirmed = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      assert.equal(confirmed.status, 200);
      assert.match(await confirmed.text(), /Adresse bestätigt/);
      const sub = await subscriptionOf(reader);
      assert.equal(sub.state, 'confirmed');
      assert.equal(
        (await fetch(link.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status,
        400,
        'a forged confirmation link',
      );

      const article = await t.publish({
        headline: 'Gipfel <script>alert(1)</script> & mehr',
        lead: 'Paris "berät" <heute>.',
      });
      await t.worker.drain();
      await smtp.waitFor(2);
      const mail = smtp.messages[1]!.mail;
      assert.equal(mail.subject, 'Gipfel <script>alert(1)</script> & mehr');
      assert.equal(mail.messageId, `<article.${article.id}.${sub.id}@127.0.0.1>`);
      assert.match(mail.text ?? '', new RegExp(`${t.baseUrl}/artikel/${article.slug}`));
      assert.match(mail.text ?? '', /Paris "berät" <heute>\./);
      const body = typeof mail.html === 'string' ? mail.html : '';
      assert.match(body, /Gipfel &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; mehr/);
      assert.doesNotMatch(body, /<script>/);
      assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      const unsubscribe = /^<(\S+)>$/.exec(header(mail, 'list-unsubscribe') ?? '')?.[1] ?? '';
      assert.ok(unsubscribe.startsWith(`${t.baseUrl}/mail/abmelden?`), header(mail, 'list-unsubscribe'));

      // RFC 8058: a mail program POSTs this body to the link, with no cookie; a forged signature is refused.
      const oneClick = (url: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
      const forged = unsubscribe.replace(/sig=([^&])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
      assert.equal((await oneClick(forged)).status, 403);
      assert.equal(
        (await oneClick(unsubscribe.replace(/id=[^&]+/, `id=${crypto.randomUUID()}`))).status,
        403,
        'a signature for another subscription',
      );
      assert.equal((await subscriptionOf(reader)).state, 'confirmed');
      const done = await oneClick(unsubscribe);
      assert.equal(done.status, 200);
      assert.equal((await subscriptionOf(reader)).state, 'unsubscribed');
      assert.equal((await oneClick(unsubscribe)).status, 200, 'again: still fine');

      await t.publish();
      await t.worker.drain();
      assert.equal(smtp.messages.length, 2, 'nothing after unsubscribing');
    });

    it('stores a subscription ordered on an English page as English, and mails it in English with English links', async () => {
      const reader = await t.reader(['topic:wetter']);
      const res = await fetch(`${t.baseUrl}/en/mail/subscribe`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: reader.cookie,
          'sec-fetch-site': 'same-origin',
        },
        body: new URLSearchParams({ csrf: reader.csrf, frequency: 'instant', address: 'reader@example.org' }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/en/meine-news#mail');
      assert.equal((await subscriptionOf(reader)).locale, 'en');
      const before = smtp.messages.length;
      await t.worker.drain();
      await smtp.waitFor(before + 1);
      const confirmation = smtp.messages[before]!.mail;
      assert.equal(confirmation.subject, 'Please confirm your address for Blattwerk');
      const link = new RegExp(`${t.baseUrl}/en/mail/bestaetigen\\?\\S+`).exec(confirmation.text ?? '')?.[0];
      assert.ok(link, confirmation.text);
      const page = await (await fetch(link)).text();
      assert.match(page, /<html lang="en">/);
      assert.ok(page.includes('<form method="post" action="/en/mail/bestaetigen?'), 'the page posts in English');
      const confirmed = await fetch(link, { method: 'POST', body: '' });
      assert.match(await confirmed.text(), /Address confirmed/);

      const article = await t.publish({ topics: ['Wetter'] });
      await t.worker.drain();
      await smtp.waitFor(before + 2);
      const mail = smtp.messages[before + 1]!.mail;
      assert.deepEqual(smtp.messages[before + 1]!.to, ['reader@example.org']);
      const text = mail.text ?? '';
      assert.ok(text.includes(`Read the article: ${t.baseUrl}/en/artikel/${article.slug}`), text);
      assert.ok(text.includes(`Settings: ${t.baseUrl}/en/meine-news\n`), 'the footer leads to English "Meine News"');
      assert.match(text, new RegExp(`Unsubscribe: ${t.baseUrl}/en/mail/abmelden\\?`));
      const body = typeof mail.html === 'string' ? mail.html : '';
      assert.ok(body.includes(`<a href="${t.baseUrl}/en/meine-news">Meine News</a>`), body);
      assert.ok(header(mail, 'list-unsubscribe')?.startsWith(`<${t.baseUrl}/en/mail/abmelden?`));
    });

    it('sends one confirmation a day per mailbox, however its +tags and Gmail dots are written', async () => {
      const before = smtp.messages.length;
      const typed = ['Victim+1@gmail.com', 'v.i.c.t.i.m+2@googlemail.com', 'VICTIM@Gmail.com', 'vic.tim@gmail.com'];
      for (const address of typed) {
        const reader = await t.reader(['topic:ukraine']);
        assert.equal((await subscribe(reader, { address })).status, 303, address);
      }
      const other = await t.reader(['topic:ukraine']);
      assert.equal((await subscribe(other, { address: 'victim+1@example.org' })).status, 303);
      await t.worker.drain();
      await smtp.waitFor(before + 2);
      assert.deepEqual(
        smtp.messages
          .slice(before)
          .map((m) => m.to)
          .sort(),
        [['Victim+1@gmail.com'], ['victim+1@example.org']],
        'sent to the address as typed, once per mailbox',
      );
    });

    it('refuses hostile addresses and forms with a 4xx, and sends nothing for them', async () => {
      const reader = await t.reader(['topic:ukraine']);
      const before = smtp.messages.length;
      const cases: [string, Promise<Response>, number][] = [
        ['header injection', subscribe(reader, { address: 'a@example.org\r\nBcc: victim@example.net' }), 400],
        ['line feed', subscribe(reader, { address: 'a@example.org\nSubject: x' }), 400],
        ['two recipients', subscribe(reader, { address: 'a@example.org, b@example.net' }), 400],
        ['display name', subscribe(reader, { address: 'Eve <a@example.org>' }), 400],
        ['10,000 characters', subscribe(reader, { address: `${'x'.repeat(10_000)}@example.org` }), 413],
        [
          '300 characters',
          subscribe(reader, {
            address: `${'x'.repeat(60)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(60)}.org`,
          }),
          400,
        ],
        ['no domain', subscribe(reader, { address: 'a@localhost' }), 400],
        ['odd frequency', subscribe(reader, { address: 'a@example.org', frequency: 'hourly' }), 400],
        ['no form token', subscribe(reader, { address: 'a@example.org', csrf: '' }), 403],
        ['cross-site', subscribe(reader, { address: 'a@example.org' }, { 'sec-fetch-site': 'cross-site' }), 403],
        ['no reader', subscribe(reader, { address: 'a@example.org' }, { cookie: '' }), 403],
      ];
      for (const [name, response, status] of cases) assert.equal((await response).status, status, name);
      await t.worker.drain();
      assert.equal(smtp.messages.length, before);
      const rows = await t.app.db
        .selectFrom('mail_subscriptions')
        .select('address')
        .where('follower_id', '=', reader.id)
        .execute();
      assert.deepEqual(rows, []);
    });

    it("sends a daily reader one digest at 7 with the day's articles, and retries or gives up as the server says", async () => {
      const daily = await t.reader(['topic:europa']);
      const { subscription } = await saveMailSubscription(t.app.db, daily.id, {
        address: 'taeglich@example.org',
        frequency: 'daily',
        locale: 'de',
      });
      await confirmMailSubscription(t.app.db, subscription.id, subscription.address);
      for (const address of ['temp-1@example.org', 'perm-1@example.org']) {
        const r = await t.reader(['topic:europa']);
        const s = await saveMailSubscription(t.app.db, r.id, { address, frequency: 'instant', locale: 'en' });
        await confirmMailSubscription(t.app.db, s.subscription.id, address);
      }
      const before = smtp.messages.length;
      const at = (ms: number) =>
        parsePublicationDate(`${new Date(Date.now() - ms).toISOString().slice(0, 19)}Z`) as PublicationDate;
      const first = await t.publish({
        headline: 'Erster Artikel',
        topics: ['Europa'],
        authors: [],
        published: at(120_000),
      });
      const second = await t.publish({
        headline: 'Zweiter Artikel',
        topics: ['Europa'],
        authors: [],
        published: at(60_000),
      });
      await t.worker.drain();
      assert.equal(smtp.messages.length, before, "nothing before 7 o'clock");
      const digests = await listJobs(t.app.db, { name: 'follow.digest' });
      if (queueHasCron(t.app.db)) {
        // pg-boss: its cron sends the digest every day at 7 (the contract suite shows the cron sending), so
        // the fan-out queued none; send what it sends.
        assert.deepEqual(digests, []);
        assert.deepEqual(await listSchedules(t.app.db), [
          { name: 'follow.digest', cron: '0 7 * * *', timeZone: 'Europe/Berlin', payload: {} },
        ]);
        await enqueue(t.app.db, 'follow.digest', {});
      } else {
        assert.equal(digests.length, 1, 'one digest job per day');
        assert.match(digests[0]!.runAt.toLocaleString('de-DE', { timeZone: 'Europe/Berlin' }), /, 07:00:00$/);
        await makeJobsDue(t.app.db, { name: 'follow.digest' });
      }
      await t.app.db
        .updateTable('deliveries')
        .set({ due_at: new Date(0).toISOString() })
        .where('batch', 'like', 'digest:%')
        .execute();
      // Renamed in the staff settings since this process started: the mail says the name of now.
      await setSiteSettings(t.app.db, ['name=Auenstädter Anzeiger']);
      await t.worker.drain();
      await smtp.waitFor(before + 1);
      await setSiteSettings(t.app.db, ['name=']);
      const mail = smtp.messages.at(-1)!;
      assert.deepEqual(mail.to, ['taeglich@example.org']);
      assert.equal(mail.mail.subject, 'Auenstädter Anzeiger: 2 neue Artikel');
      assert.match(mail.mail.text ?? '', /weil Sie auf Auenstädter Anzeiger News folgen/);
      assert.ok(
        (mail.mail.text ?? '').indexOf('Zweiter Artikel') < (mail.mail.text ?? '').indexOf('Erster Artikel'),
        'newest first',
      );
      assert.equal(header(mail.mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      const states = await t.app.db
        .selectFrom('deliveries')
        .innerJoin('mail_subscriptions', 'mail_subscriptions.follower_id', 'deliveries.follower_id')
        .select(['mail_subscriptions.address', 'deliveries.state', 'deliveries.article_id'])
        .where('deliveries.article_id', 'in', [first.id, second.id])
        .orderBy('mail_subscriptions.address')
        .execute();
      const stateOf = (address: string) => [
        ...new Set(states.filter((s) => s.address === address).map((s) => s.state)),
      ];
      assert.deepEqual(stateOf('taeglich@example.org'), ['sent']);
      assert.deepEqual(stateOf('perm-1@example.org'), ['failed'], 'a 550 is final');
      assert.deepEqual(stateOf('temp-1@example.org'), ['pending'], 'a 451 waits for the retry');
      const retry = await listJobs(t.app.db, { name: 'follow.mail', state: 'queued' });
      assert.equal(retry.length, 2);
      assert.match(retry[0]!.lastError ?? '', /1 of 2 mails will be tried again/);
    });
  });
}
