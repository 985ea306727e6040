// Looking at the words around a match: the normaliser decides "dritten" or "dritte", "eins" or "ein" from them.

export interface Token {
  word: string;
  start: number;
}

/** The whitespace-separated token that ends right before `index` (punctuation included), if any. */
export function tokenBefore(text: string, index: number): Token | undefined {
  const from = Math.max(0, index - 80);
  const match = /(\S+)\s*$/u.exec(text.slice(from, index));
  if (match === null || match[1] === undefined) return undefined;
  return { word: match[1], start: from + match.index };
}

export function isCapitalized(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}
