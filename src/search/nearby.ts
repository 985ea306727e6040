// Where to go when a search finds nothing: the topics and the people, places and organisations whose names are
// closest to what was typed ("Selenski" → Wolodymyr Selenskyj, "Klimma" → Klima). Names are few (hundreds to a
// few thousand), so they are compared in memory by letter pairs, after folding case, umlauts and ß.
import type { Kysely } from 'kysely';
import { topicPath } from '../article/index.ts';
import type { Database } from '../store/schema.ts';
import type { Locale } from '../web/i18n.ts';
import type { Nearby } from './views.ts';

/** News folgen's entity pages (src/follow/options.ts); search may not import follow, so the scheme is repeated. */
const ENTITY_PAGE = { person: 'person', place: 'ort', organisation: 'organisation' } as const;

export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFC')
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss');
}

function pairs(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1; i++) out.push(word.slice(i, i + 2));
  return out;
}

/** Dice coefficient of letter pairs: 1 for the same word, about 0.5 for one wrong letter in a short name. */
export function similarity(a: string, b: string): number {
  const pa = pairs(a);
  const pb = pairs(b);
  if (!pa.length || !pb.length) return a === b ? 1 : 0;
  const counts = new Map<string, number>();
  for (const p of pa) counts.set(p, (counts.get(p) ?? 0) + 1);
  let shared = 0;
  for (const p of pb) {
    const n = counts.get(p) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(p, n - 1);
    }
  }
  return (2 * shared) / (pa.length + pb.length);
}

/** A name's best match against the query's words: whole names and each word of a name count. */
function closeness(name: string, words: string[]): number {
  const parts = [fold(name), ...fold(name).split(/[\s-]+/)];
  let best = 0;
  for (const w of words) for (const p of parts) best = Math.max(best, similarity(w, p));
  return best;
}

const THRESHOLD = 0.45;
const MAX = 5;

function closest<T extends { name: string }>(items: T[], words: string[]): T[] {
  return items
    .map((item) => ({ item, score: closeness(item.name, words) }))
    .filter((s) => s.score >= THRESHOLD)
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name))
    .slice(0, MAX)
    .map((s) => s.item);
}

/** The query's words as people type them, without operators, quotes and very short words. */
function queryWords(q: string): string[] {
  const words = fold(q)
    .split(/[\s"„“”]+/)
    .filter((w) => w.length >= 3 && w !== 'or' && !w.startsWith('-'));
  // The whole query too, so that "emmanuel macron" meets the name as a whole.
  return words.length > 1 ? [...words, words.join(' ')] : words;
}

export async function nearby(
  db: Kysely<Database>,
  q: string,
  locale: Locale,
): Promise<{ topics: Nearby[]; people: Nearby[] }> {
  const words = queryWords(q);
  if (!words.length) return { topics: [], people: [] };
  const [topics, entities] = await Promise.all([
    db.selectFrom('topics').select(['slug', 'name']).execute(),
    db
      .selectFrom('entities')
      .select(['id', 'kind', 'name', 'name_en'])
      .where('status', '=', 'active')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_entities')
            .select('article_id')
            .whereRef('article_entities.entity_id', '=', 'entities.id'),
        ),
      )
      .execute(),
  ]);
  // A topic named like an entity is that entity, with one page (News folgen): offered once, as the entity.
  const entityNames = new Set(entities.flatMap((e) => [e.name, e.name_en]));
  return {
    topics: closest(
      topics.filter((t) => !entityNames.has(t.name)),
      words,
    ).map((t) => ({ name: t.name, path: topicPath(t) })),
    people: closest(
      entities.map((e) => ({ ...e, name: locale === 'en' ? e.name_en : e.name })),
      words,
    ).map((e) => ({ name: e.name, path: `/${ENTITY_PAGE[e.kind]}/${encodeURIComponent(e.id)}` })),
  };
}
