// `blattwerk staff …` and `blattwerk audit`: the first administrator, and help when nobody can sign in. The
// command line acts as `cli` in the audit log (whoever has a shell on the server is trusted already).
import { parseArgs } from 'node:util';
import { listStaff, StaffError } from './accounts.ts';
import { CLI_ACTOR, listAudit } from './audit.ts';
import type { NewsroomApp } from './context.ts';
import { isRole, ROLES } from './roles.ts';
import { changeRole, disableStaff, inviteStaff, mailLink, resetStaff } from './staff-actions.ts';

export const STAFF_HELP = `  staff add [--role ROLE] [--name N] EMAIL
                                       invite someone (ROLE: ${ROLES.join(', ')}; default
                                       contributor); prints a one-time link, valid seven days
  staff list                           every account: email, role, state, name
  staff role EMAIL ROLE                change someone's role
  staff disable|enable EMAIL           lock someone out (their sessions end) or let them back in
  staff reset EMAIL                    a new one-time link (sets a new password and second factor)
`;

export const AUDIT_HELP = `  audit [--since YYYY-MM-DD] [--actor EMAIL|cli] [--action A] [--limit N]
                                       the audit log, newest first: time, actor, action, subject, address
`;

class UsageError extends Error {
  readonly code = 'ERR_PARSE_ARGS_USAGE';
}

type Print = (text: string) => void;
const stdout: Print = (text) => process.stdout.write(text);

export const staffCommand = (app: NewsroomApp, args: string[]) => runStaff(app, args, stdout);
export const auditCommand = (app: NewsroomApp, args: string[]) => runAudit(app, args, stdout);

export async function runStaff(app: NewsroomApp, args: string[], print: Print): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...rest] = positionals;
  const need = (n: number, usage: string): string[] => {
    if (rest.length !== n) throw new UsageError(`usage: blattwerk staff ${usage}`);
    return rest;
  };
  const role = (value: string | undefined) => {
    if (!isRole(value)) throw new UsageError(`the role must be one of ${ROLES.join(', ')} (got "${value ?? ''}")`);
    return value;
  };
  try {
    switch (action ?? '') {
      case 'add': {
        const [email] = need(1, 'add [--role ROLE] [--name NAME] EMAIL');
        const r = role(values.role ?? 'contributor');
        const { staff, link } = await inviteStaff(app, CLI_ACTOR, { email: email!, name: values.name, role: r });
        const mailed = await mailLink(app, staff, link);
        print(
          `${staff.email} (${staff.role}) is invited${mailed ? ' (mailed)' : ''}. One-time link, valid seven days:\n${link}\n`,
        );
        return 0;
      }
      case 'list':
        need(0, 'list');
        for (const s of await listStaff(app.db)) print(`${s.email}\t${s.role}\t${s.state}\t${s.name}\n`);
        return 0;
      case 'role': {
        const [email, r] = need(2, 'role EMAIL ROLE');
        const staff = await changeRole(app, CLI_ACTOR, email!, role(r));
        print(`${staff.email} is now ${staff.role}\n`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const [email] = need(1, `${action} EMAIL`);
        const staff = await disableStaff(app, CLI_ACTOR, email!, action === 'disable');
        print(`${staff.email} is ${action === 'disable' ? 'disabled; their sessions ended' : 'enabled'}\n`);
        return 0;
      }
      case 'reset': {
        const [email] = need(1, 'reset EMAIL');
        const { staff, link } = await resetStaff(app, CLI_ACTOR, email!);
        await mailLink(app, staff, link);
        print(`${staff.email}: sessions ended. One-time link, valid seven days:\n${link}\n`);
        return 0;
      }
      default:
        throw new UsageError(`usage: blattwerk staff add|list|role|disable|enable|reset (got "${action ?? ''}")`);
    }
  } catch (err) {
    if (err instanceof StaffError) {
      process.stderr.write(`blattwerk staff: ${err.message.replace(/^newsroom: /, '')}\n`);
      return 1;
    }
    throw err;
  }
}

export async function runAudit(app: NewsroomApp, args: string[], print: Print): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      since: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      limit: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`audit takes no arguments (got "${positionals[0]}")`);
  let since: string | undefined;
  if (values.since !== undefined) {
    const t = Date.parse(values.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(t))
      throw new UsageError(`--since must be a date like 2026-11-27 (got "${values.since}")`);
    since = new Date(t).toISOString();
  }
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number`);
  let actor = values.actor;
  if (actor?.includes('@')) {
    const match = (await listStaff(app.db)).find((s) => s.email === actor!.trim().toLowerCase());
    actor = match?.id ?? actor;
  }
  const rows = await listAudit(app.db, { since, actor, action: values.action, limit });
  for (const r of rows)
    print(
      `${r.at}\t${r.actor}\t${r.action}\t${r.subject ?? '-'}\t${r.ip ?? '-'}${r.detail ? `\t${JSON.stringify(r.detail)}` : ''}\n`,
    );
  return 0;
}
