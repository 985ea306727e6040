// The API's tables, merged into the store's Database (its migration: ./migrations.ts).
export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the token: the token itself is shown once and never stored. */
  token_hash: string;
  /** JSON array of scope names. */
  scopes: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

declare module '../../store/schema.ts' {
  interface Database {
    api_tokens: ApiTokensTable;
  }
}
