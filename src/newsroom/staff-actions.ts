// What administrators do to accounts, from the staff area or the command line: each change and its audit entry
// in one transaction. Invitation and reset links are returned to show once (and mailed when SMTP is set up).
import { randomUUID } from 'node:crypto';
import { html } from '../web/html.ts';
import { staffMessages } from './messages.ts';
import { createStaff, findStaff, setDisabled, setRole, type Staff } from './accounts.ts';
import { recordAudit, type Actor } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { issueLink } from './links.ts';
import type { Role } from './roles.ts';
import { endSessions } from './sessions.ts';

/** Mails a one-time link when SMTP is configured; true when the server took the mail. */
export async function mailLink(
  app: NewsroomApp,
  staff: Staff,
  link: string,
  locale: 'de' | 'en' = 'de',
): Promise<boolean> {
  if (!app.mailer) return false;
  const m = staffMessages[locale];
  const text = m.inviteMailText(app.site.name, link);
  const result = await app.mailer.send({
    to: staff.email,
    subject: m.inviteMailSubject(app.site.name),
    text,
    html: html`${text
      .trim()
      .split('\n\n')
      .map(
        (para) =>
          html`<p>${para
            .split('\n')
            .map(
              (line, i) => html`${i ? html`<br>` : ''}${line === link ? html`<a href="${link}">${link}</a>` : line}`,
            )}</p>`,
      )}`.value,
    messageId: `<staff-link-${randomUUID()}@${new URL(app.config.baseUrl).hostname}>`,
  });
  if (result.kind !== 'sent') app.log(`newsroom: cannot mail the link to ${staff.email}: ${result.reason}`);
  return result.kind === 'sent';
}

export const linkUrl = (app: NewsroomApp, token: string) => `${app.config.baseUrl}/redaktion/einladung/${token}`;

export async function inviteStaff(
  app: NewsroomApp,
  actor: Actor,
  input: { email: string; name?: string; role: Role },
  ip: string | null = null,
): Promise<{ staff: Staff; link: string }> {
  return app.db.transaction().execute(async (tx) => {
    const staff = await createStaff(tx, input);
    const token = await issueLink(tx, staff.id, 'invite');
    await recordAudit(tx, {
      actor,
      action: 'staff.invite',
      subject: staff.id,
      ip,
      detail: { email: staff.email, role: staff.role },
    });
    return { staff, link: linkUrl(app, token) };
  });
}

export async function changeRole(
  app: NewsroomApp,
  actor: Actor,
  who: string,
  role: Role,
  ip: string | null = null,
): Promise<Staff> {
  return app.db.transaction().execute(async (tx) => {
    const staff = await findStaff(tx, who);
    if (staff.role === role) return staff;
    await setRole(tx, staff, role);
    await recordAudit(tx, {
      actor,
      action: 'staff.role',
      subject: staff.id,
      ip,
      detail: { from: staff.role, to: role },
    });
    return { ...staff, role };
  });
}

/** Disabling ends every session of the person at once; enabling lets them sign in again with what they had. */
export async function disableStaff(
  app: NewsroomApp,
  actor: Actor,
  who: string,
  disabled: boolean,
  ip: string | null = null,
): Promise<Staff> {
  return app.db.transaction().execute(async (tx) => {
    const staff = await findStaff(tx, who);
    await setDisabled(tx, staff, disabled);
    await recordAudit(tx, { actor, action: disabled ? 'staff.disable' : 'staff.enable', subject: staff.id, ip });
    return staff;
  });
}

/** A new one-time link; when it is used, the person's second factors are replaced and their sessions end. */
export async function resetStaff(
  app: NewsroomApp,
  actor: Actor,
  who: string,
  ip: string | null = null,
): Promise<{ staff: Staff; link: string }> {
  return app.db.transaction().execute(async (tx) => {
    const staff = await findStaff(tx, who);
    const token = await issueLink(tx, staff.id, staff.state === 'invited' ? 'invite' : 'reset');
    await endSessions(tx, staff.id);
    await recordAudit(tx, { actor, action: 'staff.reset', subject: staff.id, ip });
    return { staff, link: linkUrl(app, token) };
  });
}
