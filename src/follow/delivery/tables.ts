// Delivery's tables, merged into the store's Database (its migration: src/follow/delivery/migrations.ts).
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

/** The outbox: one row per reader, article, notice and channel is the idempotency key of every notification. */
export interface DeliveriesTable {
  article_id: string;
  notice: string; // '' for the publication, else the id of the substantive correction told

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
  notice: string; // as in DeliveriesTable
  after_follower: string; // the last follower id handed to a send job
  readers: number;
  started_at: string;
  finished_at: string | null;
}

declare module '../../store/schema.ts' {
  interface Database {
    push_subscriptions: PushSubscriptionsTable;
    mail_subscriptions: MailSubscriptionsTable;
    deliveries: DeliveriesTable;
    fanouts: FanoutsTable;
  }
}
