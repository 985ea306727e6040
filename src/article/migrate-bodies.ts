// Migration: stored bodies of plain-text blocks become rich blocks with no marks, in articles and in revision
// snapshots alike, so every body read back has one shape. The content hash is renewed where it was current, so
// importing an unchanged file afterwards is still a no-op.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ArticlesTable } from './tables.ts';
import type { ArticleInput, Block } from './model.ts';
import { contentHash } from './content-hash.ts';

type OldBlock = { type: 'paragraph' | 'subheading' | 'quote'; text: string; cite?: string };

/** One block of the first model as a block of this one; anything else stops the migration with its name. */
function upgradeBlock(b: OldBlock, where: string): Block {
  if ('marks' in b || !['paragraph', 'subheading', 'quote'].includes(b.type) || typeof b.text !== 'string')
    throw new Error(`article ${where}: body block ${JSON.stringify(b).slice(0, 80)} is not of the first model`);
  const { text } = b;
  if (b.type === 'subheading') return { type: 'subheading', level: 2, text, marks: [] };
  if (b.type === 'quote')
    return b.cite ? { type: 'quote', text, marks: [], cite: b.cite } : { type: 'quote', text, marks: [] };
  return { type: 'paragraph', text, marks: [] };
}

const upgradeBody = (body: OldBlock[], where: string): Block[] => body.map((b) => upgradeBlock(b, where));

async function names(tx: Kysely<Database>, articleId: string): Promise<{ authors: string[]; topics: string[] }> {
  const [authors, topics] = await Promise.all([
    tx
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.slug', 'article_authors.author_slug')
      .select('authors.name')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    tx
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.slug', 'article_topics.topic_slug')
      .select('topics.name')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
  ]);
  return { authors: authors.map((a) => a.name), topics: topics.map((t) => t.name) };
}

/** The migration; `batch` rows are read at a time, so a large archive is never in memory at once. */
export async function upgradeBodies(tx: Transaction<Database>, batch = 200): Promise<void> {
  for (let after = ''; ;) {
    const page = await tx
      .selectFrom('articles')
      .select(['id', 'status', 'language', 'kicker', 'headline', 'lead', 'body', 'published_date', 'source_url'])
      .select('content_hash')
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const r of page) await upgradeArticle(tx, r);
    if (page.length < batch) break;
    after = page.at(-1)!.id;
  }
  for (let after = { id: '', version: 0 }; ;) {
    const page = await tx
      .selectFrom('article_revisions')
      .select(['article_id', 'version', 'snapshot'])
      .where((eb) =>
        eb.or([
          eb('article_id', '>', after.id),
          eb.and([eb('article_id', '=', after.id), eb('version', '>', after.version)]),
        ]),
      )
      .orderBy('article_id')
      .orderBy('version')
      .limit(batch)
      .execute();
    for (const r of page) {
      const snapshot = JSON.parse(r.snapshot) as { body: OldBlock[] };
      snapshot.body = upgradeBody(snapshot.body, `${r.article_id} version ${r.version}`) as never;
      await tx
        .updateTable('article_revisions')
        .set({ snapshot: JSON.stringify(snapshot) })
        .where('article_id', '=', r.article_id)
        .where('version', '=', r.version)
        .execute();
    }
    if (page.length < batch) break;
    after = { id: page.at(-1)!.article_id, version: page.at(-1)!.version };
  }
}

type ArticleRow = Pick<
  Selectable<ArticlesTable>,
  | 'id'
  | 'status'
  | 'language'
  | 'kicker'
  | 'headline'
  | 'lead'
  | 'body'
  | 'published_date'
  | 'source_url'
  | 'content_hash'
>;

async function upgradeArticle(tx: Transaction<Database>, r: ArticleRow): Promise<void> {
  const old = JSON.parse(r.body) as OldBlock[];
  const body = upgradeBody(old, r.id);
  const refs = await names(tx, r.id);
  // The hash as the import computed it; only a hash that still matches is renewed (else the next import
  // differs anyway and saves a new version).
  const input = (b: unknown[]) =>
    ({
      status: r.status,
      language: r.language,
      kicker: r.kicker ?? undefined,
      headline: r.headline,
      lead: r.lead,
      body: b,
      ...refs,
      published: { value: r.published_date },
      sourceUrl: r.source_url ?? undefined,
    }) as ArticleInput;
  const hash = contentHash(input(old)) === r.content_hash ? contentHash(input(body)) : r.content_hash;
  await tx
    .updateTable('articles')
    .set({ body: JSON.stringify(body), content_hash: hash })
    .where('id', '=', r.id)
    .execute();
}
