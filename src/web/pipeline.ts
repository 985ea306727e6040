// The one way a state-changing request gets in. Every POST route of every feature runs these steps in order:
//   1. same origin: Sec-Fetch-Site, else Origin (a request with neither still needs the form token);
//   2. session and authorisation: a route that names a permission (`Route.need`) is checked by `authorise`
//      before its handler runs (so before any body is read), against the sessions a feature plugged in;
//   3. rate limit per client address, or per person when signed in (database-backed, so it holds across processes);
//   4. the body: content type, size limit, form or JSON parsing;
//   5. the form token (CSRF), checked by the route's own function (it binds the token to its reader).
// A route then validates its fields, may take a further limit per reader (`limit`), and calls its feature.
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import { hit, type Hit, type Limit } from '../store/rate-limits.ts';
import type { Database } from '../store/schema.ts';
import type { Page } from './http.ts';
import type { Principal, RequestContext } from './server.ts';

export type { Limit } from '../store/rate-limits.ts';

export type Refusal =
  | { ok: false; status: 403; reason: 'cross-site' | 'token' }
  | { ok: false; status: 413; reason: 'too-large' }
  | { ok: false; status: 415; reason: 'not-a-form' | 'not-json' }
  | { ok: false; status: 400; reason: 'bad-json' }
  | { ok: false; status: 429; reason: 'rate-limited'; retryAfterS: number };

export type Accepted<B> = { ok: true; body: B };

export interface WriteOptions {
  /** The address limit this write counts against (besides ANONYMOUS_WRITES or SIGNED_IN_WRITES, which every write counts against). */
  limit?: { scope: string; limit: Limit };
  /** Checks the form's `csrf` field; forms only (JSON cannot be sent cross-site without CORS, which we never allow). */
  token?(csrf: string | undefined): boolean;
  /** A larger body than MAX_JSON_BYTES (JSON; for an upload its limit, required): the editor saves whole articles. */
  maxBytes?: number;
}

/** An upload refused: as any write, or a body that is not multipart form data after all. */
export type UploadRefusal = Refusal | { ok: false; status: 400; reason: 'bad-form' };

/** A multipart form (an upload): its text fields and its files' bytes, by field name. */
export interface UploadForm {
  fields: URLSearchParams;
  files: Map<string, { name: string; bytes: Buffer }>;
}

/** Every anonymous write per client address: generous for a household or office behind one address. */
export const ANONYMOUS_WRITES: Limit = { max: 300, windowMs: 10 * 60_000 };
/**
 * Every write of one signed-in person, counted by the person instead: a newsroom behind one office address, each
 * editor autosaving every few seconds, would otherwise exhaust the address's anonymous limit together.
 */
export const SIGNED_IN_WRITES: Limit = { max: 1200, windowMs: 10 * 60_000 };

const MAX_FORM_BYTES = 8 * 1024;
export const MAX_JSON_BYTES = 4 * 1024;

/**
 * Whoever signs people in (the newsroom) plugs this in: who the request's session belongs to, and the page a
 * refused request gets (a redirect to sign in, 401 or 403). The web layer knows no roles, only permission names.
 */
export interface Sessions {
  principal(ctx: RequestContext): Promise<Principal | undefined>;
  refused(ctx: RequestContext, status: 401 | 403): Page;
}

export type Authorised = { ok: true; principal: Principal } | { ok: false; page: Page };

export interface Pipeline {
  /** Step 2: the request's principal if it may `need`; else the refusal page (401 without a session, else 403). */
  authorise(ctx: RequestContext, need: string): Promise<Authorised>;
  /** Plugs in the sessions (once, at start); without them every route that names a permission answers 401. */
  useSessions(sessions: Sessions): void;
  form(ctx: RequestContext, options?: WriteOptions): Promise<Accepted<URLSearchParams> | Refusal>;
  json(ctx: RequestContext, options?: WriteOptions): Promise<Accepted<unknown> | Refusal>;
  /** A multipart/form-data body of at most `maxBytes`, parsed by Node's own fetch implementation (undici). */
  upload(
    ctx: RequestContext,
    options: WriteOptions & { maxBytes: number },
  ): Promise<Accepted<UploadForm> | UploadRefusal>;
  /** A further limit on one subject (a reader, a mailbox) that the route knows after reading the body. */
  limit(scope: string, subject: string, limit: Limit): Promise<Hit>;
  /** The client's address as the limits count it: IPv4, or an IPv6 /64 (one household gets a whole /64). */
  clientKey(req: IncomingMessage): string;
}

export interface PipelineOptions {
  db: Kysely<Database>;
  /** Read on every request (tests learn their port late): the site's origin and whether a proxy is trusted. */
  config: {
    baseUrl: string;
    /** Behind a reverse proxy: the last X-Forwarded-For entry is the client (the proxy appends it). */
    trustProxy: boolean;
  };
}

export function createPipeline(o: PipelineOptions): Pipeline {
  let sessions: Sessions | undefined;

  async function authorise(ctx: RequestContext, need: string): Promise<Authorised> {
    if (!sessions) return { ok: false, page: NO_SESSIONS };
    const principal = ctx.principal ?? (await sessions.principal(ctx));
    if (!principal) return { ok: false, page: sessions.refused(ctx, 401) };
    ctx.principal = principal;
    return principal.can(need) ? { ok: true, principal } : { ok: false, page: sessions.refused(ctx, 403) };
  }

  function clientKey(req: IncomingMessage): string {
    const forwarded = o.config.trustProxy
      ? String(req.headers['x-forwarded-for'] ?? '')
          .split(',')
          .pop()
          ?.trim()
      : '';
    const address = (forwarded || req.socket.remoteAddress || 'unknown').replace(/^::ffff:(?=\d+\.)/, '');
    return isIPv6(address) ? `${expandIPv6(address).slice(0, 4).join(':')}::/64` : address;
  }

  async function common(ctx: RequestContext, options: WriteOptions): Promise<Refusal | undefined> {
    if (!sameOrigin(ctx.req, o.config.baseUrl)) return { ok: false, status: 403, reason: 'cross-site' };
    // (2) Session and authorisation ran before the handler, from the route's `need` (see `authorise`).
    const address = `addr:${clientKey(ctx.req)}`;
    const writer = ctx.principal ? `person:${ctx.principal.id}` : address;
    for (const [key, limit] of [
      [`write ${writer}`, ctx.principal ? SIGNED_IN_WRITES : ANONYMOUS_WRITES] as const,
      ...(options.limit ? [[`${options.limit.scope} ${address}`, options.limit.limit] as const] : []),
    ]) {
      const result = await hit(o.db, key, limit);
      if (!result.ok) return { ok: false, status: 429, reason: 'rate-limited', retryAfterS: result.retryAfterS };
    }
    return undefined;
  }

  return {
    authorise,
    useSessions(s) {
      if (sessions) throw new Error('web: sessions are plugged in once');
      sessions = s;
    },
    clientKey,
    limit: (scope, subject, limit) => hit(o.db, `${scope} ${subject}`, limit),

    async form(ctx, options = {}) {
      const refused = (await common(ctx, options)) ?? checkType(ctx.req, 'application/x-www-form-urlencoded');
      if (refused) return drained(ctx.req, refused);
      const raw = await readLimited(ctx.req, MAX_FORM_BYTES);
      if (raw === undefined) return { ok: false, status: 413, reason: 'too-large' };
      const form = new URLSearchParams(raw);
      if (options.token && !options.token(form.get('csrf') ?? undefined))
        return { ok: false, status: 403, reason: 'token' };
      return { ok: true, body: form };
    },

    async json(ctx, options = {}) {
      const refused = (await common(ctx, options)) ?? checkType(ctx.req, 'application/json');
      if (refused) return drained(ctx.req, refused);
      const raw = await readLimited(ctx.req, options.maxBytes ?? MAX_JSON_BYTES);
      if (raw === undefined) return { ok: false, status: 413, reason: 'too-large' };
      try {
        return { ok: true, body: JSON.parse(raw) as unknown };
      } catch {
        return { ok: false, status: 400, reason: 'bad-json' };
      }
    },

    async upload(ctx, options) {
      const refused = (await common(ctx, options)) ?? checkType(ctx.req, 'multipart/form-data');
      if (refused) return drained(ctx.req, refused);
      const raw = await readBytesLimited(ctx.req, options.maxBytes);
      if (raw === undefined) return { ok: false, status: 413, reason: 'too-large' };
      let parsed: FormData;
      try {
        // The whole body is in memory and bounded, so the parser never waits on the client.
        const request = new Request('http://upload/', {
          method: 'POST',
          headers: { 'content-type': ctx.req.headers['content-type'] ?? '' },
          body: new Blob([new Uint8Array(raw)]),
        });
        parsed = await request.formData();
      } catch {
        return { ok: false, status: 400, reason: 'bad-form' };
      }
      const form: UploadForm = { fields: new URLSearchParams(), files: new Map() };
      for (const [name, value] of parsed)
        if (typeof value === 'string') form.fields.append(name, value);
        else form.files.set(name, { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
      if (options.token && !options.token(form.fields.get('csrf') ?? undefined))
        return { ok: false, status: 403, reason: 'token' };
      return { ok: true, body: form };
    },
  };
}

const NO_SESSIONS: Page = {
  status: 401,
  type: 'text/plain; charset=utf-8',
  body: 'Anmeldung nötig / sign-in required\n',
  cacheControl: 'no-store',
};

/** A refusal's page with the headers it needs: Retry-After for a rate limit. */
export function withRefusal(page: Page, r: { status?: number; retryAfterS?: number }): Page {
  return r.retryAfterS ? { ...page, headers: { ...page.headers, 'retry-after': String(r.retryAfterS) } } : page;
}

/**
 * Whether a state-changing request comes from our own pages. Browsers send Sec-Fetch-Site (and Origin on POST);
 * a request with neither (curl, old browsers) still needs the form token.
 */
export function sameOrigin(req: IncomingMessage, baseUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (typeof origin === 'string') return origin === new URL(baseUrl).origin;
  return true;
}

function checkType(req: IncomingMessage, wanted: string): Refusal | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === wanted) return undefined;
  return { ok: false, status: 415, reason: wanted === 'application/json' ? 'not-json' : 'not-a-form' };
}

/** The body as text, or undefined when it is larger than the limit (the rest is drained, not kept). */
export async function readLimited(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return (await readBytesLimited(req, limit))?.toString('utf8');
}

/** The raw body up to `limit` bytes, or undefined when it is larger (the rest is drained, not kept). */
export async function readBytesLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function drained<T>(req: IncomingMessage, value: T): T {
  req.resume();
  return value;
}

/** The eight 16-bit groups of a valid IPv6 address (checked by isIPv6 first), '::' expanded. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const h = parts(head);
  const t = tail === undefined ? [] : parts(tail);
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((g) => g.toLowerCase());
}
