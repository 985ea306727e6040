// Suggestions as the reader types: the last word completed from the words of headlines, topic names and the
// names of people, places and organisations, and whole names that contain what was typed. The words live in
// memory as one sorted array (about 100,000 distinct words at 100,000 articles, a few MB), so a prefix is two
// binary searches; the array is rebuilt from the database at most every ten minutes, in the background, while
// the old one keeps answering (a new headline's words wait that long). Read-only, so no rate limit; browsers and
// proxies may cache an answer a minute.
import type { App } from '../kernel/index.ts';
import type { Page } from '../web/http.ts';
import type { Route } from '../web/server.ts';
import { fold } from './nearby.ts';

/** Rebuilding reads every headline (about a second of CPU at 100,000 articles): at most every ten minutes. */
const FRESH_MS = 10 * 60_000;
const MAX_SUGGESTIONS = 8;
const MAX_INPUT = 100;

interface Word {
  key: string;
  display: string;
  count: number;
}

export interface Vocabulary {
  /** Sorted by key (folded: lower case, umlauts and ß spelt out). */
  words: Word[];
  /** Topic and entity names, for whole-name suggestions. */
  names: { key: string; display: string }[];
}

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

export async function buildVocabulary(app: App): Promise<Vocabulary> {
  const [headlines, topics, entities] = await Promise.all([
    app.db.selectFrom('articles').select('headline').where('status', '=', 'published').execute(),
    app.db.selectFrom('topics').select('name').execute(),
    app.db.selectFrom('entities').select(['name', 'name_en']).where('status', '=', 'active').execute(),
  ]);
  const names = [...topics.map((t) => t.name), ...entities.flatMap((e) => [e.name, e.name_en])];
  const byKey = new Map<string, Word>();
  // Words repeat across headlines: each spelling is folded once, so 100,000 headlines cost one split each.
  const bySpelling = new Map<string, Word | undefined>();
  const add = (text: string, weight: number) => {
    for (const w of text.split(WORD_SPLIT)) {
      let entry = bySpelling.get(w);
      if (entry === undefined && !bySpelling.has(w)) {
        if (w.length >= 3 && !/^\d+$/.test(w)) {
          const key = fold(w);
          entry = byKey.get(key) ?? { key, display: w, count: 0 };
          byKey.set(key, entry);
        }
        bySpelling.set(w, entry);
      }
      if (entry) entry.count += weight;
    }
  };
  for (const h of headlines) add(h.headline, 1);
  // A name counts like many headlines: a reader who types "Sel" most likely means the person.
  for (const n of names) add(n, 50);
  const words = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const uniqueNames = [...new Set(names)].map((display) => ({ key: fold(display), display }));
  return { words, names: uniqueNames };
}

/** First index whose key is not below `key`. */
function lowerBound(words: Word[], key: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Completions for what the reader has typed so far, best first. */
export function suggest(v: Vocabulary, typed: string): string[] {
  const text = typed.replace(/\s+/g, ' ').trimStart();
  const cut = text.lastIndexOf(' ') + 1;
  const before = text.slice(0, cut);
  const last = fold(text.slice(cut));
  if (last.length < 2) return [];
  const out: string[] = [];
  const whole = fold(text.trim());
  for (const n of v.names) {
    if (out.length >= 3) break;
    if (n.key.startsWith(whole) || n.key.includes(` ${whole}`)) out.push(n.display);
  }
  const start = lowerBound(v.words, last);
  const candidates: Word[] = [];
  for (let i = start; i < v.words.length && v.words[i]!.key.startsWith(last); i++) candidates.push(v.words[i]!);
  candidates.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  for (const c of candidates) {
    if (out.length >= MAX_SUGGESTIONS) break;
    const completion = before + c.display;
    if (!out.includes(completion)) out.push(completion);
  }
  return out;
}

/** The vocabulary of this process, rebuilt when older than a minute (the reader gets the previous one meanwhile). */
export function vocabularySource(app: App): () => Promise<Vocabulary> {
  let current: Vocabulary | undefined;
  let builtAt = 0;
  let building: Promise<Vocabulary> | undefined;
  const rebuild = () => {
    building ??= buildVocabulary(app)
      .then((v) => {
        current = v;
        builtAt = Date.now();
        return v;
      })
      .finally(() => {
        building = undefined;
      });
    return building;
  };
  return async () => {
    if (!current) return rebuild();
    if (Date.now() - builtAt > FRESH_MS)
      rebuild().catch((err: Error) => app.log(`search: suggestions: ${err.message}`));
    return current;
  };
}

export function completionRoutes(app: App): Route[] {
  const vocabulary = vocabularySource(app);
  return [
    {
      // OpenSearch's suggestion format: [typed, [completions]], which browsers read for their address bar too.
      method: 'GET',
      path: /^\/suche\/vorschlaege$/,
      async handle(ctx): Promise<Page> {
        const typed = (ctx.url.searchParams.get('q') ?? '').slice(0, MAX_INPUT);
        const list = typed.trim().length >= 2 ? suggest(await vocabulary(), typed) : [];
        return {
          status: 200,
          type: 'application/x-suggestions+json; charset=utf-8',
          body: JSON.stringify([typed, list]),
          cacheControl: 'public, max-age=60',
        };
      },
    },
  ];
}
