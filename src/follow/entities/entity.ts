// What a reader can follow: a person, a place or an organisation, named in German and English.

export type EntityKind = 'person' | 'place' | 'organisation';

export type Entity = {
  /** Stable slug, stored in follows: never change it once published. */
  id: string;
  kind: EntityKind;
  name: { de: string; en: string };
  /** Further written forms: surnames, transliterations, abbreviations, inflected forms. */
  aliases: string[];
};

export type Language = 'de' | 'en';

/** firstOffset: where the first mention starts, as a JavaScript string index into the text. */
export type EntityMention = { entity: Entity; count: number; firstOffset: number };

/** A capitalised name the gazetteer does not know, for an editor to accept or ignore. */
export type EntityProposal = { name: string; count: number };

export type Recognition = { entities: EntityMention[]; proposals: EntityProposal[] };

/** Every written form of an entity; matching treats them alike, whatever the text's language. */
export function entityForms(entity: Entity): string[] {
  return [...new Set([entity.name.de, entity.name.en, ...entity.aliases])];
}

const KINDS: readonly string[] = ['person', 'place', 'organisation'] satisfies EntityKind[];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Checks data that comes from JSON files or callers; throws with the entity's place in its list. */
export function parseEntity(value: unknown, where: string): Entity {
  const fail = (why: string): never => {
    throw new Error(`entities: ${where}: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const record = value as Record<string, unknown>;
  const { id, kind, name, aliases } = record;
  if (typeof id !== 'string' || !SLUG.test(id)) return fail(`id must be a lowercase slug, got ${JSON.stringify(id)}`);
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return fail(`${id}: unknown kind ${JSON.stringify(kind)}`);
  if (typeof name !== 'object' || name === null) return fail(`${id}: name must be { de, en }`);
  const { de, en } = name as Record<string, unknown>;
  if (typeof de !== 'string' || de.trim() === '' || typeof en !== 'string' || en.trim() === '') {
    return fail(`${id}: name.de and name.en must be non-empty strings`);
  }
  const list = aliases ?? [];
  if (
    !Array.isArray(list) ||
    !list.every((alias): alias is string => typeof alias === 'string' && alias.trim() !== '')
  ) {
    return fail(`${id}: aliases must be non-empty strings`);
  }
  return { id, kind: kind as EntityKind, name: { de, en }, aliases: list };
}
