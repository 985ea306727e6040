// What a reader can follow, named and linked for pages: an article's offer, or the items of a reader's list.
import type { Kysely } from 'kysely';
import { type Article, authorPath, topicPath } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import type { Locale } from '../web/i18n.ts';
import type { EntityKind } from './entities/index.ts';
import { articleEntities, getEntities, type StoredEntity } from './entity-store.ts';
import { itemKey, parseItem } from './items.ts';

export type OptionGroup = 'topic' | 'author' | 'search' | EntityKind;

export interface FollowOption {
  item: string;
  group: OptionGroup;
  name: string;
  path: string;
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

/** How many of each kind an article offers: its main people and places, not every passing mention. */
const TOP: Record<EntityKind, number> = { person: 6, place: 6, organisation: 4 };

function entityOption(e: StoredEntity, locale: Locale): FollowOption {
  return { item: itemKey('entity', e.id), group: e.kind, name: entityName(e, locale), path: entityPath(e) };
}

/** An article's topics, authors and its most mentioned people, places and organisations. */
export async function articleOptions(db: Kysely<Database>, article: Article, locale: Locale): Promise<FollowOption[]> {
  const mentioned = await articleEntities(db, article.id);
  const taken: Record<EntityKind, number> = { person: 0, place: 0, organisation: 0 };
  const entities = mentioned
    .filter(({ entity }) => taken[entity.kind]++ < TOP[entity.kind])
    .map(({ entity }) => entityOption(entity, locale));
  return [
    ...article.topics.map((t) => ({
      item: itemKey('topic', t.slug),
      group: 'topic' as const,
      name: t.name,
      path: topicPath(t),
    })),
    ...entities,
    ...article.authors.map((a) => ({
      item: itemKey('author', a.slug),
      group: 'author' as const,
      name: a.name,
      path: authorPath(a),
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
      path: topicPath(t),
    });
  for (const a of authors)
    byItem.set(itemKey('author', a.slug), {
      item: itemKey('author', a.slug),
      group: 'author',
      name: a.name,
      path: authorPath(a),
    });
  for (const e of entities) if (e.status === 'active') byItem.set(itemKey('entity', e.id), entityOption(e, locale));
  for (const q of keys.search)
    byItem.set(itemKey('search', q), {
      item: itemKey('search', q),
      group: 'search',
      name: locale === 'en' ? `“${q}”` : `„${q}“`,
      path: `/suche?q=${encodeURIComponent(q)}`,
    });
  return items.flatMap((i) => byItem.get(i) ?? []);
}
