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

export interface WebhooksTable {
  id: string;
  url: string;
  /** The HMAC key deliveries are signed with (hex); the receiver holds it too, so it is stored as is. */
  secret: string;
  /** JSON array of webhook event names. */
  events: string;
  created_at: string;
  created_by: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event: string;
  article_id: string;
  /** pending, delivered, retrying, failed */
  state: string;
  attempts: number;
  /** The receiver's HTTP status, or null when no answer came. */
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

declare module '../../store/schema.ts' {
  interface Database {
    webhooks: WebhooksTable;
    webhook_deliveries: WebhookDeliveriesTable;
  }
}
