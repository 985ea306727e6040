// The Admin API: bearer tokens with scopes (tokens.ts), never cookies, so no CSRF applies and no browser can send
// one cross-site on its own; a token in the query string is refused, not read. Every use is audited and counted
// against the token's own rate limit. Bodies are checked against the OpenAPI schemas, then by the content
// model's limits (checkArticleInput), as every importer's result is.
import type { IncomingMessage } from 'node:http';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import {
  checkArticleInput,
  getArticleById,
  ImageError,
  ingestImage,
  InputError,
  MAX_IMAGE_BYTES,
  parsePublicationDate,
  saveArticle,
  StaleVersionError,
  type Article,
  type ArticleInput,
  type Block,
  type Figure,
} from '../../article/index.ts';
import type { Page, RequestContext, Route } from '../../kernel/index.ts';
import { readBytesLimited, readLimited } from '../../web/pipeline.ts';
import { recordAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import type { StaffPrincipal } from '../principal.ts';
import { DocumentError } from '../editor/convert.ts';
import { checkLinks, imageRef } from '../editor/save.ts';
import { act, ActionRefused, type Refusal } from '../workflow/actions.ts';
import { apiError, apiJson, articleJson } from './json.ts';
import { openApiDocument } from './openapi.ts';
import { tokenFromHeader, type ApiToken, type Scope } from './tokens.ts';

/** Per token: plenty for a CMS bridge or an agency feed, a wall for a leaked token in a loop. */
export const TOKEN_LIMIT = { max: 600, windowMs: 10 * 60_000 };
const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

let validateInput: ValidateFunction | undefined;
function inputValidator(): ValidateFunction {
  if (validateInput) return validateInput;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema({ ...openApiDocument(''), $id: 'blattwerk-api' });
  validateInput = ajv.compile({ $ref: 'blattwerk-api#/components/schemas/ArticleInput' });
  return validateInput;
}

type Authed = { ok: true; token: ApiToken } | { ok: false; page: Page };

/** The token, its scope, its rate limit, and the audit entry of its use. */
async function authenticate(app: NewsroomApp, ctx: RequestContext, scope: Scope): Promise<Authed> {
  const what = `${ctx.req.method} ${ctx.url.pathname}`;
  if (/(^|[?&])(token|access_token|api_key)=/i.test(ctx.url.search))
    return { ok: false, page: apiError(400, 'tokens are only accepted in the Authorization header', 'token') };
  const token = await tokenFromHeader(app.db, ctx.req.headers.authorization);
  const ip = app.pipeline.clientKey(ctx.req);
  if (!token)
    return {
      ok: false,
      page: apiError(401, 'send a valid token: Authorization: Bearer <token>', undefined, {
        'www-authenticate': 'Bearer',
      }),
    };
  const limited = await app.pipeline.limit('api-token', token.id, TOKEN_LIMIT);
  const allowed = token.scopes.includes(scope);
  await recordAudit(app.db, {
    actor: { id: null, label: `token:${token.name}` },
    action: 'api-token.use',
    subject: what,
    ip,
    detail: { scope, ...(allowed ? {} : { refused: 'scope' }), ...(limited.ok ? {} : { refused: 'rate-limit' }) },
  });
  if (!limited.ok)
    return {
      ok: false,
      page: apiError(429, 'too many requests with this token', undefined, {
        'retry-after': String(limited.retryAfterS),
      }),
    };
  if (!allowed) return { ok: false, page: apiError(403, `this token lacks the scope ${scope}`) };
  return { ok: true, token };
}

async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false; page: Page }> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return { ok: false, page: apiError(415, 'send the article as application/json') };
  const raw = await readLimited(req, MAX_ARTICLE_BYTES);
  if (raw === undefined) return { ok: false, page: apiError(413, `the body is over ${MAX_ARTICLE_BYTES} bytes`) };
  try {
    return { ok: true, body: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, page: apiError(400, 'the body is not JSON') };
  }
}

interface InputBody {
  kicker?: string;
  headline: string;
  lead: string;
  leadImage?: Figure;
  body: Block[];
  authors?: string[];
  topics?: string[];
  language: string;
  published?: string;
  sourceUrl?: string;
  expectedVersion?: number;
}

/**
 * The body as an ArticleInput, or a 400 naming the field at fault: the schema, then the editor's checks (every
 * image a stored one, taken from the store rather than from the request; links and embeds as the importer
 * allows them), then the model's limits.
 */
async function articleInput(
  db: NewsroomApp['db'],
  body: unknown,
  status: Article['status'],
  published?: Article['published'],
  importKey?: string | null,
): Promise<{ ok: true; input: ArticleInput; expectedVersion?: number } | { ok: false; page: Page }> {
  const validate = inputValidator();
  if (!validate(body)) {
    const e = validate.errors?.[0];
    const field = e ? e.instancePath || '/' : '/';
    return { ok: false, page: apiError(400, `${field} ${e?.message ?? 'is invalid'}`, field) };
  }
  const b = body as InputBody;
  let date = published;
  if (b.published !== undefined || !date) {
    // Now to the second: the model's timestamps carry no fractions, which toISOString() always writes.
    const parsed = parsePublicationDate(b.published ?? `${new Date().toISOString().slice(0, 19)}Z`);
    if (typeof parsed === 'string') return { ok: false, page: apiError(400, parsed, 'published') };
    date = parsed;
  }
  const input: ArticleInput = {
    importKey: importKey ?? undefined,
    kicker: b.kicker,
    headline: b.headline,
    lead: b.lead,
    leadImage: b.leadImage,
    body: b.body,
    authors: b.authors ?? [],
    topics: b.topics ?? [],
    language: b.language,
    published: date,
    sourceUrl: b.sourceUrl,
    status,
  };
  try {
    input.body = await Promise.all(
      b.body.map(async (block, i) => {
        if (block.type !== 'image') return block;
        return { ...block, image: await storedImage(db, block.image.id, `body block ${i + 1} (image)`) };
      }),
    );
    if (b.leadImage)
      input.leadImage = { ...b.leadImage, image: await storedImage(db, b.leadImage.image.id, 'lead image') };
    input.body.forEach(checkLinks);
    checkArticleInput(input);
  } catch (err) {
    if (err instanceof InputError || err instanceof DocumentError)
      return { ok: false, page: apiError(400, err.message) };
    throw err;
  }
  return { ok: true, input, ...(b.expectedVersion === undefined ? {} : { expectedVersion: b.expectedVersion }) };
}

async function save(
  app: NewsroomApp,
  token: ApiToken,
  input: ArticleInput,
  options: { id?: string; expectedVersion: number },
  status: number,
): Promise<Page> {
  try {
    const saved = await saveArticle(app.db, input, {
      by: `token:${token.name}`,
      listeners: app.articleListeners(),
      ...options,
    });
    return apiJson(status, articleJson(saved.article, app.config.baseUrl));
  } catch (err) {
    if (err instanceof StaleVersionError) return apiError(409, err.message, 'expectedVersion');
    throw err;
  }
}

/**
 * A token acting in the workflow: it holds what its scope grants (articles:publish publishes and withdraws any
 * article, as Redaktion does), and the workflow's own rules, states and embargo apply as to a person.
 */
function tokenPrincipal(token: ApiToken): StaffPrincipal {
  const label = `token:${token.name}`;
  const granted = token.scopes.includes('articles:publish')
    ? ['articles.write', 'articles.publish-own', 'articles.edit-any']
    : [];
  return {
    id: label,
    sessionId: '',
    email: label,
    name: label,
    role: 'editor',
    mustEnrol: false,
    can: (p) => granted.includes(p),
  };
}

const REFUSALS: Record<Refusal['reason'], string> = {
  'not-found': 'no article has this id',
  forbidden: 'this token may not take this step',
  'wrong-state': "the article's state does not allow this step",
  stale: 'the article was saved by someone else since expectedVersion; nothing was written',
  embargo: 'the article is under embargo',
  'no-time': 'a time is needed',
  'past-time': 'the time has passed',
  'no-reason': 'send a note: the reason readers see',
  'no-correction': 'a correction needs a note',
  'unknown-version': 'no such version',
};

/** Publish or withdraw through the workflow (the same step the staff area takes, with its audit entry). */
async function step(
  app: NewsroomApp,
  ctx: RequestContext,
  token: ApiToken,
  action: 'publish' | 'withdraw',
): Promise<Page> {
  let note: string | undefined;
  let version: number | undefined;
  if (ctx.req.headers['content-type']) {
    const body = await readJsonBody(ctx.req);
    if (!body.ok) return body.page;
    const b = body.body as { note?: unknown; expectedVersion?: unknown } | null;
    if (typeof b !== 'object' || b === null) return apiError(400, 'the body is a JSON object');
    if (b.note !== undefined && (typeof b.note !== 'string' || b.note.length > 2000))
      return apiError(400, 'note is a text of at most 2000 characters', 'note');
    if (b.expectedVersion !== undefined && !Number.isInteger(b.expectedVersion))
      return apiError(400, 'expectedVersion is a whole number', 'expectedVersion');
    note = b.note;
    version = b.expectedVersion as number | undefined;
  } else ctx.req.resume();
  try {
    const article = await act(
      app,
      tokenPrincipal(token),
      ctx.params[0] ?? '',
      action,
      { ...(note !== undefined ? { note } : {}), ...(version !== undefined ? { version } : {}) },
      app.pipeline.clientKey(ctx.req),
    );
    return apiJson(200, articleJson(article, app.config.baseUrl));
  } catch (err) {
    if (!(err instanceof ActionRefused)) throw err;
    const r = err.refusal;
    const message = r.reason === 'embargo' ? `${REFUSALS.embargo} until ${r.until.toISOString()}` : REFUSALS[r.reason];
    return apiError(
      r.status,
      message,
      r.reason === 'no-reason' ? 'note' : r.reason === 'stale' ? 'expectedVersion' : undefined,
    );
  }
}

function route(
  method: 'GET' | 'POST',
  path: RegExp,
  scope: Scope,
  handle: (app: NewsroomApp, ctx: RequestContext, token: ApiToken) => Promise<Page>,
) {
  return (app: NewsroomApp): Route => ({
    method,
    path,
    async handle(ctx) {
      const auth = await authenticate(app, ctx, scope);
      if (!auth.ok) {
        if (method === 'POST') ctx.req.resume();
        return auth.page;
      }
      return handle(app, ctx, auth.token);
    },
  });
}

async function storedImage(db: NewsroomApp['db'], id: string, where: string) {
  const image = await imageRef(db, id);
  if (!image) throw new DocumentError(`${where}: there is no stored image "${id.slice(0, 64)}"; upload it first`);
  return image;
}

const ROUTES = [
  route('POST', /^\/api\/v1\/admin\/articles$/, 'articles:write', async (app, ctx, token) => {
    const body = await readJsonBody(ctx.req);
    if (!body.ok) return body.page;
    const checked = await articleInput(app.db, body.body, 'draft');
    if (!checked.ok) return checked.page;
    return save(app, token, checked.input, { expectedVersion: 0 }, 201);
  }),
  route('GET', /^\/api\/v1\/admin\/articles\/([^/]+)$/, 'articles:read-drafts', async (app, ctx) => {
    const article = await getArticleById(app.db, ctx.params[0] ?? '');
    if (!article) return apiError(404, `no article has the id "${(ctx.params[0] ?? '').slice(0, 100)}"`);
    return apiJson(200, articleJson(article, app.config.baseUrl));
  }),
  route('POST', /^\/api\/v1\/admin\/articles\/([^/]+)$/, 'articles:write', async (app, ctx, token) => {
    const body = await readJsonBody(ctx.req);
    if (!body.ok) return body.page;
    const a = await getArticleById(app.db, ctx.params[0] ?? '');
    if (!a) return apiError(404, `no article has the id "${(ctx.params[0] ?? '').slice(0, 100)}"`);
    // The state stays what it is: publishing and withdrawing are workflow steps of their own.
    const checked = await articleInput(app.db, body.body, a.status, a.published, a.importKey);
    if (!checked.ok) return checked.page;
    if (checked.expectedVersion === undefined)
      return apiError(400, 'send expectedVersion: the version you read', 'expectedVersion');
    return save(app, token, checked.input, { id: a.id, expectedVersion: checked.expectedVersion }, 200);
  }),
  route('POST', /^\/api\/v1\/admin\/articles\/([^/]+)\/publish$/, 'articles:publish', (app, ctx, token) =>
    step(app, ctx, token, 'publish'),
  ),
  route('POST', /^\/api\/v1\/admin\/articles\/([^/]+)\/withdraw$/, 'articles:publish', (app, ctx, token) =>
    step(app, ctx, token, 'withdraw'),
  ),
  route('POST', /^\/api\/v1\/admin\/images$/, 'images:write', async (app, ctx) => {
    const type = ctx.req.headers['content-type'] ?? '';
    if (!/^image\//i.test(type)) {
      ctx.req.resume();
      return apiError(415, 'send the image bytes with an image/* content type');
    }
    const focal = (name: string) => {
      const v = ctx.url.searchParams.get(name);
      return v === null ? 50 : /^\d{1,3}(\.\d{1,3})?$/.test(v) ? Number(v) : NaN;
    };
    const [x, y] = [focal('focalX'), focal('focalY')];
    if (!(x >= 0 && x <= 100 && y >= 0 && y <= 100)) {
      ctx.req.resume();
      return apiError(400, 'focalX and focalY are percentages from 0 to 100', 'focalX');
    }
    const bytes = await readBytesLimited(ctx.req, MAX_IMAGE_BYTES);
    if (!bytes) return apiError(413, `the image is over ${MAX_IMAGE_BYTES} bytes`);
    try {
      const image = await ingestImage(app.db, app.files, { bytes, name: 'upload', focal: { x, y } });
      return apiJson(201, {
        id: image.id,
        width: image.width,
        height: image.height,
        focal: image.focal,
        shareBytes: image.shareBytes,
      });
    } catch (err) {
      if (err instanceof ImageError) return apiError(415, err.message);
      throw err;
    }
  }),
];

export function adminApiRoutes(app: NewsroomApp): Route[] {
  return ROUTES.map((r) => r(app));
}
