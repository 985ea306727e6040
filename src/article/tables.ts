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

/** The site's standing pages (Impressum, Datenschutz, Kontakt): see pages.ts. */
export interface PagesTable {
  slug: string;
  title: string;
  body: string; // JSON array of blocks, as an article's body
  updated_at: string;
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
    pages: PagesTable;
  }
}
