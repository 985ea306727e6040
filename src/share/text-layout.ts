// Lines for the preview image: grapheme clusters with their font and real advance width, wrapped at spaces (or
// inside a word too long for a line), cut with an ellipsis when they do not fit. resvg then draws each run.
import { face } from './fonts.ts';

/** `text` runs are drawn in a Noto face chosen by script; `emoji` runs in Noto Emoji, positioned by us. */
export type RunKind = 'text' | 'emoji';

export interface Cluster {
  text: string;
  kind: RunKind;
  /** Advance in em. */
  width: number;
}

export interface Run {
  kind: RunKind;
  text: string;
  /** Advance in em. */
  width: number;
}

export interface Line {
  runs: Run[];
  width: number;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
// Variation selectors, joiners and skin tones belong to an emoji sequence; alone they draw nothing.
const INVISIBLE = /^[\uFE0E\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]$/u;
const TEXT_FACES = ['bold', 'hebrew', 'arabic'] as const;

/**
 * One line of plain text: controls, lone surrogates, noncharacters and bidi overrides removed (they would break
 * the XML or the image's reading order), whitespace collapsed, composed to NFC.
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '')
    .replace(/[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\uFFFE\uFFFF]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Each grapheme cluster with the face that can draw it; clusters no face can draw are left out. */
export function clusters(text: string): Cluster[] {
  const out: Cluster[] = [];
  for (const { segment } of graphemes.segment(cleanText(text))) {
    const cps = [...segment].map((c) => c.codePointAt(0)!);
    const visible = cps.filter((cp) => !INVISIBLE.test(String.fromCodePoint(cp)));
    const wantsEmoji =
      PICTOGRAPH.test(segment) && (cps.includes(0xfe0f) || visible.length !== 1 || !textWidth(visible));
    if (wantsEmoji) {
      // Only the base emoji: the monochrome face has no skin tones and few sequences, so its width is exact.
      const w = face('emoji').advance(cps[0]!);
      if (w !== undefined) out.push({ text: String.fromCodePoint(cps[0]!), kind: 'emoji', width: w });
      continue;
    }
    const w = textWidth(visible);
    if (w !== undefined) out.push({ text: String.fromCodePoint(...visible), kind: 'text', width: w });
  }
  return out;
}

function textWidth(cps: number[]): number | undefined {
  let sum = 0;
  for (const cp of cps) {
    let w: number | undefined;
    for (const role of TEXT_FACES) if ((w = face(role).advance(cp)) !== undefined) break;
    if (w === undefined) return undefined;
    sum += w;
  }
  return cps.length ? sum : undefined;
}

const width = (cs: Cluster[]) => cs.reduce((s, c) => s + c.width, 0);
const isSpace = (c: Cluster) => c.text === ' ';

/**
 * Greedy wrapping at spaces into lines of at most `maxWidth` em; a word wider than a line is broken between
 * clusters. Returns undefined when the text needs more than `maxLines`, unless `cut` is set: then the last line
 * ends in "…". Linear in the clusters (each width is read a bounded number of times) and it stops reading once
 * the lines are full, so a megabyte of text costs no more than a line's worth of work per line.
 */
export function wrap(cs: Cluster[], maxWidth: number, maxLines: number, cut: boolean): Line[] | undefined {
  const lines: Cluster[][] = [];
  let line: Cluster[] = [];
  let lineWidth = 0;
  const spaceCluster = space();
  const full = () => lines.length > maxLines;
  const flush = () => {
    if (line.length) lines.push(line);
    [line, lineWidth] = [[], 0];
  };
  let word: Cluster[] = [];
  let wordWidth = 0;
  const place = () => {
    if (!word.length) return;
    const joined = line.length ? lineWidth + spaceCluster.width + wordWidth : wordWidth;
    if (joined <= maxWidth) {
      if (line.length) line.push(spaceCluster);
      for (const c of word) line.push(c);
      lineWidth = joined;
    } else {
      flush();
      for (const c of word) {
        if (full()) break;
        if (line.length && lineWidth + c.width > maxWidth) flush();
        line.push(c);
        lineWidth += c.width;
      }
    }
    [word, wordWidth] = [[], 0];
  };
  for (const c of cs) {
    if (full()) break;
    if (isSpace(c)) place();
    else {
      word.push(c);
      wordWidth += c.width;
    }
  }
  if (!full()) place();
  if (!full()) flush();
  if (lines.length > maxLines) {
    if (!cut) return undefined;
    lines.length = maxLines;
    lines[maxLines - 1] = withEllipsis(lines[maxLines - 1]!, maxWidth);
  }
  return lines.map(toLine);
}

/** A single line, cut with "…" when it is too wide. */
export function oneLine(cs: Cluster[], maxWidth: number): Line {
  let w = 0;
  for (const c of cs) if ((w += c.width) > maxWidth) return toLine(withEllipsis(cs, maxWidth));
  return toLine(cs);
}

/** The longest start of `line` that fits with "…" after it (trailing spaces dropped), then the "…". */
function withEllipsis(line: Cluster[], maxWidth: number): Cluster[] {
  const ellipsis: Cluster = { text: '…', kind: 'text', width: face('bold').advance(0x2026)! };
  let end = 0;
  let w = ellipsis.width;
  while (end < line.length && w + line[end]!.width <= maxWidth) w += line[end++]!.width;
  while (end > 0 && isSpace(line[end - 1]!)) end--;
  return [...line.slice(0, end), ellipsis];
}

function space(): Cluster {
  return { text: ' ', kind: 'text', width: face('bold').advance(0x20)! };
}

function toLine(cs: Cluster[]): Line {
  const runs: Run[] = [];
  for (const c of cs) {
    const last = runs.at(-1);
    if (last && last.kind === c.kind) {
      last.text += c.text;
      last.width += c.width;
    } else runs.push({ kind: c.kind, text: c.text, width: c.width });
  }
  return { runs, width: width(cs) };
}

/** Right-to-left when the first strong character is Hebrew or Arabic (what `dir="auto"` would decide). */
export function isRtl(text: string): boolean {
  const strong = /[\p{L}]/u.exec(text);
  return strong !== null && /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u.test(strong[0]);
}

/** The face for a text run: Arabic or Hebrew faces when the run needs them (both also draw Latin). */
export function runFamily(text: string): string {
  if (/[\u0600-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u.test(text)) return face('arabic').family;
  if (/[\u0590-\u05FF\uFB1D-\uFB4F]/u.test(text)) return face('hebrew').family;
  return face('bold').family;
}
