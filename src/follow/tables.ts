// News folgen's tables, merged into the store's Database (its migration: src/follow/migrations.ts).
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
  item: string; // topic:<slug>, author:<slug>, entity:<id> or search:<normalised query>
  created_at: string;
}

/** Which published articles matched a followed search (follow/searches.ts): the stream and fan-out read it. */
export interface SearchMatchesTable {
  item: string; // search:<normalised query>
  article_id: string;
}

/** An editor's decision about one entity in one article (article-entities.ts): recognition respects it. */
export interface ArticleEntityChoicesTable {
  article_id: string;
  entity_id: string;
  choice: 'accepted' | 'rejected' | 'added';
  by: string; // the staff member's address
  at: string;
}

declare module '../store/schema.ts' {
  interface Database {
    entities: EntitiesTable;
    article_entities: ArticleEntitiesTable;
    followers: FollowersTable;
    follows: FollowsTable;
    search_matches: SearchMatchesTable;
    article_entity_choices: ArticleEntityChoicesTable;
  }
}
