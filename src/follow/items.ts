// What can be followed, as string keys ('topic:<slug>', 'author:<slug>', 'entity:<id>', 'search:<query>'), and
// who follows them. Delivery's fan-out reads only these two functions.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export type ItemKind = 'topic' | 'author' | 'entity' | 'search';
export type Item = { kind: ItemKind; key: string };

export function itemKey(kind: ItemKind, key: string): string {
  return `${kind}:${key}`;
}

const ITEM = /^(topic|author|entity):([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Parses an item key; undefined for anything malformed. A search's key must be its normalised query. */
export function parseItem(item: string): Item | undefined {
  if (item.startsWith(SEARCH)) {
    const query = item.slice(SEARCH.length);
    return query && normaliseSearch(query) === query ? { kind: 'search', key: query } : undefined;
  }
  const m = ITEM.exec(item);
  return m ? { kind: m[1] as ItemKind, key: m[2] as string } : undefined;
}

const SEARCH = 'search:';
/** A followed search longer than this is refused: keys are stored per follower and indexed. */
export const MAX_SEARCH_KEY = 200;

/** The item of a search as typed ("Koalition  der Willigen" → "search:koalition der willigen"); else undefined. */
export function searchItem(query: string): string | undefined {
  const q = normaliseSearch(query);
  return q ? SEARCH + q : undefined;
}

/**
 * One key per search however it was typed: Unicode NFC, single spaces, lower case except the operators OR and
 * ODER (the engine reads them in capitals only). '' when nothing is left or it is too long or has controls.
 */
export function normaliseSearch(query: string): string {
  const q = query
    .normalize('NFC')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (w === 'OR' || w === 'ODER' ? w : w.toLowerCase()))
    .join(' ');
  const controls = [...q].some((c) => c < ' ' || c === '\u007f');
  return q.length > MAX_SEARCH_KEY || controls ? '' : q;
}

/** The items an article belongs to: its topics, its authors, the active entities it mentions and the followed
 * searches it matched when it was last published or changed (follow/searches.ts). */
export async function articleItems(db: Kysely<Database>, articleId: string): Promise<string[]> {
  const [topics, authors, entities, searches] = await Promise.all([
    db
      .selectFrom('article_topics')
      .select('topic_slug')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_authors')
      .select('author_slug')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_entities')
      .innerJoin('entities', 'entities.id', 'article_entities.entity_id')
      .select('entities.id')
      .where('article_entities.article_id', '=', articleId)
      .where('entities.status', '=', 'active')
      .orderBy('article_entities.mentions', 'desc')
      .orderBy('entities.id')
      .execute(),
    db.selectFrom('search_matches').select('item').where('article_id', '=', articleId).orderBy('item').execute(),
  ]);
  return [
    ...topics.map((t) => itemKey('topic', t.topic_slug)),
    ...authors.map((a) => itemKey('author', a.author_slug)),
    ...entities.map((e) => itemKey('entity', e.id)),
    ...searches.map((s) => s.item),
  ];
}

export interface FollowersOptions {
  /** Follower ids per yielded batch (default 1000). */
  batchSize?: number;
  /** Resume after this follower id (ids come in ascending order), e.g. after a restart mid-fan-out. */
  after?: string;
}

/**
 * Every follower of any of `items`, each once, in ascending id order and in batches. Each item is read as its
 * own keyset-paged range of the (item, follower_id) index and the ordered streams are merged here, so a reader
 * following three of an article's items appears once and no query ever sorts or scans the whole follower set.
 */
export async function* followersOfItems(
  db: Kysely<Database>,
  items: string[],
  options: FollowersOptions = {},
): AsyncGenerator<string[]> {
  const batchSize = options.batchSize ?? 1000;
  const streams = [...new Set(items)].map((item) => new ItemStream(db, item, batchSize, options.after ?? ''));
  let batch: string[] = [];
  let last: string | undefined;
  for (;;) {
    let smallest: string | undefined;
    for (const stream of streams) {
      const head = await stream.peek();
      if (head !== undefined && (smallest === undefined || head < smallest)) smallest = head;
    }
    if (smallest === undefined) break;
    for (const stream of streams) if ((await stream.peek()) === smallest) stream.take();
    if (smallest !== last) batch.push(smallest);
    last = smallest;
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** One item's followers, fetched a page at a time in follower id order. */
class ItemStream {
  private buffer: string[] = [];
  private position = 0;
  private done = false;
  private readonly db: Kysely<Database>;
  private readonly item: string;
  private readonly pageSize: number;
  private after: string;

  constructor(db: Kysely<Database>, item: string, pageSize: number, after: string) {
    this.db = db;
    this.item = item;
    this.pageSize = pageSize;
    this.after = after;
  }

  async peek(): Promise<string | undefined> {
    if (this.position < this.buffer.length) return this.buffer[this.position];
    if (this.done) return undefined;
    const rows = await this.db
      .selectFrom('follows')
      .select('follower_id')
      .where('item', '=', this.item)
      .where('follower_id', '>', this.after)
      .orderBy('follower_id')
      .limit(this.pageSize)
      .execute();
    this.buffer = rows.map((r) => r.follower_id);
    this.position = 0;
    if (rows.length < this.pageSize) this.done = true;
    this.after = this.buffer[this.buffer.length - 1] ?? this.after;
    return this.buffer[0];
  }

  take(): void {
    this.position++;
  }
}
