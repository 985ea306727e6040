import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCorrection, type Article, type CorrectionInput } from '../../article/index.ts';
import { enqueue } from '../../store/jobs.ts';
import { DIALECTS } from '../../store/testing.ts';
import { followFeature } from '../index.ts';
import { confirmMailSubscription, saveMailSubscription, savePushSubscription } from './store.ts';
import { browserKeys, startPushService, type BrowserKeys, type PushService } from './test-push-service.ts';
import { startSmtpServer, type SmtpTestServer } from './test-smtp.ts';
import { startDeliveryApp, type DeliveryTestApp, type TestReader } from './testing.ts';

for (const dialect of DIALECTS) {
  describe(`a substantive correction notifies followers again (${dialect.name})`, () => {
    let service: PushService;
    let smtp: SmtpTestServer;
    let t: DeliveryTestApp;
    const keys = new Map<string, BrowserKeys>();

    before(async () => {
      service = await startPushService();
      smtp = await startSmtpServer();
      t = await startDeliveryApp(dialect, {
        push: { ca: service.ca, allowPrivateNetworks: true, timeoutMs: 1500 },
        env: { BLATTWERK_SMTP_URL: smtp.url, BLATTWERK_MAIL_FROM: 'Blattwerk <news@example.org>' },
      });
    });
    after(async () => {
      await t.stop();
      await smtp.stop();
      await service.close();
    });

    async function device(reader: TestReader, name: string): Promise<void> {
      const k = browserKeys();
      keys.set(name, k);
      await savePushSubscription(t.app.db, reader.id, {
        endpoint: service.endpoint(name),
        p256dh: k.p256dh,
        auth: k.auth,
      });
    }
    async function mail(reader: TestReader, address: string, frequency: 'instant' | 'daily', locale: 'de' | 'en') {
      const { subscription } = await saveMailSubscription(t.app.db, reader.id, { address, frequency, locale });
      assert.ok(await confirmMailSubscription(t.app.db, subscription.id, address));
    }
    const pushes = (name: string) =>
      service.received
        .filter((r) => r.name === name)
        .map((r) => JSON.parse(keys.get(name)!.decrypt(r.body)) as { title: string; body: string; tag: string });
    const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address)).map((m) => m.mail);

    /** What the follow feature does when it hears `article.corrected`. */
    async function correct(article: Article, c: CorrectionInput): Promise<Article> {
      const corrected = await addCorrection(t.app.db, article.id, c, { by: 'test' });
      const handler = followFeature.articleEvents!['follow.corrected']!;
      const event = {
        id: 'e',
        type: 'article.corrected' as const,
        articleId: article.id,
        version: 1,
        by: 'test',
        at: '',
      };
      await handler.handle(t.app, event, new AbortController().signal);
      await handler.handle(t.app, event, new AbortController().signal); // the event's job run twice
      await t.worker.drain();
      return corrected;
    }

    it('once per follower and channel; a typo fix or an update sends nothing; a retry sends nothing more', async () => {
      const anna = await t.reader(['topic:ukraine']);
      await device(anna, 'anna');
      await mail(anna, 'anna@example.org', 'instant', 'de');
      const ben = await t.reader(['author:lena-hartmann', 'topic:ukraine']); // two items, told once
      await mail(ben, 'ben@example.org', 'instant', 'en');
      const dora = await t.reader(['topic:ukraine']);
      await mail(dora, 'dora@example.org', 'daily', 'de');
      const carl = await t.reader(['topic:sport']);
      await device(carl, 'carl');

      const article = await t.publish({ headline: 'Gipfel in Paris <b>', topics: ['Ukraine'] });
      await t.worker.drain();
      await smtp.waitFor(2);
      assert.equal(pushes('anna').length, 1);
      const published = smtp.messages.length;

      await correct(article, {
        kind: 'correction',
        wrong: 'Tippfehler',
        note: 'Tippfehler behoben',
        substantive: false,
      });
      await correct(article, { kind: 'update', note: 'Neue Zahlen', substantive: true });
      assert.equal(pushes('anna').length, 1, 'a typo fix and an update push nothing');
      assert.equal(smtp.messages.length, published, 'nor mail anything');
      const rows = () => t.app.db.selectFrom('deliveries').selectAll().where('article_id', '=', article.id).execute();
      assert.ok(
        (await rows()).every((r) => r.notice === ''),
        'no outbox row for them',
      );

      const corrected = await correct(article, {
        kind: 'correction',
        wrong: 'Das Treffen war am Montag.',
        note: 'Das Treffen war am Dienstag & <nicht> am Montag.',
        substantive: true,
      });
      const c = corrected.corrections.find((x) => x.substantive)!;
      await smtp.waitFor(published + 2);

      const annaPush = pushes('anna');
      assert.equal(annaPush.length, 2, 'one push for the correction');
      assert.equal(annaPush[1]!.title, 'Korrektur: Gipfel in Paris <b>');
      assert.equal(annaPush[1]!.body, 'Das Treffen war am Dienstag & <nicht> am Montag.');
      assert.equal(annaPush[1]!.tag, `correction-${c.id}`);
      assert.equal(pushes('carl').length, 0, 'a reader of other items hears nothing');

      const [, annaMail] = mailsTo('anna@example.org');
      assert.equal(annaMail?.subject, 'Korrektur: Gipfel in Paris <b>');
      assert.match(
        annaMail.text ?? '',
        /Falsch war: Das Treffen war am Montag\.\nRichtig ist: Das Treffen war am Dienstag/,
      );
      assert.match(String(annaMail.html), /Dienstag &amp; &lt;nicht&gt; am Montag/, 'escaped in the HTML part');
      assert.equal(annaMail.messageId, `<correction.${c.id}.${(await subOf(anna)).id}@127.0.0.1>`);
      const benMails = mailsTo('ben@example.org');
      assert.equal(benMails.length, 2, 'two items followed, one mail per notice');
      assert.equal(benMails[1]!.subject, 'Correction: Gipfel in Paris <b>');
      assert.match(benMails[1]!.text ?? '', /What is right: Das Treffen/);

      const told = (await rows()).filter((r) => r.notice === c.id);
      assert.deepEqual(
        told
          .map(
            (r) =>
              `${r.follower_id === anna.id ? 'anna' : r.follower_id === ben.id ? 'ben' : 'dora'} ${r.channel} ${r.state}`,
          )
          .sort(),
        ['anna mail sent', 'anna push sent', 'ben mail sent', 'dora mail pending'],
      );

      // A retried fan-out, even one whose cursor was lost, finds every row there and sends nothing more.
      const count = service.received.length + smtp.messages.length;
      await t.app.db.deleteFrom('fanouts').where('notice', '=', c.id).execute();
      await enqueue(
        t.app.db,
        'follow.fanout',
        { articleId: article.id, correctionId: c.id },
        { idempotencyKey: 'again' },
      );
      await t.worker.drain();
      assert.equal(service.received.length + smtp.messages.length, count);
      assert.equal((await rows()).filter((r) => r.notice === c.id).length, 4);

      // The daily reader finds the article and its correction in the digest.
      await t.app.db
        .updateTable('deliveries')
        .set({ due_at: '2000-01-01T00:00:00.000Z' })
        .where('follower_id', '=', dora.id)
        .execute();
      await enqueue(t.app.db, 'follow.digest', { date: '2000-01-01' }, { idempotencyKey: 'digest-test' });
      await t.worker.drain();
      await smtp.waitFor(published + 3);
      const [digest] = mailsTo('dora@example.org');
      assert.equal(mailsTo('dora@example.org').length, 1);
      assert.match(digest!.subject ?? '', /: ein neuer Artikel und eine Korrektur$/, 'a correction is no new article');
      assert.match(
        digest!.text ?? '',
        /\* Gipfel in Paris <b>\n[^]*\* Korrektur: Gipfel in Paris <b>\n {2}Das Treffen war am Dienstag/,
      );
    });

    const subOf = (reader: TestReader) =>
      t.app.db
        .selectFrom('mail_subscriptions')
        .selectAll()
        .where('follower_id', '=', reader.id)
        .executeTakeFirstOrThrow();
  });
}
