// The publishing core's tables, merged into the store's Database (its migration: src/article/migrations.ts).
export interface ArticlesTable {
  id: string;
  slug: string;
  import_key: string | null;
  status: 'draft' | 'published';
  language: string;
  kicker: string | null;
  headline: string;
  lead: string;
  lead_image: string | null; // JSON of the lead image (a Figure), see article/images
  body: string; // JSON array of blocks
  published_date: string; // as given, with its precision: 2025-03, 2025-03-27 or a full timestamp
  published_at: string; // the instant used for ordering and feeds
  updated_at: string | null; // set when a published article changes
  created_at: string;
  source_url: string | null;
  content_hash: string;
  version: number;
  /** Where it is in the newsroom's workflow; `status` is 'published' exactly when this is. */
  state: 'draft' | 'review' | 'scheduled' | 'published' | 'withdrawn';
  /** The staff id of whoever created it in the newsroom; null for imports. */
  created_by: string | null;
  /** When a scheduled article goes out. */
  scheduled_at: string | null;
  /** Before this it cannot be published, neither by the schedule nor by hand. */
  embargo_until: string | null;
  /** 1: publishing keeps the article's own date instead of the moment it went out. */
  keep_date: number;
  /** Why it went back to draft or was withdrawn: shown to staff, and (withdrawn) to readers. */
  state_note: string | null;
  /** The title and description for search engines and social networks; '' falls back to headline and lead. */
  seo_title: string;
  seo_description: string;
}

/** A correction or an update note of an article, shown under its text and on the transparency page. */
export interface ArticleCorrectionsTable {
  id: string;
  article_id: string;
  kind: 'correction' | 'update';
  /** What was wrong (corrections). */
  wrong: string | null;
  /** What is right, or what is new. */
  note: string;
  substantive: number;
  /** The article version the correction came with. */
  version: number;
  by: string;
  at: string;
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

/** One row per save that changed an article; see src/article/events.ts. */
export interface ArticleEventsTable {
  id: string;
  type: string;
  article_id: string;
  version: number;
  by: string;
  at: string;
}

/** The site's standing pages (Impressum, Datenschutz, Kontakt, Über uns): see pages.ts. */
export interface PagesTable {
  slug: string;
  title: string;
  body: string; // JSON array of blocks, as an article's body
  updated_at: string;
  /** Each save adds one: the editor's expectedVersion. */
  version: number;
  /** Who saved it last: a staff address, or `cli`. */
  updated_by: string | null;
}

declare module '../store/schema.ts' {
  interface Database {
    articles: ArticlesTable;
    authors: AuthorsTable;
    topics: TopicsTable;
    article_authors: ArticleAuthorsTable;
    article_topics: ArticleTopicsTable;
    article_revisions: ArticleRevisionsTable;
    article_events: ArticleEventsTable;
    article_corrections: ArticleCorrectionsTable;
    pages: PagesTable;
  }
}
