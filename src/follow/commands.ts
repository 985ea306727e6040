// `blattwerk entities …`: editors check and correct what recognition found.
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { listPublished } from '../article/index.ts';
import type { App } from '../kernel/index.ts';
import type { Database } from '../store/schema.ts';
import {
  acceptEntity,
  listEntities,
  mergeEntities,
  removeEntity,
  renameEntity,
  type EntityStatus,
} from './entity-store.ts';
import type { EntityKind } from './entities/index.ts';
import { recognizeArticle } from './recognition.ts';

export const ENTITIES_HELP = `  entities list [--status active|proposed|removed] [--data DIR]
                                       recognised people, places, organisations (proposals too):
                                       id, kind, status, articles, name, English name
  entities rename ID NAME [--en NAME]  change the name shown for an entity
  entities merge SOURCE TARGET         fold SOURCE into TARGET (articles and follows move along)
  entities remove ID                   hide an entity everywhere and drop its follows
  entities accept ID [--kind KIND]     publish a proposed entity (person, place or organisation)
  entities scan                        recognise every article again (after editing the data files)
`;

const STATUSES: readonly string[] = ['active', 'proposed', 'removed'] satisfies EntityStatus[];
const KINDS: readonly string[] = ['person', 'place', 'organisation'] satisfies EntityKind[];

class UsageError extends Error {
  readonly code = 'ERR_PARSE_ARGS_USAGE';
}

export const entitiesCommand = (app: App, args: string[]) =>
  runEntities(app.db, args, (text) => process.stdout.write(text));

/** The command with its output passed in, so tests read it without touching process.stdout. */
export async function runEntities(
  db: Kysely<Database>,
  args: string[],
  print: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { status: { type: 'string' }, en: { type: 'string' }, kind: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...rest] = positionals;
  const need = (n: number, usage: string): string[] => {
    if (rest.length !== n) throw new UsageError(`usage: blattwerk entities ${usage}`);
    return rest;
  };
  if (values.status !== undefined && !STATUSES.includes(values.status))
    throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  if (values.kind !== undefined && !KINDS.includes(values.kind))
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
  const run = (fn: (store: { db: Kysely<Database> }) => Promise<number>) => fn({ db });
  switch (action ?? '') {
    case 'list':
      need(0, 'list [--status S]');
      return run(async ({ db }) => {
        for (const e of await listEntities(db, values.status as EntityStatus | undefined)) {
          const status = e.mergedInto ? `merged→${e.mergedInto}` : e.status;
          print(`${e.id}\t${e.kind}\t${status}\t${e.articles}\t${e.name}\t${e.nameEn}\n`);
        }
        return 0;
      });
    case 'rename': {
      const [id, name] = need(2, 'rename ID NAME [--en NAME]');
      if (!name!.trim()) throw new UsageError('the new name must not be empty');
      return run(async ({ db }) => {
        await renameEntity(db, id!, name!.trim(), values.en?.trim() || undefined);
        print(`renamed ${id}\n`);
        return 0;
      });
    }
    case 'merge': {
      const [source, target] = need(2, 'merge SOURCE TARGET');
      return run(async ({ db }) => {
        await mergeEntities(db, source!, target!);
        print(`merged ${source} into ${target}\n`);
        return 0;
      });
    }
    case 'remove': {
      const [id] = need(1, 'remove ID');
      return run(async ({ db }) => {
        await removeEntity(db, id!);
        print(`removed ${id}\n`);
        return 0;
      });
    }
    case 'accept': {
      const [id] = need(1, 'accept ID [--kind KIND]');
      return run(async ({ db }) => {
        await acceptEntity(db, id!, values.kind as EntityKind | undefined);
        print(`accepted ${id}\n`);
        return 0;
      });
    }
    case 'scan':
      need(0, 'scan');
      return run(async ({ db }) => {
        const articles = await listPublished(db, { limit: 1_000_000 });
        for (const article of articles) await recognizeArticle(db, article);
        print(`recognised ${articles.length} articles\n`);
        return 0;
      });
    default:
      throw new UsageError(
        `entities needs one of list, rename, merge, remove, accept, scan${action ? ` (got "${action}")` : ''}`,
      );
  }
}
