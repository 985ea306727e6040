// Table types for Kysely. Timestamps are ISO 8601 UTC strings in both dialects: they sort as text, compare
// equal across SQLite and PostgreSQL, and need no type parsers (see docs/architecture.md).
import type { Generated } from 'kysely';

export interface ArticlesTable {
  id: string;
  slug: string;
  import_key: string | null;
  status: 'draft' | 'published';
  language: string;
  kicker: string | null;
  headline: string;
  lead: string;
  body: string; // JSON array of blocks
  published_date: string; // as given, with its precision: 2025-03, 2025-03-27 or a full timestamp
  published_at: string; // the instant used for ordering and feeds
  updated_at: string | null; // set when a published article changes
  created_at: string;
  source_url: string | null;
  content_hash: string;
  version: number;
}

export interface AuthorsTable {
  slug: string;
  name: string;
}

export interface TopicsTable {
  slug: string;
  name: string;
}

export interface ArticleAuthorsTable {
  article_id: string;
  author_slug: string;
  position: number;
}

export interface ArticleTopicsTable {
  article_id: string;
  topic_slug: string;
  position: number;
}

export interface ArticleRevisionsTable {
  article_id: string;
  version: number;
  snapshot: string; // JSON of the article as it was
  replaced_at: string;
}

export interface SiteMetaTable {
  key: string;
  value: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: string; // JSON
  /** Enqueuing the same key twice yields one job: the guard against doubled work and doubled messages. */
  idempotency_key: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface EntitiesTable {
  id: string; // the gazetteer id, e.g. emmanuel-macron
  kind: 'person' | 'place' | 'organisation';
  name: string; // German
  name_en: string;
  aliases: string; // JSON array of strings
  status: 'active' | 'proposed' | 'removed'; // proposed: found by rules, never shown publicly
  merged_into: string | null;
  created_at: string;
}

export interface ArticleEntitiesTable {
  article_id: string;
  entity_id: string;
  mentions: number;
}

export interface FollowersTable {
  id: string;
  token_hash: string; // sha-256 of the reader's token; the token itself is never stored
  created_at: string;
  last_seen_at: string;
}

export interface FollowsTable {
  follower_id: string;
  item: string; // topic:<slug>, author:<slug> or entity:<id>
  created_at: string;
}

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

export interface PushSubscriptionsTable {
  id: string;
  follower_id: string;
  endpoint: string; // https URL of the browser's push service: a capability, never shown
  p256dh: string; // base64url P-256 public key of the browser
  auth: string; // base64url 16-byte auth secret
  created_at: string;
  failures: number; // consecutive failed sends; reset by a success
  last_error: string | null;
}

export interface MailSubscriptionsTable {
  id: string;
  follower_id: string; // one per reader
  address: string;
  state: 'pending' | 'confirmed' | 'unsubscribed';
  frequency: 'instant' | 'daily';
  locale: 'de' | 'en';
  created_at: string;
  confirmed_at: string | null;
}

/** The outbox: one row per reader, article and channel is the idempotency key of every notification. */
export interface DeliveriesTable {
  article_id: string;
  channel: 'push' | 'mail';
  follower_id: string;
  state: 'pending' | 'sent' | 'failed' | 'dropped';
  batch: string; // the send job that owns the row: a uuid, or digest:YYYY-MM-DD
  retry: string | null; // push: JSON array of subscription ids still to try after a partial failure
  due_at: string;
  sent_at: string | null;
  last_error: string | null;
}

export interface FanoutsTable {
  article_id: string;
  after_follower: string; // the last follower id handed to a send job
  readers: number;
  started_at: string;
  finished_at: string | null;
}

/** Share clicks per article, target and day (Europe/Berlin); nothing about the reader. */
export interface ShareCountsTable {
  article_id: string;
  target: string;
  day: string; // YYYY-MM-DD
  count: number;
}

/** One content write's stale page keys, for other processes' page caches (src/store/page-changes.ts). */
export interface PageChangesTable {
  id: Generated<number>;
  keys: string; // JSON array of keys
  created_at: string;
}

export interface Database {
  speech_lexicon: SpeechLexiconTable;
  article_audio: ArticleAudioTable;
  jobs: JobsTable;
  articles: ArticlesTable;
  authors: AuthorsTable;
  topics: TopicsTable;
  article_authors: ArticleAuthorsTable;
  article_topics: ArticleTopicsTable;
  article_revisions: ArticleRevisionsTable;
  site_meta: SiteMetaTable;
  schema_migrations: SchemaMigrationsTable;
  entities: EntitiesTable;
  article_entities: ArticleEntitiesTable;
  followers: FollowersTable;
  follows: FollowsTable;
  push_subscriptions: PushSubscriptionsTable;
  mail_subscriptions: MailSubscriptionsTable;
  deliveries: DeliveriesTable;
  fanouts: FanoutsTable;
  share_counts: ShareCountsTable;
  page_changes: PageChangesTable;
}
