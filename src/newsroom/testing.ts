// Test helpers for the staff area: accounts made straight in the store, and a small browser-like client that
// keeps cookies, reads form tokens and posts forms (same-origin, as the pages would).
import assert from 'node:assert/strict';
import type { App } from '../kernel/index.ts';
import { createStaff, type Staff } from './accounts.ts';
import { hashPassword } from './passwords.ts';
import type { Role } from './roles.ts';
import { loadSecretKey, SecretBox, totpContext } from './secret-box.ts';
import { createSession } from './sessions.ts';

export const PASSWORD = 'korrekt Pferd Batterie Heftklammer';

/** An active account with a password (and a session token, for tests that need no sign-in). */
export async function activeStaff(
  app: App,
  email: string,
  role: Role,
  password = PASSWORD,
): Promise<Staff & { token: string }> {
  const staff = await createStaff(app.db, { email, role });
  await app.db
    .updateTable('staff')
    .set({ state: 'active', password_hash: await hashPassword(password) })
    .where('id', '=', staff.id)
    .execute();
  const { token } = await createSession(app.db, staff.id, { ip: '127.0.0.1', userAgent: 'test', method: 'test' });
  return { ...staff, state: 'active', hasPassword: true, token };
}

/** A client signed in as a new active account of `role`, with the editor's form token (sent as x-csrf-token). */
export async function signedInEditor(
  app: App,
  baseUrl: string,
  email: string,
  role: Role = 'editor',
): Promise<{ client: StaffClient; csrf: string }> {
  const person = await activeStaff(app, email, role);
  const client = new StaffClient(baseUrl);
  client.cookies.set('bw_staff', person.token);
  const page = await (await client.get('/redaktion/artikel/neu')).text();
  return { client, csrf: /"csrf":"([^"]+)"/.exec(page)?.[1] ?? assert.fail('no token on the editor page') };
}

export class StaffClient {
  readonly cookies = new Map<string, string>();
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(r: Response): void {
    for (const line of r.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const r = await fetch(this.baseUrl + path, {
      headers: { cookie: this.cookieHeader(), ...headers },
      redirect: 'manual',
    });
    this.keep(r);
    return r;
  }

  async post(path: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const r = await fetch(this.baseUrl + path, {
      method: 'POST',
      body: new URLSearchParams(body),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        cookie: this.cookieHeader(),
        ...headers,
      },
      redirect: 'manual',
    });
    this.keep(r);
    return r;
  }

  /** A multipart form as a browser sends a file input's form (fetch writes the boundary). */
  async upload(
    path: string,
    fields: Record<string, string>,
    files: Record<string, { name: string; bytes: Buffer; type?: string }> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    for (const [k, f] of Object.entries(files))
      form.set(k, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
    const r = await fetch(this.baseUrl + path, {
      method: 'POST',
      body: form,
      headers: { 'sec-fetch-site': 'same-origin', cookie: this.cookieHeader(), ...headers },
      redirect: 'manual',
    });
    this.keep(r);
    return r;
  }

  /** POSTs JSON as the editor's script does; `csrf` is the page's token, which the script sends in a header. */
  async json(path: string, body: unknown, csrf?: string): Promise<Response> {
    const r = await fetch(this.baseUrl + path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'sec-fetch-site': 'same-origin',
        cookie: this.cookieHeader(),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      redirect: 'manual',
    });
    this.keep(r);
    return r;
  }

  /** The form token of the form posting to `action` on the page at `path`. */
  async csrf(path: string, action?: string): Promise<string> {
    const page = await (await this.get(path)).text();
    const form = action ? page.slice(page.indexOf(`action="${action}"`)) : page;
    return /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? assert.fail(`no form token on ${path}`);
  }

  async signIn(email: string, password = PASSWORD): Promise<Response> {
    const csrf = await this.csrf('/redaktion/anmelden');
    return this.post('/redaktion/anmelden', { csrf, email, password, zurueck: '/redaktion' });
  }
}

/** Gives a person a confirmed TOTP secret, sealed under the site's key as enrolment would store it. */
export async function setTotpSecret(app: App, staffId: string, secret: string): Promise<void> {
  const box = new SecretBox(await loadSecretKey(app.db, app.config));
  await app.db
    .updateTable('staff')
    .set({ totp_secret: box.seal(secret, totpContext(staffId, 'totp_secret')) })
    .where('id', '=', staffId)
    .execute();
}
