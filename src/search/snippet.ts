// The snippet under a result: a stretch of the article's own text around the words searched, as segments marked
// hit or not. The view escapes and highlights them; nothing here is markup.
import type { Article } from '../article/index.ts';
import { fieldTexts } from './document.ts';
import { searchLanguage, term, words } from './text.ts';

export interface SnippetSegment {
  text: string;
  hit: boolean;
}

export const SNIPPET_LENGTH = 220;
/** How much text before the first hit the snippet shows. */
const LEAD_IN = 60;

/** The text with the most of the searched terms (lead, body, captions), cut around its first hit. */
export function snippetOf(article: Article, highlight: ReadonlySet<string>): SnippetSegment[] {
  const language = searchLanguage(article.language);
  const f = fieldTexts(article);
  const texts = [article.lead, ...f.body, ...f.captions].filter((t) => t.trim() !== '');
  let best = { text: texts[0] ?? '', hits: [] as { start: number; end: number }[], distinct: 0 };
  for (const text of texts) {
    const hits = words(text).filter((w) => highlight.has(term(text.slice(w.start, w.end), language)));
    const distinct = new Set(hits.map((w) => term(text.slice(w.start, w.end), language))).size;
    if (distinct > best.distinct) best = { text, hits, distinct };
  }
  return segments(best.text, best.hits);
}

function segments(text: string, hits: { start: number; end: number }[]): SnippetSegment[] {
  const first = hits[0]?.start ?? 0;
  let start = first > LEAD_IN ? wordStartAfter(text, first - LEAD_IN) : 0;
  if (start > first) start = first;
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) end = Math.max(wordEndBefore(text, end), Math.min(text.length, first + 1));
  const out: SnippetSegment[] = [];
  const push = (s: string, hit: boolean) => {
    if (s === '') return;
    const last = out.at(-1);
    if (last && last.hit === hit) last.text += s;
    else out.push({ text: s, hit });
  };
  if (start > 0) push('… ', false);
  let at = start;
  for (const h of hits) {
    if (h.start < start || h.end > end) continue;
    push(text.slice(at, h.start), false);
    push(text.slice(h.start, h.end), true);
    at = h.end;
  }
  push(text.slice(at, end), false);
  if (end < text.length) push(' …', false);
  return out;
}

function wordStartAfter(text: string, from: number): number {
  const i = text.indexOf(' ', from);
  return i < 0 ? text.length : i + 1;
}

function wordEndBefore(text: string, to: number): number {
  const i = text.lastIndexOf(' ', to);
  if (i > 0) return i;
  // No space to cut at: never between the two halves of a surrogate pair.
  const c = text.charCodeAt(to - 1);
  return c >= 0xd800 && c <= 0xdbff ? to - 1 : to;
}
