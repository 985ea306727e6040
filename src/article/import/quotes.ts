// Straight double quotes typed on a keyboard become the language's quotation marks on import: German „…“,
// English “…”. One linear pass (no regex over the text, no backtracking); URLs and code are copied as they are.
// Single quotes stay: in German text they are mostly apostrophes, which a scanner cannot tell from quotes.

const MARKS = { de: ['„', '“'], en: ['“', '”'] } as const;

/** A straight quote after one of these (or at the start) opens a quotation. */
const OPENS_AFTER = new Set(['', ' ', '\n', '\t', '(', '[', '{', '–', '—', '/', '\u00a0']);
/** Punctuation that may follow a URL's closing quote (`"https://x.de".`) and so is not part of the URL. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '"']);
const URL_STARTS = ['https://', 'http://', 'mailto:', 'www.'];

const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\n' || c === '\t' || c === '\u00a0';

/**
 * Carries what a quotation needs across pieces of one paragraph (Markdown splits `"*Koalition*"` into three
 * text tokens): whether a quotation is open, and the character before the next piece.
 */
export class QuoteTypesetter {
  private open = false;
  private before = '';
  private readonly marks: readonly [string, string];

  constructor(language: string) {
    this.marks = language.toLowerCase().startsWith('en') ? MARKS.en : MARKS.de;
  }

  /** Text the typesetter must not change (code, a URL) but that the next quote sits after. */
  pass(text: string): void {
    if (text !== '') this.before = text.at(-1)!;
  }

  /** A line break or a new paragraph part: the next quote opens. */
  space(): void {
    this.before = ' ';
  }

  typeset(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '`') {
        // A code span (`…`) is copied whole; a lone backtick is only a character.
        const end = text.indexOf('`', i + 1);
        if (end !== -1) {
          out += text.slice(i, end + 1);
          this.before = '`';
          i = end + 1;
          continue;
        }
      } else if (OPENS_AFTER.has(this.before) || this.before === this.marks[0]) {
        const url = urlLength(text, i, this.open);
        if (url > 0) {
          out += text.slice(i, i + url);
          this.before = text[i + url - 1]!;
          i += url;
          continue;
        }
      }
      // `before` is the character written, never read back from `out`: that would flatten the string each time.
      const written = c === '"' ? this.mark(text[i + 1]) : c;
      out += written;
      this.before = written;
      i++;
    }
    return out;
  }

  private mark(next: string | undefined): string {
    const opening = OPENS_AFTER.has(this.before) && !(this.open && isSpace(next));
    if (opening) {
      this.open = true;
      return this.marks[0];
    }
    // `12"` (inches) with no quotation open is not a quote.
    if (!this.open && this.before >= '0' && this.before <= '9') return '"';
    this.open = false;
    return this.marks[1];
  }
}

/**
 * The length of the URL starting at `i`, or 0. A URL runs to whitespace. Inside a quotation, a quote followed
 * only by closing punctuation up to the whitespace closes the quotation (`"https://x.de".`); elsewhere it is
 * part of the URL.
 */
function urlLength(text: string, i: number, quoted: boolean): number {
  if (!URL_STARTS.some((s) => text.startsWith(s, i))) return 0;
  let end = i;
  while (end < text.length && !isSpace(text[end])) end++;
  if (!quoted) return end - i;
  let cut = end;
  while (cut > i && TRAILING.has(text[cut - 1]!)) cut--;
  const quote = text.indexOf('"', cut);
  return quote !== -1 && quote < end ? quote - i : cut - i;
}

/** One paragraph of plain text, typeset on its own (a quotation does not run over a paragraph's end). */
export function typesetQuotes(text: string, language: string): string {
  return new QuoteTypesetter(language).typeset(text);
}
