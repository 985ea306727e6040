// Runs entity recognition on a saved article and stores what it found.
import type { Kysely } from 'kysely';
import { type Article, articleText } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import { entityIndex, recognizeEntities, type Entity, type EntityIndex, type Recognition } from './entities/index.ts';
import { editorEntities, storeRecognition } from './entity-store.ts';

let cached: { signature: string; index: EntityIndex } | undefined;

/** The gazetteer plus the entities editors accepted; rebuilt only when those change. */
async function currentIndex(db: Kysely<Database>): Promise<EntityIndex> {
  const extra: Entity[] = await editorEntities(db);
  if (extra.length === 0) return entityIndex();
  const signature = JSON.stringify(extra);
  if (cached?.signature !== signature) cached = { signature, index: entityIndex(extra) };
  return cached.index;
}

export async function recognizeArticle(db: Kysely<Database>, article: Article): Promise<Recognition> {
  const recognition = recognizeEntities(articleText(article), {
    language: article.language.toLowerCase().startsWith('en') ? 'en' : 'de',
    index: await currentIndex(db),
  });
  await storeRecognition(db, article.id, recognition);
  return recognition;
}
