// Storage for recognised entities: which articles mention whom, and the editors' corrections (rename, merge,
// remove, accept). Proposed entities are stored but never shown or followable until an editor accepts them.
import type { Kysely, Transaction } from 'kysely';
import { getArticlesByIds, slugify, type Article } from '../article/index.ts';
import { announcePageChanges, EVERY_PAGE, recordPageChanges } from '../store/page-changes.ts';
import type { Database } from '../store/schema.ts';
import type { EntitiesTable } from './tables.ts';
import type { Entity, EntityKind, Recognition } from './entities/index.ts';
import { builtInEntities } from './entities/index.ts';

export type EntityStatus = EntitiesTable['status'];

export interface StoredEntity {
  id: string;
  kind: EntityKind;
  name: string;
  nameEn: string;
  aliases: string[];
  status: EntityStatus;
  mergedInto: string | null;
}

export interface EntityMentionRow {
  entity: StoredEntity;
  mentions: number;
}

function toStored(row: EntitiesTable): StoredEntity {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    nameEn: row.name_en,
    aliases: JSON.parse(row.aliases) as string[],
    status: row.status,
    mergedInto: row.merged_into,
  };
}

/** A proposal's id: its name as a slug, like article slugs ("Pete Hegseth" → "pete-hegseth"); '' if it has none. */
export function proposalId(name: string): string {
  return /[\p{L}\p{N}]/u.test(name) ? slugify(name) : '';
}

/**
 * Replaces what is stored for one article. Known entities are added as active unless an editor already decided
 * (a rename, a removal stays); a merged entity's mentions count for what it was merged into; proposals are added
 * as proposed; the editors' choices for the article (article-entities.ts) are applied last. Tells page caches to
 * drop the article's page and those of the entities it mentioned and mentions.
 */
export async function storeRecognition(
  db: Kysely<Database>,
  articleId: string,
  recognition: Recognition,
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  const keys = await db.transaction().execute(async (tx) => {
    const counts = new Map<string, number>();
    for (const { entity, count } of recognition.entities) {
      await tx
        .insertInto('entities')
        .values({
          id: entity.id,
          kind: entity.kind,
          name: entity.name.de,
          name_en: entity.name.en,
          aliases: JSON.stringify(entity.aliases),
          status: 'active',
          merged_into: null,
          created_at: at,
        })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({
              status: 'active',
              kind: entity.kind,
              name: entity.name.de,
              name_en: entity.name.en,
              aliases: JSON.stringify(entity.aliases),
            })
            .where('entities.status', '=', 'proposed'),
        )
        .execute();
      const target = await resolveMerged(tx, entity.id);
      counts.set(target, (counts.get(target) ?? 0) + count);
    }
    for (const { name, count } of recognition.proposals) {
      const id = proposalId(name);
      if (!id) continue;
      await tx
        .insertInto('entities')
        .values({
          id,
          kind: 'person',
          name,
          name_en: name,
          aliases: '[]',
          status: 'proposed',
          merged_into: null,
          created_at: at,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const target = await resolveMerged(tx, id);
      counts.set(target, (counts.get(target) ?? 0) + count);
    }
    // The editors' decisions for this article win over the recogniser: a rejected entity is left out, an accepted
    // or added one stays even where the text no longer names it so.
    const choices = await tx
      .selectFrom('article_entity_choices')
      .select(['entity_id', 'choice'])
      .where('article_id', '=', articleId)
      .execute();
    for (const c of choices) {
      const target = await resolveMerged(tx, c.entity_id);
      if (c.choice === 'rejected') counts.delete(target);
      else if (!counts.has(target)) counts.set(target, 1);
    }
    const before = await tx
      .selectFrom('article_entities')
      .select('entity_id')
      .where('article_id', '=', articleId)
      .execute();
    await tx.deleteFrom('article_entities').where('article_id', '=', articleId).execute();
    if (counts.size) {
      await tx
        .insertInto('article_entities')
        .values([...counts].map(([entity_id, mentions]) => ({ article_id: articleId, entity_id, mentions })))
        .execute();
    }
    // The article's follow dialog and the pages of the entities it mentioned and mentions now.
    const ids = new Set([...before.map((b) => b.entity_id), ...counts.keys()]);
    const keys = [`article:${articleId}`, ...[...ids].map((e) => `entity:${e}`)];
    await recordPageChanges(tx, keys);
    return keys;
  });
  announcePageChanges(keys);
}

async function resolveMerged(tx: Transaction<Database>, id: string): Promise<string> {
  const row = await tx.selectFrom('entities').select('merged_into').where('id', '=', id).executeTakeFirst();
  return row?.merged_into ?? id;
}

/** Active entities that the gazetteer does not know (accepted proposals), for the recogniser to find next time. */
export async function editorEntities(db: Kysely<Database>): Promise<Entity[]> {
  const builtIn = new Set(builtInEntities().map((e) => e.id));
  const rows = await db.selectFrom('entities').selectAll().where('status', '=', 'active').execute();
  return rows
    .filter((r) => !builtIn.has(r.id))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      name: { de: r.name, en: r.name_en },
      aliases: JSON.parse(r.aliases) as string[],
    }));
}

export async function getEntity(db: Kysely<Database>, id: string): Promise<StoredEntity | undefined> {
  const row = await db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

/** The active entities an article mentions, most mentioned first. */
export async function articleEntities(db: Kysely<Database>, articleId: string): Promise<EntityMentionRow[]> {
  const rows = await db
    .selectFrom('article_entities')
    .innerJoin('entities', 'entities.id', 'article_entities.entity_id')
    .selectAll('entities')
    .select('article_entities.mentions')
    .where('article_entities.article_id', '=', articleId)
    .where('entities.status', '=', 'active')
    .orderBy('article_entities.mentions', 'desc')
    .orderBy('entities.name')
    .execute();
  return rows.map((r) => ({ entity: toStored(r), mentions: r.mentions }));
}

export async function getEntities(db: Kysely<Database>, ids: string[]): Promise<StoredEntity[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('entities').selectAll().where('id', 'in', ids).execute();
  return rows.map(toStored);
}

/** Every entity for the editors' list, with how many articles mention it. */
export async function listEntities(
  db: Kysely<Database>,
  status?: EntityStatus,
): Promise<(StoredEntity & { articles: number })[]> {
  let q = db
    .selectFrom('entities')
    .leftJoin('article_entities', 'article_entities.entity_id', 'entities.id')
    .selectAll('entities')
    .select((eb) => eb.fn.count<string>('article_entities.article_id').as('articles'))
    .groupBy([
      'entities.id',
      'entities.kind',
      'entities.name',
      'entities.name_en',
      'entities.aliases',
      'entities.status',
      'entities.merged_into',
      'entities.created_at',
    ]);
  if (status) q = q.where('entities.status', '=', status);
  const rows = await q.orderBy('entities.status').orderBy('entities.kind').orderBy('entities.id').execute();
  return rows.map((r) => ({ ...toStored(r), articles: Number(r.articles) }));
}

export async function renameEntity(db: Kysely<Database>, id: string, name: string, nameEn?: string): Promise<void> {
  const entity = await getEntity(db, id);
  if (!entity) throw new Error(`follow: no entity "${id}"`);
  const aliases = [...new Set([...entity.aliases, entity.name, entity.nameEn])].filter(
    (a) => a !== name && a !== (nameEn ?? entity.nameEn),
  );
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('entities')
      .set({ name, name_en: nameEn ?? entity.nameEn, aliases: JSON.stringify(aliases) })
      .where('id', '=', id)
      .execute();
    // Names and merges show on many pages, and editors change them rarely: every page.
    await recordPageChanges(tx, [EVERY_PAGE]);
  });
  announcePageChanges([EVERY_PAGE]);
}

/** Makes a proposal public (optionally as another kind); the recogniser finds it in later articles. */
export async function acceptEntity(db: Kysely<Database>, id: string, kind?: EntityKind): Promise<void> {
  const entity = await getEntity(db, id);
  if (!entity) throw new Error(`follow: no entity "${id}"`);
  if (entity.mergedInto) throw new Error(`follow: "${id}" was merged into "${entity.mergedInto}"`);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('entities')
      .set({ status: 'active', kind: kind ?? entity.kind })
      .where('id', '=', id)
      .execute();
    await recordPageChanges(tx, [EVERY_PAGE]);
  });
  announcePageChanges([EVERY_PAGE]);
}

/**
 * Merges `sourceId` into `targetId`: mentions and follows move to the target (a reader who followed both keeps
 * one follow), the source's names become the target's aliases, and the source is marked merged, so pages and
 * follows of the old id lead to the target.
 */
export async function mergeEntities(db: Kysely<Database>, sourceId: string, targetId: string): Promise<void> {
  if (sourceId === targetId) throw new Error('follow: an entity cannot be merged into itself');
  const [source, target] = await Promise.all([getEntity(db, sourceId), getEntity(db, targetId)]);
  if (!source) throw new Error(`follow: no entity "${sourceId}"`);
  if (!target) throw new Error(`follow: no entity "${targetId}"`);
  if (target.mergedInto)
    throw new Error(`follow: "${targetId}" was itself merged into "${target.mergedInto}"; merge into that`);
  const sourceItem = `entity:${sourceId}`;
  const targetItem = `entity:${targetId}`;
  await db.transaction().execute(async (tx) => {
    const mentions = await tx.selectFrom('article_entities').selectAll().where('entity_id', '=', sourceId).execute();
    for (const m of mentions) {
      await tx
        .insertInto('article_entities')
        .values({ article_id: m.article_id, entity_id: targetId, mentions: m.mentions })
        .onConflict((oc) =>
          oc
            .columns(['article_id', 'entity_id'])
            .doUpdateSet((eb) => ({ mentions: eb('article_entities.mentions', '+', m.mentions) })),
        )
        .execute();
    }
    await tx.deleteFrom('article_entities').where('entity_id', '=', sourceId).execute();
    // Readers who follow both keep the target's follow; the others' follows move.
    await tx
      .deleteFrom('follows')
      .where('item', '=', sourceItem)
      .where('follower_id', 'in', (eb) =>
        eb.selectFrom('follows as f').select('f.follower_id').where('f.item', '=', targetItem),
      )
      .execute();
    await tx.updateTable('follows').set({ item: targetItem }).where('item', '=', sourceItem).execute();
    const aliases = [...new Set([...target.aliases, source.name, source.nameEn, ...source.aliases])].filter(
      (a) => a !== target.name && a !== target.nameEn,
    );
    await tx
      .updateTable('entities')
      .set({ aliases: JSON.stringify(aliases), status: target.status === 'proposed' ? 'active' : target.status })
      .where('id', '=', targetId)
      .execute();
    await tx
      .updateTable('entities')
      .set({ status: 'removed', merged_into: targetId })
      .where('id', '=', sourceId)
      .execute();
    await tx.updateTable('entities').set({ merged_into: targetId }).where('merged_into', '=', sourceId).execute();
    await recordPageChanges(tx, [EVERY_PAGE]);
  });
  announcePageChanges([EVERY_PAGE]);
}

/** Hides an entity everywhere and drops its follows; recognition keeps finding it, but nothing shows it. */
export async function removeEntity(db: Kysely<Database>, id: string): Promise<void> {
  const entity = await getEntity(db, id);
  if (!entity) throw new Error(`follow: no entity "${id}"`);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('entities').set({ status: 'removed' }).where('id', '=', id).execute();
    await tx.deleteFrom('follows').where('item', '=', `entity:${id}`).execute();
    await recordPageChanges(tx, [EVERY_PAGE]);
  });
  announcePageChanges([EVERY_PAGE]);
}

/** Published articles that mention an entity, newest first. */
export async function entityArticles(
  db: Kysely<Database>,
  entityId: string,
  limit: number,
  offset = 0,
): Promise<Article[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('article_entities', 'article_entities.article_id', 'articles.id')
    .select('articles.id')
    .where('article_entities.entity_id', '=', entityId)
    .where('articles.status', '=', 'published')
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return articlesByIds(
    db,
    rows.map((r) => r.id),
  );
}

export async function countEntityArticles(db: Kysely<Database>, entityId: string): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('article_entities', 'article_entities.article_id', 'articles.id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('article_entities.entity_id', '=', entityId)
    .where('articles.status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Articles in the given order. */
export const articlesByIds = getArticlesByIds;
