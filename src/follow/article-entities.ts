// The editors' say on what an article is about: per article, a recognised person, place or organisation is
// accepted or rejected, and one the recogniser missed is added (an existing entity, or a new one named with its
// kind). Choices are stored per article and applied by recognition (entity-store.ts), so the follow dialog,
// entity pages and feeds show what the editors decided; a choice runs recognition again at once.
import { sql, type Kysely } from 'kysely';
import { getArticleById } from '../article/index.ts';
import { announcePageChanges, EVERY_PAGE, recordPageChanges } from '../store/page-changes.ts';
import type { Database } from '../store/schema.ts';
import { builtInEntities, type Entity, type EntityKind } from './entities/index.ts';
import { getEntity, proposalId, type StoredEntity } from './entity-store.ts';
import { recognizeArticle } from './recognition.ts';
import type { ArticleEntityChoicesTable } from './tables.ts';

export type EntityChoice = ArticleEntityChoicesTable['choice'];
export const ENTITY_KINDS: readonly EntityKind[] = ['person', 'place', 'organisation'];

/** A choice that cannot be made; the message names why. */
export class EntityChoiceError extends Error {
  override name = 'EntityChoiceError';
}

export interface ReviewedEntity {
  id: string;
  kind: EntityKind;
  name: string;
  nameEn: string;
  /** Proposed: found by the name rules, shown to readers only once accepted. */
  status: 'active' | 'proposed';
  /** How often the article names it (0 for an entity an editor added or rejected that is not counted). */
  mentions: number;
  choice: EntityChoice | undefined;
}

/** What the editor shows: every entity the article names or an editor chose, most mentioned first. */
export async function entityReview(db: Kysely<Database>, articleId: string): Promise<ReviewedEntity[]> {
  const [mentioned, chosen] = await Promise.all([
    db
      .selectFrom('article_entities')
      .innerJoin('entities', 'entities.id', 'article_entities.entity_id')
      .select(['entities.id', 'kind', 'name', 'name_en', 'status', 'mentions'])
      .where('article_id', '=', articleId)
      .where('status', '!=', 'removed')
      .execute(),
    db
      .selectFrom('article_entity_choices')
      .innerJoin('entities', 'entities.id', 'article_entity_choices.entity_id')
      .select(['entities.id', 'kind', 'name', 'name_en', 'status', 'choice'])
      .where('article_id', '=', articleId)
      .where('status', '!=', 'removed')
      .execute(),
  ]);
  const byId = new Map<string, ReviewedEntity>();
  const add = (r: { id: string; kind: EntityKind; name: string; name_en: string; status: string }) =>
    byId.get(r.id) ??
    byId
      .set(r.id, {
        id: r.id,
        kind: r.kind,
        name: r.name,
        nameEn: r.name_en,
        status: r.status === 'proposed' ? 'proposed' : 'active',
        mentions: 0,
        choice: undefined,
      })
      .get(r.id)!;
  for (const r of mentioned) add(r).mentions = r.mentions;
  for (const r of chosen) add(r).choice = r.choice;
  return [...byId.values()].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name, 'de'));
}

/**
 * Records (or with `undefined` takes back) an editor's choice on one entity of one article, then recognises the
 * article again so every page shows it. Accepting or adding a proposed entity makes it public (every page).
 */
export async function chooseEntity(
  db: Kysely<Database>,
  articleId: string,
  entityId: string,
  choice: EntityChoice | undefined,
  by: string,
): Promise<void> {
  const article = await getArticleById(db, articleId);
  if (!article) throw new EntityChoiceError(`there is no article "${articleId}"`);
  const entity = await ensureEntity(db, entityId);
  if (entity.mergedInto) throw new EntityChoiceError(`"${entity.name}" was merged into "${entity.mergedInto}"`);
  if (entity.status === 'removed') throw new EntityChoiceError(`"${entity.name}" was removed by the editors`);
  const publish = choice !== undefined && choice !== 'rejected' && entity.status === 'proposed';
  await db.transaction().execute(async (tx) => {
    if (choice === undefined)
      await tx
        .deleteFrom('article_entity_choices')
        .where('article_id', '=', articleId)
        .where('entity_id', '=', entityId)
        .execute();
    else {
      const row = { choice, by, at: new Date().toISOString() };
      await tx
        .insertInto('article_entity_choices')
        .values({ article_id: articleId, entity_id: entityId, ...row })
        .onConflict((oc) => oc.columns(['article_id', 'entity_id']).doUpdateSet(row))
        .execute();
    }
    if (publish) {
      await tx.updateTable('entities').set({ status: 'active' }).where('id', '=', entityId).execute();
      await recordPageChanges(tx, [EVERY_PAGE]);
    }
  });
  if (publish) announcePageChanges([EVERY_PAGE]);
  await recognizeArticle(db, article);
}

/** The entity by id, stored first if it is one of the gazetteer's that no article has named yet. */
async function ensureEntity(db: Kysely<Database>, id: string): Promise<StoredEntity> {
  const stored = await getEntity(db, id);
  if (stored) return stored;
  const known = builtInEntities().find((e) => e.id === id);
  if (!known) throw new EntityChoiceError(`there is no entity "${id}"`);
  await insertEntity(db, known, 'active');
  return (await getEntity(db, id))!;
}

async function insertEntity(db: Kysely<Database>, e: Entity, status: 'active'): Promise<void> {
  await db
    .insertInto('entities')
    .values({
      id: e.id,
      kind: e.kind,
      name: e.name.de,
      name_en: e.name.en,
      aliases: JSON.stringify(e.aliases),
      status,
      merged_into: null,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** A new entity named by an editor (or the one that name already is); its id is the name as a slug. */
export async function namedEntity(db: Kysely<Database>, name: string, kind: EntityKind): Promise<string> {
  const clean = name.trim().replace(/\s+/g, ' ');
  const id = proposalId(clean);
  if (!id || clean.length > 120) throw new EntityChoiceError('a name has letters or digits and at most 120 characters');
  if (!(await getEntity(db, id)) && !builtInEntities().some((e) => e.id === id))
    await insertEntity(db, { id, kind, name: { de: clean, en: clean }, aliases: [] }, 'active');
  return id;
}

export interface FoundEntity {
  id: string;
  kind: EntityKind;
  name: string;
}

/** Entities whose name (either language) or alias contains the query, known ones first; at most ten. */
export async function findEntities(db: Kysely<Database>, query: string): Promise<FoundEntity[]> {
  const q = query.trim().toLocaleLowerCase('de');
  if (q.length < 2) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('entities')
    .select(['id', 'kind', 'name'])
    .where('status', '!=', 'removed')
    .where('merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', sql`${like} escape '\\'`),
        eb(sql`lower(name_en)`, 'like', sql`${like} escape '\\'`),
      ]),
    )
    .orderBy('name')
    .limit(10)
    .execute();
  const found = new Map<string, FoundEntity>(rows.map((r) => [r.id, r]));
  for (const e of builtInEntities()) {
    if (found.size >= 10) break;
    const names = [e.name.de, e.name.en, ...e.aliases].map((n) => n.toLocaleLowerCase('de'));
    if (!found.has(e.id) && names.some((n) => n.includes(q)))
      found.set(e.id, { id: e.id, kind: e.kind, name: e.name.de });
  }
  return [...found.values()];
}
