// The entities Blattwerk knows out of the box, read once from the data files next to this module.
import { readFileSync } from 'node:fs';
import { parseEntity } from './entity.ts';
import type { Entity, EntityKind } from './entity.ts';

const DATA = new URL('./data/', import.meta.url);

/** Each file holds one kind; the hand-edited ones come first so that they win a shared form. */
const FILES: readonly { file: string; kind: EntityKind }[] = [
  { file: 'people.json', kind: 'person' },
  { file: 'organisations.json', kind: 'organisation' },
  { file: 'regions.json', kind: 'place' },
  { file: 'places.json', kind: 'place' },
];

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(new URL(file, DATA), 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`entities: cannot read data/${file}: ${(error as Error).message}`, { cause: error });
  }
}

function readEntities(file: string, kind: EntityKind): Entity[] {
  const records = readJson(file);
  if (!Array.isArray(records)) throw new Error(`entities: data/${file} must hold a list`);
  return records.map((record, index) => {
    const entity = parseEntity(record, `data/${file}[${index}]`);
    if (entity.kind !== kind)
      throw new Error(`entities: data/${file}: ${entity.id} is a ${entity.kind}, the file holds ${kind}s`);
    return entity;
  });
}

let builtIn: Entity[] | undefined;

export function builtInEntities(): Entity[] {
  builtIn ??= FILES.flatMap(({ file, kind }) => readEntities(file, kind));
  return builtIn;
}

let givenNames: ReadonlySet<string> | undefined;

/** First names for the proposal rule (generated; the index adds the first names of known people). */
export function builtInGivenNames(): ReadonlySet<string> {
  if (givenNames === undefined) {
    const names = readJson('given-names.json');
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
      throw new Error('entities: data/given-names.json must hold a list of strings');
    }
    givenNames = new Set(names);
  }
  return givenNames;
}
