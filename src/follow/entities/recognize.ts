// Finds the people, places and organisations an article mentions, so readers can follow them.
import type { Entity, EntityMention, Language, Recognition } from './entity.ts';
import { entityIndex } from './entity-index.ts';
import type { EntityIndex, FormPattern } from './entity-index.ts';
import { findProposals } from './proposals.ts';
import { capitalise, gapBetween, tokenize } from './tokens.ts';
import type { Token } from './tokens.ts';

export type RecognizeOptions = {
  /** The text's language; it chooses the rule for proposals. Default 'de'. */
  language?: Language;
  /** Entities beyond the built-in gazetteer, e.g. an editor's additions. */
  extra?: Entity[];
  /** A prebuilt index (see entityIndex); takes precedence over extra. */
  index?: EntityIndex;
};

const indexes = new WeakMap<readonly Entity[], EntityIndex>();

function indexFor(options: RecognizeOptions): EntityIndex {
  if (options.index !== undefined) return options.index;
  const extra = options.extra;
  if (extra === undefined || extra.length === 0) return entityIndex();
  let index = indexes.get(extra);
  if (index === undefined) {
    index = entityIndex(extra);
    indexes.set(extra, index);
  }
  return index;
}

/**
 * Counts the entities `text` mentions, most mentioned first, and proposes unknown names. All forms of an entity
 * count for it: "Selenskyj", "Selenskyjs", "Zelensky's", "Wolodymyr Selenskyj"; a form also counts at the start
 * of a hyphenated compound ("US-Regierung", "Nato-Staaten"), never inside a word.
 */
export function recognizeEntities(text: string, options: RecognizeOptions = {}): Recognition {
  const index = indexFor(options);
  const tokens = tokenize(text);
  const covered: boolean[] = new Array<boolean>(tokens.length).fill(false);
  const mentions = new Map<string, EntityMention>();

  for (let i = 0; i < tokens.length;) {
    const match = longestMatchAt(text, tokens, i, index);
    if (match === undefined) {
      i++;
      continue;
    }
    const mention = mentions.get(match.entity.id);
    if (mention === undefined)
      mentions.set(match.entity.id, { entity: match.entity, count: 1, firstOffset: tokens[i]?.start ?? 0 });
    else mention.count++;
    covered.fill(true, i, match.next);
    i = match.next;
  }

  const proposals = findProposals({
    text,
    tokens,
    covered,
    language: options.language ?? 'de',
    givenNames: index.givenNames,
  });
  const entities = [...mentions.values()].sort((a, b) => b.count - a.count || a.firstOffset - b.firstOffset);
  return { entities, proposals };
}

type Match = { entity: Entity; /** The first token after the mention. */ next: number };

function longestMatchAt(text: string, tokens: readonly Token[], at: number, index: EntityIndex): Match | undefined {
  const word = tokens[at]?.word ?? '';
  const exact = index.byFirstWord.get(word) ?? [];
  // A genitive -s on a one-word form: "Macrons", "Polens", "Kiews".
  const genitive = word.length > 2 && word.endsWith('s') ? (index.byFirstWord.get(word.slice(0, -1)) ?? []) : [];
  let best: FormPattern | undefined;
  for (const pattern of [...exact, ...genitive.filter((candidate) => candidate.words.length === 1)]) {
    if ((best === undefined || pattern.words.length > best.words.length) && matchesAt(text, tokens, at, pattern))
      best = pattern;
  }
  if (best === undefined) return undefined;
  let next = at + best.words.length;
  // The English possessive is a word of its own to the tokenizer: "Zelensky's".
  const after = tokens[next];
  if (after?.word === 's' && gapBetween(text, tokens[next - 1] as Token, after) === "'") next++;
  return { entity: best.entity, next };
}

function matchesAt(text: string, tokens: readonly Token[], at: number, pattern: FormPattern): boolean {
  const last = pattern.words.length - 1;
  for (let k = 0; k <= last; k++) {
    const token = tokens[at + k];
    const form = pattern.words[k] ?? '';
    if (token === undefined) return false;
    if (k > 0 && gapBetween(text, tokens[at + k - 1] as Token, token) !== pattern.gaps[k - 1]) return false;
    const written = k === 0 ? [form, capitalise(form)] : [form];
    const accepted = k === last ? written.flatMap((variant) => [variant, `${variant}s`]) : written;
    if (!accepted.includes(token.word)) return false;
  }
  return true;
}
