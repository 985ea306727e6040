// The pronunciation lexicon: editors map a written word ("Selenskyj") to how the voice should say it ("Selenski").

export interface LexiconEntry {
  word: string;
  spoken: string;
}

const MAX_LENGTH = 100;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces whole words, case-sensitively, in one pass: longer entries win ("Wolodymyr Selenskyj" before
 * "Selenskyj") and a replacement is never replaced again.
 */
export function applyLexicon(text: string, entries: readonly LexiconEntry[]): string {
  const byWord = new Map<string, string>();
  for (const entry of entries) {
    if (entry.word !== '' && !byWord.has(entry.word)) byWord.set(entry.word, entry.spoken);
  }
  if (byWord.size === 0) return text;
  const words = [...byWord.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  return text.replace(pattern, (word) => byWord.get(word) ?? word);
}

function problem(value: string, what: string): string | undefined {
  if (value.trim() === '') return `${what} is empty`;
  if (value.length > MAX_LENGTH) return `${what} is longer than ${MAX_LENGTH} characters (${value.length})`;
  if (value !== value.trim()) return `${what} starts or ends with whitespace`;
  if (/\p{Cc}|\p{Cf}/u.test(value)) return `${what} contains a control or invisible character`;
  const markup = /[<>&]/.exec(value);
  if (markup !== null) return `${what} contains markup character "${markup[0]}"`;
  // espeak-ng reads "[[...]]" as raw phonemes; SSML-style attributes would be markup for other engines.
  if (/\[\[|\]\]|\bxml:|\bph\s*=|\balphabet\s*=/i.test(value)) return `${what} contains SSML or phoneme syntax`;
  return undefined;
}

/**
 * Throws an Error naming what is wrong when a lexicon entry may not be stored: empty, over 100 characters,
 * surrounding whitespace, control characters, or markup/SSML that would reach the TTS engine.
 */
export function validateLexiconEntry(word: string, spoken: string): void {
  const error = problem(word, 'word') ?? problem(spoken, 'spoken text');
  if (error !== undefined) throw new Error(`speech: lexicon entry ${JSON.stringify(word.slice(0, 40))}: ${error}`);
}
