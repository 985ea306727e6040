// The OpenAPI 3.1 description of /api/v1: every route of the Content API, the search, and the Admin API, with
// JSON Schema 2020-12 for every body. Tests validate the document and every answer they receive against it, and
// the Admin API validates request bodies with the same schemas, so the document cannot drift from the code.
import { MAX_PAGE, MAX_PER_PAGE } from './content.ts';
import { SCOPES } from './tokens.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ref('Error'), description);
const query = (name: string, description: string, schema: object = str) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const cached = {
  ETag: { description: 'Changes when the answer changes; send it back in If-None-Match.', schema: str },
};
const notModified = { description: 'Not modified: the ETag sent in If-None-Match still matches.' };

const richText = {
  type: 'object',
  required: ['text', 'marks'],
  properties: {
    text: str,
    marks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'start', 'end'],
        properties: {
          type: { enum: ['em', 'strong', 'link'] },
          start: { type: 'integer', minimum: 0 },
          end: { type: 'integer', minimum: 0 },
          href: { type: 'string', pattern: '^(https?://|mailto:)' },
        },
        additionalProperties: false,
      },
    },
  },
};

const figure = (image: object) => ({
  type: 'object',
  required: ['image', 'alt'],
  properties: { image, alt: { type: 'string', minLength: 1 }, caption: ref('RichText'), credit: str },
});

const imageRef = {
  type: 'object',
  required: ['id', 'width', 'height', 'focal', 'shareBytes'],
  properties: {
    id: str,
    width: { type: 'integer' },
    height: { type: 'integer' },
    focal: {
      type: 'object',
      required: ['x', 'y'],
      properties: { x: { type: 'number', minimum: 0, maximum: 100 }, y: { type: 'number', minimum: 0, maximum: 100 } },
    },
    shareBytes: { type: 'integer' },
  },
};

/** One block of the body; `type` tells which fields it has (src/article/model.ts). */
const block = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['paragraph', 'subheading', 'quote', 'list', 'infobox', 'table', 'embed', 'divider', 'image'] },
  },
  allOf: [
    { if: { properties: { type: { const: 'paragraph' } } }, then: ref('RichText') },
    {
      if: { properties: { type: { const: 'subheading' } } },
      then: { allOf: [ref('RichText'), { required: ['level'], properties: { level: { enum: [2, 3] } } }] },
    },
    {
      if: { properties: { type: { const: 'quote' } } },
      then: { allOf: [ref('RichText'), { properties: { cite: str } }] },
    },
    {
      if: { properties: { type: { const: 'list' } } },
      then: {
        required: ['ordered', 'items'],
        properties: {
          ordered: { type: 'boolean' },
          items: { type: 'array', items: ref('RichText') },
          start: { type: 'integer' },
        },
      },
    },
    {
      if: { properties: { type: { const: 'infobox' } } },
      then: {
        required: ['title', 'paragraphs'],
        properties: { title: str, paragraphs: { type: 'array', items: ref('RichText') } },
      },
    },
    {
      if: { properties: { type: { const: 'table' } } },
      then: {
        required: ['header', 'rows', 'align'],
        properties: {
          header: { type: 'boolean' },
          rows: { type: 'array', items: { type: 'array', items: ref('RichText') } },
          align: { type: 'array', items: { enum: ['left', 'center', 'right', null] } },
        },
      },
    },
    {
      if: { properties: { type: { const: 'embed' } } },
      then: { required: ['url', 'network'], properties: { url: str, network: str } },
    },
    { if: { properties: { type: { const: 'image' } } }, then: figure(ref('ImageRef')) },
  ],
};

const named = { type: 'object', required: ['slug', 'name'], properties: { slug: str, name: str } };
const counted = (idName: string, extra: object = {}) => ({
  type: 'object',
  required: [idName, 'name', 'articles'],
  properties: { [idName]: str, name: str, articles: { type: 'integer', minimum: 1 }, ...extra },
  additionalProperties: false,
});

const article = {
  type: 'object',
  required: [
    'id',
    'slug',
    'url',
    'state',
    'version',
    'language',
    'kicker',
    'headline',
    'lead',
    'leadImage',
    'body',
    'authors',
    'topics',
    'published',
    'updatedAt',
    'corrections',
    'createdAt',
  ],
  additionalProperties: false,
  properties: {
    id: str,
    slug: str,
    url: { type: 'string', format: 'uri' },
    state: { enum: ['draft', 'review', 'scheduled', 'published', 'withdrawn'] },
    version: { type: 'integer', minimum: 1 },
    language: str,
    kicker: nullable(str),
    headline: str,
    lead: str,
    leadImage: nullable(ref('Figure')),
    body: { type: 'array', items: ref('Block') },
    authors: { type: 'array', items: ref('Named') },
    topics: { type: 'array', items: ref('Named') },
    published: {
      type: 'object',
      required: ['value', 'precision', 'at'],
      properties: {
        value: { type: 'string', description: 'As given: 2025-03, 2025-03-27 or a timestamp.' },
        precision: { enum: ['month', 'day', 'time'] },
        at: { type: 'string', format: 'date-time' },
      },
    },
    updatedAt: nullable({ type: 'string', format: 'date-time' }),
    corrections: {
      type: 'array',
      description: 'Korrigiert (an error fixed) or Aktualisiert (new information), oldest first.',
      items: {
        type: 'object',
        required: ['kind', 'note', 'at'],
        additionalProperties: false,
        properties: {
          kind: { enum: ['correction', 'update'] },
          wrong: str,
          note: str,
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** What a writer sends: the fields of the model an integration sets; the server makes id, slug and version. */
const articleInput = {
  type: 'object',
  required: ['headline', 'lead', 'body', 'language'],
  additionalProperties: false,
  properties: {
    kicker: str,
    headline: { type: 'string', minLength: 1 },
    lead: str,
    leadImage: figure(ref('ImageRef')),
    body: { type: 'array', items: ref('Block') },
    authors: { type: 'array', items: { type: 'string', minLength: 1 } },
    topics: { type: 'array', items: { type: 'string', minLength: 1 } },
    language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
    published: { type: 'string', description: 'YYYY-MM, YYYY-MM-DD or an ISO timestamp; default: now.' },
    sourceUrl: str,
    expectedVersion: {
      type: 'integer',
      minimum: 1,
      description: 'Updates only: the version the writer read; another stored version answers 409.',
    },
  },
};

const listParams = [
  query('topic', 'Topic slug.'),
  query('author', 'Author slug.'),
  query('entity', 'Entity id (a person, place or organisation).'),
  query('language', 'Language tag, e.g. de or en.'),
  query('from', 'Published at or after this day (YYYY-MM-DD, Europe/Berlin).'),
  query('to', 'Published before this day (YYYY-MM-DD, Europe/Berlin).'),
  query('page', '1-based page.', { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 }),
  query('perPage', 'Articles per page.', { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: 20 }),
];

const bearer = (scope: string) => [{ token: [scope] }];
const adminErrors = {
  400: error('The body or a parameter is wrong; `error` says what, `parameter` where.'),
  401: error('No token, an unknown or a revoked one.'),
  403: error('The token lacks the scope this route needs.'),
  429: error('Too many requests with this token; Retry-After says when to try again.'),
};
const idParam = { name: 'id', in: 'path', required: true, schema: str, description: 'Article id.' };

export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Blattwerk API',
      version: '1',
      description:
        'Content API: published articles, topics, authors and entities; public and cacheable. Admin API: ' +
        'scoped bearer tokens made by an administrator (/redaktion/api or `blattwerk api token add`).',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: baseUrl }],
    paths: {
      '/api/v1/articles': {
        get: {
          operationId: 'listArticles',
          summary: 'Published articles, newest first',
          parameters: listParams,
          responses: {
            200: { ...json(ref('ArticleList'), 'A page of articles.'), headers: cached },
            304: notModified,
            400: error('A parameter is wrong; `parameter` names it.'),
          },
        },
      },
      '/api/v1/articles/{idOrSlug}': {
        get: {
          operationId: 'getArticle',
          summary: 'One published article by id or slug',
          parameters: [{ name: 'idOrSlug', in: 'path', required: true, schema: str }],
          responses: {
            200: { ...json(ref('Article'), 'The article.'), headers: cached },
            304: notModified,
            404: error('No published article has this id or slug.'),
          },
        },
      },
      '/api/v1/topics': {
        get: {
          operationId: 'listTopics',
          summary: 'Topics with published articles',
          responses: {
            200: json(
              {
                type: 'object',
                required: ['topics'],
                properties: { topics: { type: 'array', items: counted('slug') } },
              },
              'Topics by name.',
            ),
            304: notModified,
            400: error('This list takes no parameters.'),
          },
        },
      },
      '/api/v1/authors': {
        get: {
          operationId: 'listAuthors',
          summary: 'Authors with published articles',
          responses: {
            200: json(
              {
                type: 'object',
                required: ['authors'],
                properties: { authors: { type: 'array', items: counted('slug') } },
              },
              'Authors by name.',
            ),
            304: notModified,
            400: error('This list takes no parameters.'),
          },
        },
      },
      '/api/v1/entities': {
        get: {
          operationId: 'listEntities',
          summary: 'People, places and organisations named in published articles',
          responses: {
            200: json(
              {
                type: 'object',
                required: ['entities'],
                properties: {
                  entities: {
                    type: 'array',
                    items: counted('id', { kind: { enum: ['person', 'place', 'organisation'] }, nameEn: str }),
                  },
                },
              },
              'Entities by name.',
            ),
            304: notModified,
            400: error('This list takes no parameters.'),
          },
        },
      },
      '/api/v1/search': {
        get: {
          operationId: 'search',
          summary: 'Full-text search over published articles',
          parameters: [
            { name: 'q', in: 'query', required: true, schema: str, description: 'Words, "phrases", -exclusions, OR.' },
            query('topic', 'Topic slug.'),
            query('author', 'Author slug.'),
            query('entity', 'Entity id.'),
            query('from', 'YYYY-MM-DD.'),
            query('to', 'YYYY-MM-DD.'),
            query('language', 'de or en.', { enum: ['de', 'en'] }),
            query('page', '1-based page.', { type: 'integer', minimum: 1 }),
            query('perPage', 'Hits per page.', { type: 'integer', minimum: 1, maximum: 50 }),
          ],
          responses: {
            200: json(ref('SearchResults'), 'Hits, best first.'),
            304: notModified,
            400: json(
              { type: 'object', required: ['error'], properties: { error: str } },
              'The query cannot be searched.',
            ),
          },
        },
      },
      '/api/v1/admin/articles': {
        post: {
          operationId: 'createArticle',
          summary: 'Create a draft',
          security: bearer('articles:write'),
          requestBody: { required: true, content: { 'application/json': { schema: ref('ArticleInput') } } },
          responses: { 201: json(ref('Article'), 'The draft as stored.'), ...adminErrors },
        },
      },
      '/api/v1/admin/articles/{id}': {
        get: {
          operationId: 'getAnyArticle',
          summary: 'One article in any state (drafts too)',
          security: bearer('articles:read-drafts'),
          parameters: [idParam],
          responses: {
            200: json(ref('Article'), 'The article.'),
            404: error('No article has this id.'),
            ...adminErrors,
          },
        },
        post: {
          operationId: 'updateArticle',
          summary: 'Replace an article (keeps its state; send expectedVersion)',
          security: bearer('articles:write'),
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('ArticleInput') } } },
          responses: {
            200: json(ref('Article'), 'The article as stored.'),
            404: error('No article has this id.'),
            409: error('The article was saved by someone else since expectedVersion; nothing was written.'),
            ...adminErrors,
          },
        },
      },
      '/api/v1/admin/articles/{id}/publish': {
        post: {
          operationId: 'publishArticle',
          summary: 'Publish an article (the workflow step: draft, review or scheduled → published; embargo holds)',
          security: bearer('articles:publish'),
          parameters: [idParam],
          requestBody: {
            required: false,
            content: {
              'application/json': {
                schema: { type: 'object', properties: { expectedVersion: { type: 'integer', minimum: 1 } } },
              },
            },
          },
          responses: {
            200: json(ref('Article'), 'The published article.'),
            404: error('No article has this id.'),
            409: error('Its state does not allow publishing, it is under embargo, or expectedVersion is stale.'),
            ...adminErrors,
          },
        },
      },
      '/api/v1/admin/articles/{id}/withdraw': {
        post: {
          operationId: 'withdrawArticle',
          summary: 'Take a published article off the site',
          security: bearer('articles:publish'),
          parameters: [idParam],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['note'],
                  properties: {
                    note: { type: 'string', maxLength: 2000, description: 'The reason readers see (410 page).' },
                    expectedVersion: { type: 'integer', minimum: 1 },
                  },
                },
              },
            },
          },
          responses: {
            200: json(ref('Article'), 'The article, now withdrawn: its page answers 410.'),
            404: error('No article has this id.'),
            409: error('Only a published article can be withdrawn, or expectedVersion is stale.'),
            ...adminErrors,
          },
        },
      },
      '/api/v1/admin/images': {
        post: {
          operationId: 'uploadImage',
          summary: 'Upload an image (JPEG, PNG, WebP or AVIF); use the answer as `image` of a figure',
          security: bearer('images:write'),
          parameters: [
            query('focalX', 'Focal point, percent of width.'),
            query('focalY', 'Focal point, percent of height.'),
          ],
          requestBody: {
            required: true,
            content: { 'image/*': { schema: { type: 'string', contentMediaType: 'image/*' } } },
          },
          responses: {
            201: json(ref('ImageRef'), 'The stored image.'),
            413: error('Larger than the upload limit.'),
            415: error('Not an image this site takes.'),
            ...adminErrors,
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          responses: { 200: json({ type: 'object', required: ['openapi'] }, 'OpenAPI 3.1.'), 304: notModified },
        },
      },
    },
    components: {
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          description: `Authorization: Bearer <token>. Scopes: ${SCOPES.join(', ')}. Never in the query string.`,
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: str, parameter: { type: 'string', description: 'The parameter or field at fault.' } },
          additionalProperties: false,
        },
        RichText: richText,
        ImageRef: imageRef,
        Figure: figure(ref('ImageRef')),
        Block: block,
        Named: named,
        Article: article,
        ArticleInput: articleInput,
        ArticleList: {
          type: 'object',
          required: ['articles', 'total', 'page', 'perPage', 'next'],
          additionalProperties: false,
          properties: {
            articles: { type: 'array', items: ref('Article') },
            total: { type: 'integer', minimum: 0 },
            page: { type: 'integer', minimum: 1 },
            perPage: { type: 'integer', minimum: 1 },
            next: nullable({ type: 'string', description: 'The next page, or null on the last.' }),
          },
        },
        SearchResults: {
          type: 'object',
          required: ['hits', 'total', 'more', 'ranked', 'page', 'perPage'],
          properties: {
            hits: {
              type: 'array',
              items: {
                type: 'object',
                required: ['articleId', 'slug', 'kicker', 'headline', 'date', 'language', 'snippet', 'score'],
                properties: {
                  articleId: str,
                  slug: str,
                  kicker: nullable(str),
                  headline: str,
                  date: str,
                  language: str,
                  snippet: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['text', 'hit'],
                      properties: { text: str, hit: { type: 'boolean' } },
                    },
                  },
                  score: { type: 'number' },
                },
              },
            },
            total: { type: 'integer', description: 'Matches, counted up to 10,000.' },
            more: { type: 'boolean', description: 'More than 10,000 articles match.' },
            ranked: { type: 'integer', description: 'How many of the newest matches were ranked (at most 1,000).' },
            page: { type: 'integer' },
            perPage: { type: 'integer' },
            suggestion: str,
          },
        },
      },
    },
  };
}
