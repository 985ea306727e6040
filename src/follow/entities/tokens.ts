// Splits text into words with their offsets, so that matching is word-boundary aware by construction:
// "EU" can never match inside "neue", nor "Paris" inside "Parisienne".

export type Token = {
  /** The word, NFC-normalised, soft hyphens removed. */
  word: string;
  start: number;
  end: number;
  /** The first word of a sentence, heading or paragraph: its capital letter says nothing about names. */
  sentenceStart: boolean;
};

// Letters, combining marks and digits; the soft hyphen belongs to the word it breaks.
const WORD = /[\p{L}\p{M}\p{N}\u00AD]+/gu;
// What may stand between a sentence's end and its first word: spaces, quotes, brackets, dashes.
const OPENERS = /[\s"'„“”‚‘’«»‹›()[\]–—-]/gu;

export function normaliseWord(raw: string): string {
  return raw.replace(/\u00AD/g, '').normalize('NFC');
}

/** Separators compare as written, except that any run of spaces is one space and typographic variants are one. */
export function normaliseGap(gap: string): string {
  return gap
    .replace(/\s+/gu, ' ')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[’‘ʼ`´]/g, "'");
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const gap = text.slice(previousEnd, start);
    tokens.push({
      word: normaliseWord(match[0]),
      start,
      end: start + match[0].length,
      sentenceStart: tokens.length === 0 || endsSentence(gap),
    });
    previousEnd = start + match[0].length;
  }
  return tokens;
}

function endsSentence(gap: string): boolean {
  if (/[\n\r]/.test(gap)) return true;
  const bare = gap.replace(OPENERS, '');
  // A colon counts: German capitalises after it when a sentence follows, and we cannot tell which.
  return /[.!?:…]$/.test(bare);
}

/** The gap between two neighbouring tokens, normalised; "" when they are the last and there is no next. */
export function gapBetween(text: string, left: Token, right: Token | undefined): string {
  return right === undefined ? '' : normaliseGap(text.slice(left.end, right.start));
}

/** A written form ("Wolodymyr Selenskyj", "U.S.", "Frank-Walter Steinmeier") as words and the gaps between them. */
export type FormWords = { words: string[]; gaps: string[] };

export function formWords(form: string): FormWords {
  const tokens = tokenize(form);
  return {
    words: tokens.map((token) => token.word),
    gaps: tokens.slice(1).map((token, index) => gapBetween(form, tokens[index] as Token, token)),
  };
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
