// Runs entity recognition on a saved article and stores what it found.
import type { Kysely } from 'kysely';
import { type Article, articleText } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import {
  entityForms,
  entityIndex,
  recognizeEntities,
  type Entity,
  type EntityIndex,
  type Recognition,
} from './entities/index.ts';
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

/**
 * A topic named exactly like an entity ("Europa") is that entity: it counts as one more mention, so the entity's
 * page, feed and followers get every article of the topic, and the follow dialog offers the two once.
 */
function addTopicMentions(recognition: Recognition, topics: string[], index: EntityIndex): Recognition {
  const entities = recognition.entities.map((m) => ({ ...m }));
  for (const topic of topics) {
    const [named] = recognizeEntities(topic, { index }).entities.filter((m) => entityForms(m.entity).includes(topic));
    if (named === undefined) continue;
    const mention = entities.find((m) => m.entity.id === named.entity.id);
    if (mention) mention.count++;
    else entities.push({ entity: named.entity, count: 1, firstOffset: Number.MAX_SAFE_INTEGER });
  }
  entities.sort((a, b) => b.count - a.count || a.firstOffset - b.firstOffset);
  return { ...recognition, entities };
}

export async function recognizeArticle(db: Kysely<Database>, article: Article): Promise<Recognition> {
  const index = await currentIndex(db);
  const recognition = recognizeEntities(articleText(article), {
    language: article.language.toLowerCase().startsWith('en') ? 'en' : 'de',
    index,
  });
  const withTopics = addTopicMentions(
    recognition,
    article.topics.map((t) => t.name),
    index,
  );
  await storeRecognition(db, article.id, withTopics);
  return withTopics;
}
