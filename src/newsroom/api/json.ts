// The API's answers: JSON bodies, errors that name what was wrong, and the rich article as the API shows it.
import type { Article } from '../../article/index.ts';
import type { Page as KernelPage } from '../../kernel/index.ts';

/** Content answers may be cached by anyone for a minute; the ETag (web/http.ts) makes revalidation cheap. */
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=600';

export function apiJson(status: number, value: unknown, cacheControl = 'no-store', headers = {}): KernelPage {
  return {
    status,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(value),
    cacheControl,
    headers: { 'x-robots-tag': 'noindex', ...headers },
  };
}

/** `{ error, parameter? }`: what was wrong, and the query parameter or body field it was in. */
export function apiError(status: number, error: string, parameter?: string, headers = {}): KernelPage {
  return apiJson(status, parameter ? { error, parameter } : { error }, 'no-store', headers);
}

/** A bad request, thrown where it is found and answered as a 400 naming the parameter. */
export class ApiInputError extends Error {
  readonly parameter: string | undefined;
  constructor(message: string, parameter?: string) {
    super(message);
    this.name = 'ApiInputError';
    this.parameter = parameter;
  }
}

/** The rich model as the API carries it: the stored article with dates as ISO strings and its public URL. */
export function articleJson(a: Article, baseUrl: string) {
  return {
    id: a.id,
    slug: a.slug,
    url: `${baseUrl}/artikel/${a.slug}`,
    state: a.state,
    version: a.version,
    language: a.language,
    kicker: a.kicker,
    headline: a.headline,
    lead: a.lead,
    leadImage: a.leadImage,
    body: a.body,
    authors: a.authors,
    topics: a.topics,
    published: { value: a.published.value, precision: a.published.precision, at: a.published.instant.toISOString() },
    updatedAt: a.updatedAt?.toISOString() ?? null,
    corrections: a.corrections.map((c) => ({
      kind: c.kind,
      ...(c.wrong ? { wrong: c.wrong } : {}),
      note: c.note,
      at: c.at.toISOString(),
    })),
    createdAt: a.createdAt.toISOString(),
  };
}
