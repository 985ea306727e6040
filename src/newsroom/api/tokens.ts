// Scoped API tokens: 32 random bytes shown once; the table keeps their SHA-256. A fast hash is enough here (unlike
// passwords): a token has 256 bits of entropy, so no dictionary or brute force gets anywhere near it, and a lookup
// by hash costs one indexed query per request instead of a slow KDF.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import './tables.ts';

export const SCOPES = ['articles:read-drafts', 'articles:write', 'articles:publish', 'images:write'] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

/** Recognisable in logs and secret scanners; the rest is the 32 random bytes. */
const PREFIX = 'bw_';
const MAX_NAME = 100;

export interface ApiToken {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenInputError extends Error {
  override name = 'TokenInputError';
}

/** Makes a token; returns it once, with its row. */
export async function createToken(
  db: Kysely<Database>,
  input: { name: string; scopes: string[]; by: string },
  now = new Date(),
): Promise<{ token: string; row: ApiToken }> {
  const name = input.name.trim();
  if (!name || name.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(name))
    throw new TokenInputError(`a token's name is 1 to ${MAX_NAME} printable characters`);
  if (input.scopes.length === 0) throw new TokenInputError(`a token needs a scope: ${SCOPES.join(', ')}`);
  for (const s of input.scopes)
    if (!isScope(s)) throw new TokenInputError(`unknown scope "${s}"; known: ${SCOPES.join(', ')}`);
  const taken = await db.selectFrom('api_tokens').select('id').where('name', '=', name).executeTakeFirst();
  if (taken) throw new TokenInputError(`a token named "${name}" exists already`);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = {
    id: randomUUID(),
    name,
    token_hash: hashOf(token),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    created_at: now.toISOString(),
    created_by: input.by,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, row: toToken(row) };
}

function toToken(r: Database['api_tokens'] extends infer T ? { [K in keyof T]: T[K] } : never): ApiToken {
  return {
    id: r.id,
    name: r.name,
    scopes: (JSON.parse(r.scopes) as string[]).filter(isScope),
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function listTokens(db: Kysely<Database>): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(toToken);
}

/** Revokes by id or name; false when there is no such live token. */
export async function revokeToken(
  db: Kysely<Database>,
  idOrName: string,
  now = new Date(),
): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', row.id).execute();
  return toToken({ ...row, revoked_at: now.toISOString() });
}

/** The live token a request's `Authorization: Bearer …` header names, or undefined. */
export async function tokenFromHeader(
  db: Kysely<Database>,
  header: string | undefined,
  now = new Date(),
): Promise<ApiToken | undefined> {
  const m = /^Bearer ([A-Za-z0-9_-]{10,100})$/.exec(header ?? '');
  if (!m) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', hashOf(m[1]!))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return toToken(row);
}
