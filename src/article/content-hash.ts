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
    // Only when there is one: articles without a lead image keep the hash they had before it existed.
    ...(input.leadImage ? [input.leadImage] : []),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}
