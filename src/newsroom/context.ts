// What the newsroom adds to the running app: signatures under its own secret (made on first start in site_meta),
// the mailer for invitations when SMTP is configured, and the settings read from site_meta.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { App } from '../kernel/index.ts';
import type { Database } from '../store/schema.ts';
import type { Mailer } from '../mail.ts';
import type { ArticleEventListeners } from '../article/index.ts';
import type { SecretBox } from './secret-box.ts';

const SECRET_KEY = 'newsroom_secret';
const REQUIRE_2FA = 'newsroom_require_2fa';
const FORM_TOKEN_MS = 12 * 3600_000;
export const SECOND_STEP_MS = 5 * 60_000;

export interface NewsroomApp extends App {
  keys: NewsroomKeys;
  /** Seals TOTP secrets at rest under the site's secret key (never stored in the database). */
  box: SecretBox;
  /** Invitations go out by mail when SMTP is configured; the link is shown once either way. */
  mailer: Mailer | undefined;
  /** The article event handlers as the app has them now (features after this one add theirs after its init). */
  articleListeners(): ArticleEventListeners;
}

export async function initKeys(db: Kysely<Database>): Promise<NewsroomKeys> {
  await db
    .insertInto('site_meta')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('site_meta').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return new NewsroomKeys(Buffer.from(row.value, 'hex'));
}

export class NewsroomKeys {
  private readonly secret: Buffer;
  constructor(secret: Buffer) {
    this.secret = secret;
  }

  private mac(purpose: string, ...parts: string[]): string {
    return createHmac('sha256', this.secret)
      .update([purpose, ...parts].join('\u0000'))
      .digest('base64url');
  }

  /** A form token bound to what the form acts for: the session id, or an invitation's link, or '' (sign-in). */
  formToken(binding: string, now = Date.now()): string {
    const expires = String(now + FORM_TOKEN_MS);
    return `${expires}.${this.mac('form', expires, binding)}`;
  }

  checkFormToken(value: string | undefined, binding: string, now = Date.now()): boolean {
    const [expires, mac] = (value ?? '').split('.');
    if (!expires || !mac || !/^\d{1,15}$/.test(expires) || Number(expires) < now) return false;
    return same(mac, this.mac('form', expires, binding));
  }

  /** The state between a right password and the second factor: who, until when, signed (a short cookie). */
  secondStep(staffId: string, now = Date.now()): string {
    const expires = String(now + SECOND_STEP_MS);
    return `${staffId}.${expires}.${this.mac('2fa', staffId, expires)}`;
  }

  /** A preview link's token: the article and until when, signed (a colleague without an account may look). */
  previewToken(articleId: string, expiresAt: number): string {
    return `${articleId}.${expiresAt}.${this.mac('preview', articleId, String(expiresAt))}`;
  }

  /** The article a preview token names while it is unexpired and untampered. */
  openPreviewToken(value: string, now = Date.now()): string | undefined {
    const [articleId, expires, mac, extra] = value.split('.');
    if (extra !== undefined || !articleId || !expires || !mac || !/^\d{1,15}$/.test(expires)) return undefined;
    if (Number(expires) < now) return undefined;
    return same(mac, this.mac('preview', articleId, expires)) ? articleId : undefined;
  }

  openSecondStep(value: string | undefined, now = Date.now()): string | undefined {
    const [staffId, expires, mac] = (value ?? '').split('.');
    if (!staffId || !expires || !mac || !/^\d{1,15}$/.test(expires) || Number(expires) < now) return undefined;
    return same(mac, this.mac('2fa', staffId, expires)) ? staffId : undefined;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function requires2fa(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('site_meta').select('value').where('key', '=', REQUIRE_2FA).executeTakeFirst();
  return row?.value === '1';
}

export async function setRequire2fa(db: Kysely<Database>, on: boolean): Promise<void> {
  await db
    .insertInto('site_meta')
    .values({ key: REQUIRE_2FA, value: on ? '1' : '0' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: on ? '1' : '0' }))
    .execute();
}
