// TOTP secrets at rest: AES-256-GCM (node:crypto) under the site's secret key, each value bound to its row and
// column (the additional data), so a stolen database or backup holds no usable second factor and a value
// copied to another person's row does not open. The key comes from BLATTWERK_SECRET_KEY(_FILE), else from
// DATA/secret.key, made on first start (0600); it is never stored in the database.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import './tables.ts';

const PREFIX = 'v1.';
const KEY_FILE = 'secret.key';
const HEX_KEY = /^[0-9a-f]{64}$/i;
const TAG_BYTES = 16;

export class SecretBox {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('newsroom: the secret key must be 32 bytes');
    this.key = key;
  }

  /** `v1.<iv>.<ciphertext and tag>`, base64url; `context` names the row and column it belongs to. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The plain value; throws when it was sealed under another key or for another row (never guesses). */
  open(sealed: string, context: string): string {
    const [iv, body] = sealed.startsWith(PREFIX) ? sealed.slice(PREFIX.length).split('.') : [];
    const bytes = Buffer.from(body ?? '', 'base64url');
    // A shorter tag would be taken as a truncated one (GCM allows 4 bytes), which a forger can guess.
    if (!iv || bytes.length < TAG_BYTES) throw new Error(`newsroom: ${context} is not an encrypted value`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    })
      .setAAD(Buffer.from(context))
      .setAuthTag(bytes.subarray(-TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(0, -TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new Error(`newsroom: cannot decrypt ${context}: another secret key than the one it was sealed with?`, {
        cause: err,
      });
    }
  }
}

export const isSealed = (value: string) => value.startsWith(PREFIX);

/** Where a staff row's TOTP value belongs: the additional data it is sealed with. */
export const totpContext = (staffId: string, column: 'totp_secret' | 'totp_pending') => `staff.${column}:${staffId}`;

/**
 * The key: the configured one (64 hex characters), else DATA/secret.key, made now with mode 0600 unless sealed
 * rows exist (a new key could not open them: refusing to start beats locking every second factor out). A key
 * that does not open a sealed row stops the start too, naming where it came from, instead of failing each
 * sign-in later.
 */
export async function loadSecretKey(
  db: Kysely<Database>,
  config: { secretKey: string | undefined; dataDir: string },
): Promise<Buffer> {
  const sealed = await db
    .selectFrom('staff')
    .select(['id', 'totp_secret', 'totp_pending'])
    .where((eb) => eb.or([eb('totp_secret', 'like', `${PREFIX}%`), eb('totp_pending', 'like', `${PREFIX}%`)]))
    .limit(1)
    .executeTakeFirst();
  const opening = (key: Buffer, where: string): Buffer => {
    if (!sealed) return key;
    const column = sealed.totp_secret?.startsWith(PREFIX) ? 'totp_secret' : 'totp_pending';
    try {
      new SecretBox(key).open(sealed[column]!, totpContext(sealed.id, column));
    } catch (err) {
      throw new Error(
        `newsroom: the secret key in ${where} does not open the TOTP secrets in the database: ` +
          `give it the key they were sealed with (a new key cannot open them)`,
        { cause: err },
      );
    }
    return key;
  };
  if (config.secretKey !== undefined)
    return opening(
      hexKey(config.secretKey, 'BLATTWERK_SECRET_KEY'),
      'BLATTWERK_SECRET_KEY (or BLATTWERK_SECRET_KEY_FILE)',
    );
  const path = join(config.dataDir, KEY_FILE);
  const existing = readKeyFile(path);
  if (existing !== undefined) return opening(hexKey(existing, path), path);
  if (sealed)
    throw new Error(
      `newsroom: TOTP secrets in the database are encrypted, but there is no key: set BLATTWERK_SECRET_KEY ` +
        `(or BLATTWERK_SECRET_KEY_FILE) or put back ${path} (a new key cannot open them)`,
    );
  const key = randomBytes(32);
  // Written whole under another name, then linked into place: another process starting at once never reads a
  // half-written key, and a link never replaces a key that process put there first (then that one is used).
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx', flush: true });
  try {
    linkSync(temporary, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return hexKey(readKeyFile(path) ?? '', path);
  } finally {
    unlinkSync(temporary);
  }
  return key;
}

/** The key file's text, trimmed; undefined when there is none. */
function readKeyFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`newsroom: cannot read the secret key ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function hexKey(text: string, where: string): Buffer {
  if (!HEX_KEY.test(text))
    throw new Error(`newsroom: the secret key in ${where} must be 64 hex characters (openssl rand -hex 32)`);
  return Buffer.from(text, 'hex');
}

/** Seals the TOTP values still stored in plain text (rows from before encryption); each row in its own update. */
export async function sealPlainTotp(db: Kysely<Database>, box: SecretBox): Promise<number> {
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'totp_secret', 'totp_pending'])
    .where((eb) =>
      eb.or([
        eb.and([eb('totp_secret', 'is not', null), eb('totp_secret', 'not like', `${PREFIX}%`)]),
        eb.and([eb('totp_pending', 'is not', null), eb('totp_pending', 'not like', `${PREFIX}%`)]),
      ]),
    )
    .execute();
  for (const r of rows) {
    const seal = (v: string | null, column: 'totp_secret' | 'totp_pending') =>
      v === null || isSealed(v) ? v : box.seal(v, totpContext(r.id, column));
    await db
      .updateTable('staff')
      .set({ totp_secret: seal(r.totp_secret, 'totp_secret'), totp_pending: seal(r.totp_pending, 'totp_pending') })
      .where('id', '=', r.id)
      // Unchanged since it was read: another process starting at once may have sealed it already.
      .where((eb) =>
        eb.and(
          (['totp_secret', 'totp_pending'] as const).map((c) => (r[c] === null ? eb(c, 'is', null) : eb(c, '=', r[c]))),
        ),
      )
      .execute();
  }
  return rows.length;
}
