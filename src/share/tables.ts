// Artikel teilen's table, merged into the store's Database (its migration: src/share/migrations.ts).
/** Share clicks per article, target and day (Europe/Berlin); nothing about the reader. */
export interface ShareCountsTable {
  article_id: string;
  target: string;
  day: string; // YYYY-MM-DD
  count: number;
}

declare module '../store/schema.ts' {
  interface Database {
    share_counts: ShareCountsTable;
  }
}
