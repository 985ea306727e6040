// `blattwerk api token add|list|revoke`: tokens from the server's shell (acting as `cli` in the audit log).
import { parseArgs } from 'node:util';
import type { App } from '../../kernel/index.ts';
import { CLI_ACTOR, recordAudit } from '../audit.ts';
import { createToken, listTokens, revokeToken, SCOPES, TokenInputError } from './tokens.ts';

export const API_HELP = `  api token add --scope S [--scope S …] NAME
                                       a token for the Admin API, printed once (S: ${SCOPES.join(', ')})
  api token list                       every token: name, scopes, created, last used, revoked
  api token revoke NAME|ID             the token stops working at once
`;

type Print = (text: string) => void;

export async function runApi(app: App, args: string[], print: Print = (t) => process.stdout.write(t)): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { scope: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  const [group, action, name, ...extra] = positionals;
  if (group !== 'token' || extra.length) {
    print(API_HELP);
    return 2;
  }
  try {
    if (action === 'add' && name) {
      const { token, row } = await createToken(app.db, { name, scopes: values.scope ?? [], by: CLI_ACTOR.label });
      await recordAudit(app.db, {
        actor: CLI_ACTOR,
        action: 'api-token.create',
        subject: row.name,
        detail: { scopes: row.scopes },
      });
      print(`${token}\n`);
      return 0;
    }
    if (action === 'list' && !name) {
      for (const t of await listTokens(app.db))
        print(
          `${t.name}\t${t.scopes.join(',')}\t${t.createdAt}\t${t.lastUsedAt ?? '-'}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'live'}\n`,
        );
      return 0;
    }
    if (action === 'revoke' && name) {
      const revoked = await revokeToken(app.db, name);
      if (!revoked) {
        print(`api: no live token "${name}"\n`);
        return 1;
      }
      await recordAudit(app.db, { actor: CLI_ACTOR, action: 'api-token.revoke', subject: revoked.name });
      print(`revoked ${revoked.name}\n`);
      return 0;
    }
  } catch (err) {
    if (err instanceof TokenInputError) {
      print(`api: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  print(API_HELP);
  return 2;
}
