// Vorlesen's tables, merged into the store's Database (its migration: src/speech/migrations.ts).
export interface SpeechLexiconTable {
  word: string;
  spoken: string;
  created_at: string;
}

export interface ArticleAudioTable {
  article_id: string;
  /** pending: being generated; ready: file_key holds audio for text_hash; failed: error says why. */
  state: 'pending' | 'ready' | 'failed';
  /** Hash of the spoken text and the voice: equal hash, no new synthesis. */
  text_hash: string;
  voice: string;
  file_key: string | null;
  bytes: number | null;
  duration_ms: number | null;
  timings: string | null; // JSON: sentence places in the text and in the audio
  error: string | null;
  updated_at: string;
}

declare module '../store/schema.ts' {
  interface Database {
    speech_lexicon: SpeechLexiconTable;
    article_audio: ArticleAudioTable;
  }
}
