// The newsroom: staff accounts, sign-in (password + TOTP, passkeys), sessions, roles and the audit log, under
// /redaktion. The editor and the publishing workflow build on this (docs/architecture.md, "Newsroom").
import type { Feature } from '../kernel/index.ts';
import { mailSender } from '../article/index.ts';
import { createMailer } from '../mail.ts';
import { addAsset } from '../web/assets.ts';
import { accountRoutes } from './account-routes.ts';
import { adminRoutes } from './admin-routes.ts';
import { apiCommand, apiRoutes, webhookFanOut, webhookJobs } from './api/index.ts';
import { authRoutes } from './auth-routes.ts';
import { AUDIT_HELP, auditCommand, STAFF_HELP, staffCommand } from './commands.ts';
import { initKeys, type NewsroomApp } from './context.ts';
import { editorRoutes } from './editor/routes.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { pageRoutes } from './pages/routes.ts';
import { passkeyRoutes } from './passkey-routes.ts';
import { loadSecretKey, SecretBox, sealPlainTotp } from './secret-box.ts';
import { staffSessions } from './principal.ts';
import { workflowRoutes } from './workflow/routes.ts';
import { publishJob, queueScheduled } from './workflow/schedule.ts';

export { recordAudit, listAudit, CLI_ACTOR, type Actor, type AuditAction, type AuditEntry } from './audit.ts';
export { PERMISSIONS, ROLES, roleCan, type Permission, type Role } from './roles.ts';
export { staffOf, type StaffPrincipal } from './principal.ts';
export type { NewsroomApp } from './context.ts';

export const newsroomFeature: Feature<NewsroomApp> = {
  name: 'newsroom',

  async init(app) {
    addAsset('newsroom.css', new URL('./assets/newsroom.css', import.meta.url));
    addAsset('newsroom.js', new URL('./assets/newsroom.js', import.meta.url));
    addAsset('editor.css', new URL('./editor/assets/editor.css', import.meta.url));
    const { smtpUrl, mailFrom } = app.config;
    const sender = async () => (await mailSender(app.db, mailFrom)) ?? mailFrom!;
    const mailer = smtpUrl && mailFrom ? createMailer(smtpUrl, sender, 1) : undefined;
    const box = new SecretBox(await loadSecretKey(app.db, app.config));
    // Rows from before TOTP secrets were encrypted are sealed now (the migrations have no key to do it).
    const sealed = await sealPlainTotp(app.db, box);
    if (sealed) app.log(`newsroom: encrypted the TOTP secrets of ${sealed} staff accounts`);
    const newsroom: NewsroomApp = {
      ...app,
      keys: await initKeys(app.db),
      box,
      mailer,
      articleListeners: () => app.articleEvents,
    };
    app.pipeline.useSessions(staffSessions(newsroom));
    await queueScheduled(app.db);
    return newsroom;
  },

  close: (app) => app.mailer?.close(),

  routes: (app) => [
    ...authRoutes(app),
    ...passkeyRoutes(app),
    ...invitationRoutes(app),
    ...accountRoutes(app),
    ...adminRoutes(app),
    ...workflowRoutes(app),
    ...editorRoutes(app),
    ...pageRoutes(app),
    ...apiRoutes(app),
  ],

  jobs: (app) => ({ 'workflow.publish': publishJob(app), ...webhookJobs(app) }),

  articleEvents: { 'api.webhooks': webhookFanOut },

  commands: {
    staff: { help: STAFF_HELP, run: staffCommand },
    audit: { help: AUDIT_HELP, run: auditCommand },
    api: apiCommand,
  },
};
