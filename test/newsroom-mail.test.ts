// Invitations by mail when SMTP is configured: the mail carries the one-time link (as text and as a link), and
// the administrator still sees it once on the page. Here, beside the features: it uses News folgen's SMTP stand-in.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startSmtpServer, type SmtpTestServer } from '../src/follow/delivery/test-smtp.ts';
import { setSiteSettings } from '../src/article/index.ts';
import { activeStaff, StaffClient } from '../src/newsroom/testing.ts';
import { SQLITE } from '../src/store/testing.ts';
import { startTestApp, type RunningApp } from './support.ts';

let site: RunningApp;
let smtp: SmtpTestServer;
before(async () => {
  smtp = await startSmtpServer();
  site = await startTestApp(SQLITE, {
    env: { BLATTWERK_SMTP_URL: smtp.url, BLATTWERK_MAIL_FROM: 'Blattwerk <news@example.org>' },
  });
});
after(async () => {
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

it('sends from the sender set in the staff settings, else from BLATTWERK_MAIL_FROM', async () => {
  const admin = await activeStaff(site.app, 'absender@example.org', 'admin');
  const c = new StaffClient(site.baseUrl);
  c.cookies.set('bw_staff', admin.token);
  const invite = async (email: string) => {
    const sent = smtp.messages.length;
    const csrf = await c.csrf('/redaktion/team', '/redaktion/team/einladen');
    assert.equal((await c.post('/redaktion/team/einladen', { csrf, email, role: 'editor' })).status, 200);
    await smtp.waitFor(sent + 1);
    return smtp.messages.at(-1)!.mail.from?.text;
  };

  await setSiteSettings(site.app.db, ['mailFrom=Auenstädter Anzeiger <redaktion@auenstadt.example>']);
  assert.equal(await invite('zwei@example.org'), '"Auenstädter Anzeiger" <redaktion@auenstadt.example>');
  await setSiteSettings(site.app.db, ['mailFrom=']);
  assert.equal(await invite('drei@example.org'), '"Blattwerk" <news@example.org>');
});
