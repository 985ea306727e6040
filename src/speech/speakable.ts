// The article as the voice reads it: one entry per spoken sentence, in reading order, with pauses.
import { applyLexicon, normalizeForSpeech } from './normalize.ts';
import type { LexiconEntry } from './lexicon.ts';
import { splitSentences } from './sentences.ts';
import type { SentenceSpan } from './sentences.ts';
import type { SpeechLanguage } from './vocabulary.ts';

export interface SpeakableArticle {
  headline: string;
  lead: string;
  body: { type: 'paragraph' | 'subheading' | 'quote'; text: string }[];
}

export interface SpeakableSentence {
  /** -2 headline, -1 lead, 0… the body block. */
  blockIndex: number;
  sentenceIndex: number;
  /** Offsets into the block's printed text, for wrapping the sentence in a span. */
  start: number;
  end: number;
  original: string;
  spoken: string;
  pauseAfterMs: number;
}

export const HEADING_PAUSE_MS = 600;
export const PARAGRAPH_PAUSE_MS = 300;

export const HEADLINE_BLOCK = -2;
export const LEAD_BLOCK = -1;

type BlockKind = 'heading' | 'paragraph';

function blockSentences(
  blockIndex: number,
  kind: BlockKind,
  text: string,
  language: SpeechLanguage,
  lexicon: readonly LexiconEntry[],
): SpeakableSentence[] {
  // A heading is one unit on the page and for the voice, whatever punctuation it has.
  const spans = kind === 'heading' ? wholeBlock(text) : splitSentences(text, language);
  const entries: SpeakableSentence[] = [];
  for (const span of spans) {
    const spoken = normalizeForSpeech(applyLexicon(span.text, lexicon), language);
    if (spoken === '') continue;
    entries.push({
      blockIndex,
      sentenceIndex: entries.length,
      start: span.start,
      end: span.end,
      original: span.text,
      spoken,
      pauseAfterMs: 0,
    });
  }
  const last = entries.at(-1);
  if (last !== undefined) last.pauseAfterMs = kind === 'heading' ? HEADING_PAUSE_MS : PARAGRAPH_PAUSE_MS;
  return entries;
}

function wholeBlock(text: string): SentenceSpan[] {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return start >= end ? [] : [{ text: text.slice(start, end), start, end }];
}

/**
 * The sentences to speak, in order: headline, lead, then the body blocks. The lexicon is applied to the printed
 * sentence before it is normalised; sentences with nothing to say (an emoji alone) are left out. The lead and
 * quote blocks pause like paragraphs after their last sentence; headline and subheadings pause longer.
 */
export function speakableSentences(
  article: SpeakableArticle,
  language: SpeechLanguage,
  lexicon: readonly LexiconEntry[],
): SpeakableSentence[] {
  const blocks: [number, BlockKind, string][] = [
    [HEADLINE_BLOCK, 'heading', article.headline],
    [LEAD_BLOCK, 'paragraph', article.lead],
    ...article.body.map((block, i): [number, BlockKind, string] => [
      i,
      block.type === 'subheading' ? 'heading' : 'paragraph',
      block.text,
    ]),
  ];
  return blocks.flatMap(([index, kind, text]) => blockSentences(index, kind, text, language, lexicon));
}
