// The audio's text as podcast apps and the native player want it: WebVTT captions (one cue per spoken sentence,
// from the exact sentence timings) and JSON chapters (Podcasting 2.0, version 1.2.0) from the subheadings.
import type { Article } from '../article/index.ts';
import { HEADLINE_BLOCK, LEAD_BLOCK } from './speakable.ts';
import type { AudioRecord, SentenceTiming } from './store.ts';

/** Addresses beside the MP3's, by the same hash of what is said: they never change content. */
export const captionsUrl = (audio: Pick<AudioRecord, 'articleId' | 'textHash'>) =>
  `/audio/${audio.articleId}/${audio.textHash}.vtt`;
export const chaptersUrl = (audio: Pick<AudioRecord, 'articleId' | 'textHash'>) =>
  `/audio/${audio.articleId}/${audio.textHash}.chapters.json`;

/** The printed text a timing's offsets point into (see speakableSentences for the numbering). */
export function printedText(article: Pick<Article, 'headline' | 'lead' | 'body'>, block: number, part = 0): string {
  if (block === HEADLINE_BLOCK) return article.headline;
  if (block === LEAD_BLOCK) return article.lead;
  const b = article.body[block];
  switch (b?.type) {
    case 'paragraph':
    case 'quote':
    case 'subheading':
      return b.text;
    case 'list':
      return b.items[part]?.text ?? '';
    case 'infobox':
      return part === 0 ? b.title : (b.paragraphs[part - 1]?.text ?? '');
    case 'table':
    case 'embed':
    case 'divider':
    case 'image':
    case undefined:
      return '';
  }
}

/** hh:mm:ss.ttt, the one timestamp form WebVTT allows with hours. */
export function vttTime(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  const h = Math.floor(whole / 3_600_000);
  const m = Math.floor((whole % 3_600_000) / 60_000);
  const s = Math.floor((whole % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(whole % 1000, 3)}`;
}

/** Cue text: one line, with the three characters WebVTT gives meaning to escaped (so "-->" cannot occur). */
function cueText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One cue per sentence with its printed words, numbered from 1, in the order the voice reads them. */
export function webVtt(article: Pick<Article, 'headline' | 'lead' | 'body'>, timings: SentenceTiming[]): string {
  const cues = timings.map((t, i) => {
    const text = cueText(printedText(article, t.block, t.part).slice(t.start, t.end));
    return `${i + 1}\n${vttTime(t.startMs)} --> ${vttTime(Math.max(t.endMs, t.startMs))}\n${text}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export interface Chapter {
  startTime: number;
  title: string;
}

/**
 * The headline opens the first chapter at 0; each subheading the voice reads opens one where it starts. Times in
 * seconds (the format's unit), to the millisecond.
 */
export function chapters(article: Pick<Article, 'headline' | 'lead' | 'body'>, timings: SentenceTiming[]) {
  const list: Chapter[] = [{ startTime: 0, title: article.headline }];
  article.body.forEach((b, i) => {
    if (b.type !== 'subheading') return;
    const first = timings.find((t) => t.block === i);
    if (first) list.push({ startTime: first.startMs / 1000, title: b.text });
  });
  return { version: '1.2.0', chapters: list };
}
