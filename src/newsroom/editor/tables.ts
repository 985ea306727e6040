// The editor's tables, merged into the store's Database (its migration: ./migrations.ts).

/** An article's optional SEO fields (its owner is `articles.created_by`, which the workflow reads too). */
export interface EditorArticlesTable {
  article_id: string;
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
