// Input checks shared by every engine, so each rejects bad input with the same words.

import type { SpeakableSentence } from './engine.ts';

/** Rejects input no engine can speak, with a message a caller can show. */
export function checkSentences(sentences: readonly SpeakableSentence[]): void {
  if (sentences.length === 0) throw new Error('speech: nothing to synthesise: no sentences');
  if (sentences.every((s) => s.spoken.trim() === '')) {
    throw new Error('speech: nothing to synthesise: every sentence is empty');
  }
  for (const [i, s] of sentences.entries()) {
    if (!Number.isFinite(s.pauseAfterMs) || s.pauseAfterMs < 0) {
      throw new Error(`speech: sentence ${i + 1} has an invalid pause: ${s.pauseAfterMs}`);
    }
  }
}
