// Invitations by mail when SMTP is configured: the mail carries the one-time link (as text and as a link), and
// the administrator still sees it once on the page. Here, beside the features: it uses News folgen's SMTP stand-in.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startSmtpServer, type SmtpTestServer } from '../src/follow/delivery/test-smtp.ts';
import { createMailer } from '../src/mail.ts';
import type { NewsroomApp } from '../src/newsroom/index.ts';
import { activeStaff, StaffClient } from '../src/newsroom/testing.ts';
import { SQLITE } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

let site: RunningApp;
let smtp: SmtpTestServer;
before(async () => {
  smtp = await startSmtpServer();
  site = await startTestApp(SQLITE);
  (site.app.features.newsroom as NewsroomApp).mailer = createMailer(smtp.url, 'Blattwerk <news@example.org>', 1);
});
after(async () => {
  (site.app.features.newsroom as NewsroomApp).mailer?.close();
  await site.stop();
  await smtp.stop();
});

it('mails the invitation link and shows it once', async () => {
  const admin = await activeStaff(site.app, 'chefin@example.org', 'admin');
  const c = new StaffClient(site.baseUrl);
  c.cookies.set('bw_staff', admin.token);
  const csrf = await c.csrf('/redaktion/team', '/redaktion/team/einladen');
  const page = await (
    await c.post('/redaktion/team/einladen', { csrf, email: 'neu@example.org', role: 'editor' })
  ).text();
  assert.match(page, /Der Link wurde an neu@example\.org geschickt/);
  const shown = /<code class="secret">([^<]+)<\/code>/.exec(page)?.[1] ?? assert.fail('no link on the page');
  await smtp.waitFor(1);
  const { to, mail } = smtp.messages[0]!;
  assert.deepEqual(to, ['neu@example.org']);
  assert.match(mail.subject ?? '', /Einladung in die Redaktion von Blattwerk/);
  assert.ok(mail.text?.includes(shown), 'the text carries the link');
  assert.ok(String(mail.html).includes(`<a href="${shown}">`), 'the HTML links it');
});
