// The article as the voice reads it: one entry per spoken sentence, in reading order, with pauses.
import { type Article, type Block, type SentenceSpan, splitSentences } from '../article/index.ts';
import { applyLexicon, normalizeForSpeech } from './normalize.ts';
import type { LexiconEntry } from './lexicon.ts';
import type { SpeechLanguage } from './vocabulary.ts';

/** Images are not read, so any image reference will do (an imported file not yet stored, too). */
export type SpeakableArticle = Pick<Article, 'headline' | 'lead'> & { body: readonly Block<unknown>[] };

export interface SpeakableSentence {
  /** -2 headline, -1 lead, 0… the body block. */
  blockIndex: number;
  /** Which text of the block: a list item, the info box title (0) and its paragraphs (1…); 0 otherwise. */
  part: number;
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

type SpokenText = [blockIndex: number, part: number, kind: BlockKind, text: string];

function blockSentences(
  [blockIndex, part, kind, text]: SpokenText,
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
      part,
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
 * What the voice reads of a block: links as their text, list items one by one, an info box's title and
 * paragraphs (it belongs to the story). A quote's source, tables (cell by cell they make no sense aloud), embeds,
 * dividers and images are not read: a caption describes a picture the listener cannot see.
 */
function spokenTexts(b: Block<unknown>, i: number): SpokenText[] {
  switch (b.type) {
    case 'paragraph':
    case 'quote':
      return [[i, 0, 'paragraph', b.text]];
    case 'subheading':
      return [[i, 0, 'heading', b.text]];
    case 'list':
      return b.items.map((item, part): SpokenText => [i, part, 'paragraph', item.text]);
    case 'infobox':
      return [[i, 0, 'heading', b.title], ...b.paragraphs.map((p, n): SpokenText => [i, n + 1, 'paragraph', p.text])];
    case 'table':
    case 'embed':
    case 'divider':
    case 'image':
      return [];
  }
}

const wordSegmenter = new Intl.Segmenter('de', { granularity: 'word' });
const words = (text: string) =>
  Array.from(wordSegmenter.segment(text.toLocaleLowerCase('de')), (s) => (s.isWordLike ? s.segment : '')).filter(
    Boolean,
  );

/**
 * Whether the lead begins with the headline's words (quotes, punctuation and case aside), as when the importer
 * derives the headline from the lead's first clause: the listener would hear it twice.
 */
export function headlineRepeatsLead(headline: string, lead: string): boolean {
  const h = words(headline);
  const l = words(lead);
  return h.length > 0 && h.length <= l.length && h.every((w, i) => w === l[i]);
}

/**
 * The sentences to speak, in order: headline (unless the lead begins with it), lead, then the body blocks. The
 * lexicon is applied to the printed sentence before it is normalised; sentences with nothing to say (an emoji
 * alone) are left out. The lead and quote blocks pause like paragraphs after their last sentence; headline and
 * subheadings pause longer.
 */
export function speakableSentences(
  article: SpeakableArticle,
  language: SpeechLanguage,
  lexicon: readonly LexiconEntry[],
): SpeakableSentence[] {
  const texts: SpokenText[] = [
    ...(headlineRepeatsLead(article.headline, article.lead)
      ? []
      : [[HEADLINE_BLOCK, 0, 'heading', article.headline] satisfies SpokenText]),
    [LEAD_BLOCK, 0, 'paragraph', article.lead],
    ...article.body.flatMap(spokenTexts),
  ];
  return texts.flatMap((t) => blockSentences(t, language, lexicon));
}
