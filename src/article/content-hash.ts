// What decides whether an import changed an article: a repeated import with the same hash is a no-op.
import { createHash } from 'node:crypto';
import type { ArticleInput } from './model.ts';

export function contentHash(input: ArticleInput): string {
  const content = [
    input.status,
    input.language,
    input.kicker ?? null,
    input.headline,
    input.lead,
    input.body,
    input.authors,
    input.topics,
    input.published.value,
    input.sourceUrl ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}
