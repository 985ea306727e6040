// Revisions of an article: every earlier version (kept when a published article is saved) and the current one,
// who saved each (its article event) and when, and a word-level diff between any two. The diff is jsdiff's
// (`diff`, BSD-3-Clause): a maintained implementation of Myers' algorithm, not a hand-made one.
import { diffWords } from 'diff';
import type { Kysely } from 'kysely';
import { blockTexts, listRevisions, versionAuthors, type Article } from '../../article/index.ts';
import type { Database } from '../../store/schema.ts';
import { html, type SafeHtml } from '../../web/html.ts';

export interface Version {
  version: number;
  by: string | null;
  at: Date | null;
  current: boolean;
  article: Article;
}

/** Oldest first, the current version last. */
export async function versionsOf(db: Kysely<Database>, current: Article): Promise<Version[]> {
  const [revisions, authors] = await Promise.all([listRevisions(db, current.id), versionAuthors(db, current.id)]);
  const of = (version: number) => authors.get(version);
  return [
    ...revisions
      .filter((r) => r.version !== current.version)
      .map((r) => ({
        version: r.version,
        by: of(r.version)?.by ?? null,
        at: of(r.version)?.at ?? null,
        current: false,
        article: r.article,
      })),
    {
      version: current.version,
      by: of(current.version)?.by ?? null,
      at: of(current.version)?.at ?? null,
      current: true,
      article: current,
    },
  ];
}

/** The words a reader reads, block by block: what a diff compares. */
export function versionText(a: Pick<Article, 'kicker' | 'headline' | 'lead' | 'body'>): string {
  const blocks = a.body
    .map((b) =>
      blockTexts(b)
        .map((t) => t.text)
        .join('\n'),
    )
    .filter(Boolean);
  return [a.kicker ?? '', a.headline, a.lead, ...blocks].filter(Boolean).join('\n\n');
}

/** Removed words in <del>, added in <ins>, the rest as it is; all of it escaped text. */
export function wordDiff(before: string, after: string, labels: { removed: string; added: string }): SafeHtml {
  return html`<div class="diff">${diffWords(before, after).map((part) =>
    part.removed
      ? html`<del title="${labels.removed}">${part.value}</del>`
      : part.added
        ? html`<ins title="${labels.added}">${part.value}</ins>`
        : part.value,
  )}</div>`;
}
