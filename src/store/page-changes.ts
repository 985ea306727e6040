// Which cached pages a write made stale, told to every process: a row in `page_changes` written in the write's
// own transaction, a NOTIFY on PostgreSQL (delivered at commit), and at once to this process after the commit.
// Keys name what a page shows: `article:<id>`, `front`, `topic:<slug>`, `author:<slug>`, `entity:<id>`,
// `page:<slug>` (a standing page), `feeds`, `sitemap`, `podcast`; `*` is every page. With an edge cache configured, the process that wrote purges
// those keys there at once after the commit, and the same transaction queues the purge once more for later
// (`edge.purge`, handled in web/edge.ts): the queued one is the guaranteed path. A change that takes something
// from readers (a withdrawal) is `gone`: the edge drops its copies outright instead of serving them once more.
import { PostgresAdapter, type Kysely } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import { enqueue } from './jobs.ts';
import type { Database } from './schema.ts';

declare module './jobs.ts' {
  interface JobPayloads {
    'edge.purge': { keys: string[]; gone?: true };
  }
}

export const EVERY_PAGE = '*';
const CHANNEL = 'blattwerk_pages';
/** How long rows stay for processes that poll; one that fell further behind drops every page. */
export const PAGE_CHANGES_KEPT_MS = 10 * 60_000;
const POLL_MS = 1000;
/** NOTIFY payloads must stay under 8000 bytes; a longer list is sent as "every page". */
const MAX_PAYLOAD = 7000;

type Listener = (keys: readonly string[]) => void;
const local = new Set<Listener>();
/** Purges keys at the edge now; it reports its own failures (the queued purge follows anyway). */
export type EdgePurge = (keys: string[], gone: boolean) => void;
/** `gone`: the change took something from readers, which the edge must not show even once more. */
export interface PageChangeOptions {
  gone?: boolean;
}
let purgeEdgeNow: EdgePurge | undefined;
/**
 * When the queued purge runs: by then every web process has dropped its own copy (polling processes within a
 * second) and a render or edge fetch begun before the change has ended, so nothing from before is left to keep.
 */
export const EDGE_PURGE_AGAIN_MS = 2000;

/** Set once at start when an edge cache (Varnish, a CDN) is configured: every recorded change is purged there. */
export function purgeEdgeCaches(purge: EdgePurge | undefined): void {
  purgeEdgeNow = purge;
}

/**
 * Queues the purge of `keys` at the edge for EDGE_PURGE_AGAIN_MS from now; the writer purges at once itself
 * (after its commit: `announcePageChanges`; at once outside a transaction). The queued purge still makes the
 * change reach the edge if that one is lost (the writer died, the edge was away), and removes what an edge
 * fetch begun before the change stored after it. With an idempotency key already used, nothing is purged.
 */
export async function queueEdgePurge(
  db: Kysely<Database>,
  keys: string[],
  idempotencyKey?: string,
  { gone = false }: PageChangeOptions = {},
): Promise<void> {
  if (!purgeEdgeNow) return;
  const runAt = new Date(Date.now() + EDGE_PURGE_AGAIN_MS);
  const added = await enqueue(db, 'edge.purge', gone ? { keys, gone } : { keys }, {
    maxAttempts: 10,
    runAt,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  if (added && !db.isTransaction) purgeEdgeNow(keys, gone);
}

/** Inside the write's transaction: stores the keys for other processes (and notifies them on PostgreSQL). */
export async function recordPageChanges(
  tx: Kysely<Database>,
  keys: Iterable<string>,
  options: PageChangeOptions = {},
): Promise<void> {
  const at = new Date();
  let list = [...new Set(keys)];
  let text = JSON.stringify(list);
  if (text.length > MAX_PAYLOAD) text = JSON.stringify((list = [EVERY_PAGE]));
  const row = await tx
    .insertInto('page_changes')
    .values({ keys: text, created_at: at.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (tx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_notify(${CHANNEL}, ${`${row.id} ${text}`})`.execute(tx);
  await queueEdgePurge(tx, list, undefined, options);
  await tx
    .deleteFrom('page_changes')
    .where('created_at', '<', new Date(at.getTime() - PAGE_CHANGES_KEPT_MS).toISOString())
    .execute();
}

/**
 * After the commit: this process's page cache drops the keys at once (other processes learn them from the log),
 * and so does the edge.
 */
export function announcePageChanges(keys: Iterable<string>, { gone = false }: PageChangeOptions = {}): void {
  const list = [...keys];
  if (list.length === 0) return;
  for (const listener of local) listener(list);
  // Committed: the edge's next fetch reads the change (web processes that have not heard of it yet render
  // anew for the edge's refetch of a purged page, see web/server.ts).
  purgeEdgeNow?.(list, gone);
}

export interface PageChangeSource {
  dialect: 'sqlite' | 'postgres';
  db: Kysely<Database>;
  /** A new client for LISTEN, configured like the pool (PostgreSQL only). */
  newPgClient?: () => pg.Client;
}

/**
 * Calls `apply` with the keys of every content write, this process's at once and others' within a second
 * (SQLite: polling the log) or at their commit (PostgreSQL: LISTEN). Whenever changes may have been missed (a
 * failed poll, a lost LISTEN connection, a process that fell behind the log), it applies "every page".
 */
export function watchPageChanges(source: PageChangeSource, apply: Listener, log: (m: string) => void): () => void {
  local.add(apply);
  let lastId: number | undefined;
  let polledAt = Date.now();
  let stopped = false;
  let polling = false;
  let listening = false;
  let client: pg.Client | undefined;

  const everything = () => apply([EVERY_PAGE]);
  const receive = (id: number, text: string) => {
    if (lastId !== undefined && id <= lastId && source.dialect === 'sqlite') return;
    lastId = Math.max(lastId ?? 0, id);
    try {
      apply(JSON.parse(text) as string[]);
    } catch {
      everything();
    }
  };

  async function poll(): Promise<void> {
    if (polling || listening || stopped) return;
    polling = true;
    try {
      if (Date.now() - polledAt > PAGE_CHANGES_KEPT_MS / 2) {
        lastId = undefined;
        everything();
      }
      if (lastId === undefined) {
        const row = await source.db
          .selectFrom('page_changes')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst();
        lastId = Number(row?.id ?? 0);
      } else {
        const rows = await source.db
          .selectFrom('page_changes')
          .select(['id', 'keys'])
          .where('id', '>', lastId)
          .orderBy('id')
          .execute();
        for (const r of rows) receive(r.id, r.keys);
      }
      polledAt = Date.now();
    } catch (err) {
      everything();
      log(`web: cannot read page changes: ${(err as Error).message}`);
    } finally {
      polling = false;
    }
  }

  const timer = setInterval(() => void poll(), POLL_MS).unref();
  void poll();

  async function listen(attempt: number): Promise<void> {
    if (stopped || !source.newPgClient) return;
    const c = source.newPgClient();
    client = c;
    c.on('notification', (n) => {
      const space = n.payload?.indexOf(' ') ?? -1;
      if (space < 0) return everything();
      receive(Number(n.payload!.slice(0, space)), n.payload!.slice(space + 1));
    });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = undefined;
      listening = false;
      everything();
      if (!stopped) log(`web: page-change listener lost${err ? `: ${err.message}` : ''}; polling until it is back`);
      void c.end().catch(() => {});
      setTimeout(() => void listen(attempt + 1), Math.min(30_000, 500 * 2 ** Math.min(attempt, 6))).unref();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      if (stopped) return void c.end();
      listening = true;
      // Whatever committed between the last poll and LISTEN may have been missed.
      if (attempt > 0) everything();
    } catch (err) {
      lost(err as Error);
    }
  }
  if (source.dialect === 'postgres') void listen(0);

  return () => {
    stopped = true;
    local.delete(apply);
    clearInterval(timer);
    const c = client;
    client = undefined;
    void c?.end().catch(() => {});
  };
}
