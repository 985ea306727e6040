// The Content API, the Admin API and the OpenAPI document over real HTTP on both databases. The document is
// checked by a maintained OpenAPI 3.1 validator, and every answer these tests receive is checked against the
// schema the document gives for its path, method and status (ajv, JSON Schema 2020-12).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import sharp from 'sharp';
import { parsePublicationDate, saveArticle, type PublicationDate } from '../../article/index.ts';
import { importSeed, startTestApp, type RunningApp } from '../../../test/support.ts';
import { listAudit } from '../audit.ts';
import { DIALECTS } from '../../store/testing.ts';
import { runApi } from './commands.ts';
import type { openApiDocument } from './openapi.ts';
import { activeStaff, StaffClient } from '../testing.ts';
import { createToken } from './tokens.ts';

type Doc = ReturnType<typeof openApiDocument>;

/** The fields these tests read from answers; the document's schemas check the real shapes. */
interface Answer {
  articles: { slug: string; headline: string; body: unknown[] }[];
  topics: { slug: string }[];
  authors: { slug: string }[];
  entities: { id: string }[];
  total: number;
  next: string | null;
  error: string;
  parameter: string;
  id: string;
  slug: string;
  headline: string;
  lead: string;
  state: string;
  version: number;
  width: number;
  height: number;
  focal: { x: number; y: number };
  leadImage: { image: unknown } | null;
}

/** Checks answers against the document: the schema of the path template, method and status that answered. */
function conformance(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...doc, $id: 'api' });
  const templates = Object.keys(doc.paths).map((t) => ({
    t,
    re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  let checked = 0;
  return {
    get checked() {
      return checked;
    },
    check(method: string, path: string, status: number, body: unknown) {
      const pathname = new URL(path, 'http://x').pathname;
      // The most specific template: a literal path wins over one with a parameter.
      const found = templates
        .filter((x) => x.re.test(pathname))
        .sort((a, b) => a.t.split('{').length - b.t.split('{').length)[0];
      assert.ok(found, `no path in the document for ${pathname}`);
      const op = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[found.t]![
        method.toLowerCase()
      ];
      assert.ok(op, `no ${method} ${found.t} in the document`);
      const response = op.responses[String(status)] as { content?: Record<string, unknown> } | undefined;
      assert.ok(response, `${method} ${found.t} answered ${status}, which the document does not list`);
      if (status === 304) return void checked++;
      assert.ok(response.content?.['application/json'], `${method} ${found.t} ${status} has no JSON schema`);
      const pointer = `api#/paths/${found.t.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
      assert.ok(validate(body), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`);
      checked++;
    },
  };
}

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
}

const draft = {
  kicker: 'Test',
  headline: 'Die Brücke am Fluss wird neu gebaut',
  lead: 'Der Stadtrat hat den Neubau beschlossen.',
  body: [
    { type: 'paragraph', text: 'Die alte Brücke ist marode.', marks: [{ type: 'em', start: 9, end: 14 }] },
    {
      type: 'list',
      ordered: false,
      items: [
        { text: 'Planung', marks: [] },
        { text: 'Bau', marks: [] },
      ],
    },
  ],
  authors: ['Anna Beispiel'],
  topics: ['Verkehr'],
  language: 'de',
  published: '2026-11-20',
};

for (const dialect of DIALECTS) {
  describe(`the API over HTTP (${dialect.name})`, () => {
    let site: RunningApp;
    let doc: Doc;
    let seedId: string;
    let seedSlug: string;
    let conforms: ReturnType<typeof conformance>;
    const tokens: Record<string, string> = {};

    before(async () => {
      site = await startTestApp(dialect);
      const seed = await importSeed(site.app);
      seedId = seed.id;
      seedSlug = seed.slug;
      await saveArticle(
        site.app.db,
        {
          importKey: 'test:rat',
          headline: 'Der Stadtrat tagt',
          lead: 'Öffentlich.',
          body: [{ type: 'paragraph', text: 'Am Montag.', marks: [] }],
          authors: ['Bernd Muster'],
          topics: ['Politik'],
          language: 'de',
          published: parsePublicationDate('2026-10-01') as PublicationDate,
          status: 'published',
        },
        { by: 'test' },
      );
      for (const [name, scopes] of [
        ['all', ['articles:read-drafts', 'articles:write', 'articles:publish', 'images:write']],
        ['reader', ['articles:read-drafts']],
      ] as const)
        tokens[name] = (await createToken(site.app.db, { name, scopes: [...scopes], by: 'test' })).token;
      doc = (await (await fetch(`${site.baseUrl}/api/v1/openapi.json`)).json()) as Doc;
      conforms = conformance(doc);
    });
    after(() => site.stop());

    /** Every answer goes through the document's schema. */
    async function call(path: string, init: RequestInit & { token?: string } = {}) {
      const { token, ...rest } = init;
      const res = await fetch(site.baseUrl + path, {
        ...rest,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(rest.headers as Record<string, string>),
        },
      });
      const body = res.status === 304 ? undefined : ((await res.json()) as unknown);
      conforms.check(rest.method ?? 'GET', path, res.status, body);
      return { res, status: res.status, body: body as Answer };
    }
    const post = (path: string, token: string | undefined, value: unknown) =>
      call(path, {
        method: 'POST',
        token,
        body: JSON.stringify(value),
        headers: { 'content-type': 'application/json' },
      });

    it('serves an OpenAPI 3.1 document that a maintained validator accepts', async () => {
      const result = await new Validator().validate(structuredClone(doc));
      assert.equal(result.valid, true, JSON.stringify(result.errors));
      assert.equal(doc.openapi, '3.1.0');
      for (const path of [
        '/api/v1/articles',
        '/api/v1/articles/{idOrSlug}',
        '/api/v1/topics',
        '/api/v1/authors',
        '/api/v1/entities',
        '/api/v1/search',
        '/api/v1/admin/articles',
        '/api/v1/admin/images',
      ])
        assert.ok(path in doc.paths, path);
    });

    it('lists published articles with the rich model, filters them and pages through them', async () => {
      const all = await call('/api/v1/articles');
      assert.equal(all.status, 200);
      assert.equal(all.body.total, 2);
      assert.deepEqual(
        all.body.articles.map((a) => a.slug),
        ['der-stadtrat-tagt', seedSlug],
      );
      assert.ok(all.body.articles[1]!.body.length > 0);
      assert.equal((await call('/api/v1/articles?topic=politik')).body.articles[0]?.headline, 'Der Stadtrat tagt');
      assert.equal((await call('/api/v1/articles?author=bernd-muster')).body.total, 1);
      assert.equal((await call('/api/v1/articles?topic=gibt-es-nicht')).body.total, 0);
      assert.equal((await call('/api/v1/articles?language=en')).body.total, 0);
      assert.equal((await call('/api/v1/articles?from=2025-03-01&to=2025-04-01')).body.articles[0]?.slug, seedSlug);
      assert.equal((await call('/api/v1/articles?from=2025-04-01')).body.total, 1);
      const first = await call('/api/v1/articles?perPage=1');
      assert.equal(first.body.next, '/api/v1/articles?perPage=1&page=2');
      const second = await call(first.body.next);
      assert.equal(second.body.articles[0]?.slug, seedSlug);
      assert.equal(second.body.next, null);
    });

    it('answers bad parameters with 400 naming them', async () => {
      for (const [query, parameter] of [
        ['perPage=0', 'perPage'],
        ['page=zwei', 'page'],
        ['from=2025-13-01', 'from'],
        ['language=%3Cscript%3E', 'language'],
        ['sort=neu', 'sort'],
      ]) {
        const r = await call(`/api/v1/articles?${query}`);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.parameter, parameter);
        assert.match(r.body.error, new RegExp(parameter!));
      }
      assert.equal((await call('/api/v1/topics?x=1')).status, 400);
    });

    it('gives one article by id and by slug, with an ETag that answers 304; 404 names what was not found', async () => {
      const bySlug = await call(`/api/v1/articles/${seedSlug}`);
      assert.equal(bySlug.status, 200);
      assert.equal(bySlug.body.id, seedId);
      assert.equal((await call(`/api/v1/articles/${seedId}`)).body.slug, seedSlug);
      const etag = bySlug.res.headers.get('etag');
      assert.ok(etag);
      assert.match(bySlug.res.headers.get('cache-control') ?? '', /public/);
      assert.equal((await call(`/api/v1/articles/${seedSlug}`, { headers: { 'if-none-match': etag } })).status, 304);
      const missing = await call('/api/v1/articles/gibt-es-nicht');
      assert.equal(missing.status, 404);
      assert.match(missing.body.error, /gibt-es-nicht/);
    });

    it('lists topics, authors and entities of published articles', async () => {
      const topics = await call('/api/v1/topics');
      assert.ok(topics.body.topics.length > 0);
      const authors = await call('/api/v1/authors');
      assert.ok(authors.body.authors.length > 0);
      const entities = await call('/api/v1/entities');
      assert.ok(entities.body.entities.length > 0, 'the seed names people and places');
      const entity = entities.body.entities[0]!.id;
      assert.equal((await call(`/api/v1/articles?entity=${entity}`)).body.total, 1);
    });

    it('describes the search answers too', async () => {
      assert.equal((await call('/api/v1/search?q=Koalition')).status, 200);
      assert.equal((await call('/api/v1/search?q=-Koalition')).status, 400);
    });

    it('refuses the Admin API without a token, with an unknown one, from the query string, and without the scope', async () => {
      assert.equal((await post('/api/v1/admin/articles', undefined, draft)).status, 401);
      assert.equal((await post('/api/v1/admin/articles', 'bw_unknownunknownunknown', draft)).status, 401);
      const inQuery = await call(`/api/v1/admin/articles/${seedId}?access_token=${tokens.all}`);
      assert.equal(inQuery.status, 400);
      const noScope = await post('/api/v1/admin/articles', tokens.reader, draft);
      assert.equal(noScope.status, 403);
      assert.match(noScope.body.error, /articles:write/);
    });

    it('creates a draft, refuses a stale update with 409, publishes and withdraws it; every use is audited', async () => {
      const bad = await post('/api/v1/admin/articles', tokens.all, { ...draft, body: [{ type: 'paragraph' }] });
      assert.equal(bad.status, 400);
      assert.match(bad.body.parameter, /body\/0/);
      const badLink = await post('/api/v1/admin/articles', tokens.all, {
        ...draft,
        body: [
          { type: 'paragraph', text: 'x', marks: [{ type: 'link', start: 0, end: 1, href: 'javascript:alert(1)' }] },
        ],
      });
      assert.equal(badLink.status, 400);
      const noImage = await post('/api/v1/admin/articles', tokens.all, {
        ...draft,
        body: [
          {
            type: 'image',
            alt: 'x',
            image: { id: 'f'.repeat(32), width: 1, height: 1, focal: { x: 50, y: 50 }, shareBytes: 1 },
          },
        ],
      });
      assert.equal(noImage.status, 400);
      assert.match(noImage.body.error, /no stored image/);

      const created = await post('/api/v1/admin/articles', tokens.all, draft);
      assert.equal(created.status, 201);
      assert.equal(created.body.state, 'draft');
      const id = created.body.id;
      assert.equal((await call(`/api/v1/articles/${id}`)).status, 404, 'drafts are not in the Content API');
      assert.equal(
        (await call(`/api/v1/admin/articles/${id}`, { token: tokens.reader })).body.headline,
        draft.headline,
      );

      const updated = await post(`/api/v1/admin/articles/${id}`, tokens.all, {
        ...draft,
        lead: 'Neu.',
        expectedVersion: 1,
      });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.version, 2);
      const stale = await post(`/api/v1/admin/articles/${id}`, tokens.all, {
        ...draft,
        lead: 'Alt.',
        expectedVersion: 1,
      });
      assert.equal(stale.status, 409);
      assert.equal((await call(`/api/v1/admin/articles/${id}`, { token: tokens.reader })).body.lead, 'Neu.');

      assert.equal(
        (await call(`/api/v1/admin/articles/${id}/publish`, { method: 'POST', token: tokens.reader })).status,
        403,
      );
      const published = await call(`/api/v1/admin/articles/${id}/publish`, { method: 'POST', token: tokens.all });
      assert.equal(published.body.state, 'published');
      assert.equal((await call(`/api/v1/articles/${id}`)).body.headline, draft.headline);
      assert.equal((await call('/api/v1/articles?topic=verkehr')).body.total, 1);
      assert.equal((await call('/api/v1/articles')).body.total, 3);
      const again = await call(`/api/v1/admin/articles/${id}/publish`, { method: 'POST', token: tokens.all });
      assert.equal(again.status, 409, 'the workflow refuses publishing what is published');
      const noReason = await post(`/api/v1/admin/articles/${id}/withdraw`, tokens.all, {});
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.parameter, 'note');
      const withdrawn = await post(`/api/v1/admin/articles/${id}/withdraw`, tokens.all, {
        note: 'Doppelt erschienen.',
      });
      assert.equal(withdrawn.body.state, 'withdrawn');
      assert.equal((await call(`/api/v1/articles/${id}`)).status, 404);

      const audit = await listAudit(site.app.db, { actor: 'token:all', limit: 100 });
      assert.ok(audit.some((e) => e.action === 'api-token.use' && e.subject === 'POST /api/v1/admin/articles'));
      assert.ok(audit.some((e) => e.action === 'article.publish' && e.subject === id));
      assert.ok(audit.some((e) => e.action === 'article.withdraw' && e.subject === id));
      const refused = await listAudit(site.app.db, { actor: 'token:reader', limit: 100 });
      assert.ok(refused.some((e) => e.detail?.refused === 'scope'));
    });

    it('uploads an image through sharp and refuses what is not one', async () => {
      const image = await call('/api/v1/admin/images?focalX=30&focalY=40', {
        method: 'POST',
        token: tokens.all,
        body: new Uint8Array(await png()),
        headers: { 'content-type': 'image/png' },
      });
      assert.equal(image.status, 201);
      assert.deepEqual([image.body.width, image.body.height, image.body.focal.x], [64, 48, 30]);
      const text = await call('/api/v1/admin/images', {
        method: 'POST',
        token: tokens.all,
        body: '<svg xmlns="http://www.w3.org/2000/svg"/>',
        headers: { 'content-type': 'image/svg+xml' },
      });
      assert.equal(text.status, 415);
      // The stored image, with its real size, whatever size the request claims.
      const figure = { image: { ...image.body, width: 9999 }, alt: 'Rote Fläche' };
      const withImage = await post('/api/v1/admin/articles', tokens.all, {
        ...draft,
        leadImage: figure,
        body: [{ type: 'image', ...figure }],
      });
      assert.equal(withImage.status, 201);
      assert.deepEqual(withImage.body.leadImage?.image, { ...image.body, focal: { x: 30, y: 40 } });
      assert.equal(
        (
          await call('/api/v1/admin/images', {
            method: 'POST',
            token: tokens.reader,
            body: 'x',
            headers: { 'content-type': 'image/png' },
          })
        ).status,
        403,
      );
    });

    it('makes, lists and revokes tokens on the command line; a revoked token stops working', async () => {
      const out: string[] = [];
      const print = (t: string) => void out.push(t);
      assert.equal(await runApi(site.app, ['token', 'add', '--scope', 'articles:read-drafts', 'cli-token'], print), 0);
      const token = out.join('').trim();
      assert.match(token, /^bw_[A-Za-z0-9_-]{43}$/);
      assert.equal((await call(`/api/v1/admin/articles/${seedId}`, { token })).status, 200);
      const stored = await site.app.db
        .selectFrom('api_tokens')
        .select('token_hash')
        .where('name', '=', 'cli-token')
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token, 'only the hash is stored');
      assert.equal(await runApi(site.app, ['token', 'add', '--scope', 'everything', 'x'], print), 1);
      out.length = 0;
      assert.equal(await runApi(site.app, ['token', 'list'], print), 0);
      assert.match(out.join(''), /cli-token\tarticles:read-drafts/);
      assert.equal(await runApi(site.app, ['token', 'revoke', 'cli-token'], print), 0);
      assert.equal((await call(`/api/v1/admin/articles/${seedId}`, { token })).status, 401);
    });

    it('lets an administrator make a token in the staff area, shown once, and revoke it there', async () => {
      const staff = await activeStaff(site.app, 'admin@example.org', 'admin');
      const admin = new StaffClient(site.baseUrl);
      admin.cookies.set('bw_staff', staff.token);
      const csrf = await admin.csrf('/redaktion/api', '/redaktion/api/neu');
      const made = await admin.post('/redaktion/api/neu', { csrf, name: 'Agentur <b>', scope: 'articles:read-drafts' });
      assert.equal(made.status, 201);
      const html = await made.text();
      assert.match(html, /Agentur &lt;b&gt;/, 'the name is escaped');
      const token = /(bw_[A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1];
      assert.ok(token);
      assert.equal((await call(`/api/v1/admin/articles/${seedId}`, { token })).status, 200);
      assert.doesNotMatch(await (await admin.get('/redaktion/api')).text(), new RegExp(token), 'shown once');
      const id = (
        await site.app.db
          .selectFrom('api_tokens')
          .select('id')
          .where('name', '=', 'Agentur <b>')
          .executeTakeFirstOrThrow()
      ).id;
      const csrf2 = await admin.csrf('/redaktion/api', '/redaktion/api/widerrufen');
      assert.equal((await admin.post('/redaktion/api/widerrufen', { csrf: csrf2, id })).status, 303);
      assert.equal((await call(`/api/v1/admin/articles/${seedId}`, { token })).status, 401);
      const audit = await listAudit(site.app.db, { actor: 'admin@example.org', limit: 10 });
      assert.deepEqual(audit.map((e) => e.action).slice(0, 2), ['api-token.revoke', 'api-token.create']);
    });

    it('checked every answer against the document', () => assert.ok(conforms.checked >= 40, String(conforms.checked)));
  });
}
