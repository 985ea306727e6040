// The editor's tables, merged into the store's Database (its migration: ./migrations.ts).

/** Who started an article in the web editor (ownership for contributors and authors), and its SEO fields. */
export interface EditorArticlesTable {
  article_id: string;
  owner_id: string;
  /** Optional title and description for search engines and social previews; '' when unset. */
  seo_title: string;
  seo_description: string;
}

/** Who has an article open: one row per person and article, its time the last heartbeat. */
export interface EditorPresenceTable {
  article_id: string;
  staff_id: string;
  seen_at: string;
}

declare module '../../store/schema.ts' {
  interface Database {
    editor_articles: EditorArticlesTable;
    editor_presence: EditorPresenceTable;
  }
}
