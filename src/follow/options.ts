// What a reader can follow, named and linked for pages: an article's offer, or the items of a reader's list.
import type { Kysely } from 'kysely';
import { type Article, authorPath, topicPath } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import { localePath, type Locale } from '../web/i18n.ts';
import type { EntityKind } from './entities/index.ts';
import { articleEntities, getEntities, type StoredEntity } from './entity-store.ts';
import { itemKey, parseItem } from './items.ts';

export type OptionGroup = 'topic' | 'author' | 'search' | EntityKind;

export interface FollowOption {
  item: string;
  group: OptionGroup;
  name: string;
  path: string;
  /** How often the article names it (entities only). */
  mentions?: number;
}

export const ENTITY_PREFIX: Record<EntityKind, string> = {
  person: 'person',
  place: 'ort',
  organisation: 'organisation',
};

export function entityPath(e: Pick<StoredEntity, 'kind' | 'id'>): string {
  return `/${ENTITY_PREFIX[e.kind]}/${encodeURIComponent(e.id)}`;
}

export function entityName(e: Pick<StoredEntity, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' ? e.nameEn : e.name;
}

function entityOption(e: StoredEntity, locale: Locale): FollowOption {
  return {
    item: itemKey('entity', e.id),
    group: e.kind,
    name: entityName(e, locale),
    path: localePath(locale, entityPath(e)),
  };
}

const sameName = (a: string, b: string) => a.localeCompare(b, 'de', { sensitivity: 'accent' }) === 0;

/** The entity a topic is one thing with: named alike in either language (recognition counts it as a mention). */
function entityNamed<T extends Pick<StoredEntity, 'name' | 'nameEn'>>(topic: string, entities: T[]): T | undefined {
  return entities.find((e) => sameName(e.name, topic) || sameName(e.nameEn, topic));
}

/**
 * Everything an article is about: every person, place and organisation it names, most mentioned first (the
 * view groups them and folds the rest after a handful), its topics (a topic named like one of those entities is
 * that entity, offered once) and its authors.
 */
export async function articleOptions(db: Kysely<Database>, article: Article, locale: Locale): Promise<FollowOption[]> {
  const mentioned = await articleEntities(db, article.id);
  const entities = mentioned.map(({ entity, mentions }) => ({ ...entityOption(entity, locale), mentions }));
  const all = mentioned.map((m) => m.entity);
  return [
    ...entities,
    ...article.topics
      .filter((t) => entityNamed(t.name, all) === undefined)
      .map((t) => ({
        item: itemKey('topic', t.slug),
        group: 'topic' as const,
        name: t.name,
        path: localePath(locale, topicPath(t)),
      })),
    ...article.authors.map((a) => ({
      item: itemKey('author', a.slug),
      group: 'author' as const,
      name: a.name,
      path: localePath(locale, authorPath(a)),
    })),
  ];
}

/** Names and pages for a reader's items, in the given order; items that no longer exist are left out. */
export async function describeItems(db: Kysely<Database>, items: string[], locale: Locale): Promise<FollowOption[]> {
  const keys = { topic: [] as string[], author: [] as string[], entity: [] as string[], search: [] as string[] };
  for (const item of items) {
    const p = parseItem(item);
    if (p) keys[p.kind].push(p.key);
  }
  const [topics, authors, entities] = await Promise.all([
    keys.topic.length ? db.selectFrom('topics').select(['slug', 'name']).where('slug', 'in', keys.topic).execute() : [],
    keys.author.length
      ? db.selectFrom('authors').select(['slug', 'name']).where('slug', 'in', keys.author).execute()
      : [],
    getEntities(db, keys.entity),
  ]);
  const byItem = new Map<string, FollowOption>();
  for (const t of topics)
    byItem.set(itemKey('topic', t.slug), {
      item: itemKey('topic', t.slug),
      group: 'topic',
      name: t.name,
      path: localePath(locale, topicPath(t)),
    });
  for (const a of authors)
    byItem.set(itemKey('author', a.slug), {
      item: itemKey('author', a.slug),
      group: 'author',
      name: a.name,
      path: localePath(locale, authorPath(a)),
    });
  for (const e of entities) if (e.status === 'active') byItem.set(itemKey('entity', e.id), entityOption(e, locale));
  for (const q of keys.search)
    byItem.set(itemKey('search', q), {
      item: itemKey('search', q),
      group: 'search',
      name: locale === 'en' ? `“${q}”` : `„${q}“`,
      path: localePath(locale, `/suche?q=${encodeURIComponent(q)}`),
    });
  return items.flatMap((i) => byItem.get(i) ?? []);
}

/** The active entity a topic is one thing with (named alike in either language), if any. */
export async function topicEntity(
  db: Kysely<Database>,
  topicName: string,
): Promise<Pick<StoredEntity, 'id' | 'kind'> | undefined> {
  return db
    .selectFrom('entities')
    .select(['id', 'kind'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('name', '=', topicName), eb('name_en', '=', topicName)]))
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * The item to offer for `item`: a topic named like an active entity is that entity (one followable thing, as in
 * the article's dialog), so the topic page's follow link offers the entity and its page.
 */
export async function followableItem(db: Kysely<Database>, item: string): Promise<string> {
  const parsed = parseItem(item);
  if (parsed?.kind !== 'topic') return item;
  const topic = await db.selectFrom('topics').select('name').where('slug', '=', parsed.key).executeTakeFirst();
  if (!topic) return item;
  const entity = await topicEntity(db, topic.name);
  return entity ? itemKey('entity', entity.id) : item;
}

/** The section (a topic the site chose) named like this entity, whose front page is then the entity's page too. */
export function sectionNamed(
  sections: { name: string; href: string }[],
  entity: Pick<StoredEntity, 'name' | 'nameEn'>,
): { name: string; href: string } | undefined {
  return sections.find((s) => sameName(s.name, entity.name) || sameName(s.name, entity.nameEn));
}
