// The lookup structure for recognition, built once: every form of every entity, keyed by its first word.
import { entityForms, parseEntity } from './entity.ts';
import type { Entity } from './entity.ts';
import { builtInEntities, builtInGivenNames } from './gazetteer.ts';
import { capitalise, formWords } from './tokens.ts';

/** One written form as words and the exact gaps between them ("Frank-Walter Steinmeier": "-", " "). */
export type FormPattern = { entity: Entity; words: readonly string[]; gaps: readonly string[] };

export type EntityIndex = {
  readonly entities: readonly Entity[];
  /** First word (also capitalised, for "Von der Leyen" at a sentence start) → its forms, most words first. */
  readonly byFirstWord: ReadonlyMap<string, readonly FormPattern[]>;
  /** First names, for proposing unknown people. */
  readonly givenNames: ReadonlySet<string>;
};

/**
 * Builds the index over the built-in gazetteer plus `extra`. An extra entity with a built-in id replaces it;
 * when two entities share a form, the earlier one keeps it: extra, then people, organisations, places.
 */
export function entityIndex(extra: readonly Entity[] = []): EntityIndex {
  if (extra.length === 0) {
    defaultIndex ??= buildIndex(builtInEntities());
    return defaultIndex;
  }
  const checked = extra.map((entity, index) => parseEntity(entity, `extra[${index}]`));
  const replaced = new Set(checked.map((entity) => entity.id));
  return buildIndex([...checked, ...builtInEntities().filter((entity) => !replaced.has(entity.id))]);
}

let defaultIndex: EntityIndex | undefined;

function buildIndex(entities: readonly Entity[]): EntityIndex {
  const ids = new Set<string>();
  const seen = new Set<string>();
  const byFirstWord = new Map<string, FormPattern[]>();
  const givenNames = new Set(builtInGivenNames());

  for (const entity of entities) {
    if (ids.has(entity.id)) throw new Error(`entities: the id "${entity.id}" is used twice`);
    ids.add(entity.id);
    for (const form of entityForms(entity)) {
      const { words, gaps } = formWords(form);
      const first = words[0];
      if (first === undefined) throw new Error(`entities: ${entity.id} has the form "${form}" without a word`);
      const key = `${words.join('\u0000')}\u0001${gaps.join('\u0000')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pattern: FormPattern = { entity, words, gaps };
      for (const word of new Set([first, capitalise(first)])) {
        const bucket = byFirstWord.get(word) ?? [];
        bucket.push(pattern);
        byFirstWord.set(word, bucket);
      }
    }
    // "Emmanuel Macron" teaches that Emmanuel is a first name; "Xi Jinping" does not (too short to tell).
    const personFirst = entity.kind === 'person' ? formWords(entity.name.de).words : [];
    if (personFirst.length >= 2 && /^\p{Lu}\p{Ll}{2,}$/u.test(personFirst[0] ?? ''))
      givenNames.add(personFirst[0] ?? '');
  }
  for (const bucket of byFirstWord.values()) bucket.sort((a, b) => b.words.length - a.words.length);
  return { entities, byFirstWord, givenNames };
}
