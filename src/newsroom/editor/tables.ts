// The editor's tables, merged into the store's Database (its migration: ./migrations.ts).

/** Who has an article open: one row per person and article, its time the last heartbeat. */
export interface EditorPresenceTable {
  article_id: string;
  staff_id: string;
  seen_at: string;
}

declare module '../../store/schema.ts' {
  interface Database {
    editor_presence: EditorPresenceTable;
  }
}
