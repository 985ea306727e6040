// Storage for the article aggregate: articles with their authors, topics and revisions.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ArticlesTable } from './tables.ts';
import { beginWriting } from '../store/db.ts';
import { wakeWorkers } from '../store/jobs.ts';
import { announcePageChanges, recordPageChanges } from '../store/page-changes.ts';
import { contentHash } from './content-hash.ts';
import { recordEvent, type ArticleEvent, type ArticleEventListeners, type ArticleEventType } from './events.ts';
import {
  parsePublicationDate,
  slugify,
  type Article,
  type ArticleInput,
  type ArticleState,
  type Block,
  type ArticleSeo,
  type Correction,
  type CorrectionInput,
  type Figure,
  type NamedRef,
} from './model.ts';

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

export interface ListQuery {
  topic?: string;
  author?: string;
  limit: number;
  offset?: number;
}

export interface SaveOptions {
  /** Who saves: recorded on the event. */
  by: string;
  /** The version the writer read (0: the article did not exist); a different stored version refuses the save. */
  expectedVersion?: number;
  /** The handlers that hear article events: one job each is queued with the event. */
  listeners?: ArticleEventListeners;
  now?: Date;
  /** The article to update, by id (the web editor's articles have no import key). */
  id?: string;
  /** The staff id that creates it (kept as its owner); imports have none. */
  createdBy?: string;
  /** A correction or update note that comes with this save (published articles only). */
  correction?: CorrectionInput;
  /** Runs in the save's transaction after the write (the newsroom's audit entry), so both commit or neither. */
  within?: (tx: Kysely<Database>, article: { id: string; version: number }) => Promise<void>;
  /**
   * The slug the article should have while it has never been published (the editor's field, or its headline);
   * from the first publication on the slug stays as it is, so links to the article keep working.
   */
  draftSlug?: string;
  /** The SEO/social title and description (the editor's fields); left out, what is stored stays (imports). */
  seo?: ArticleSeo;
}

/** A publication refused because the article's embargo has not passed; nothing was written. */
export class EmbargoError extends Error {
  readonly until: Date;
  constructor(until: Date) {
    super(`store: the article is under embargo until ${until.toISOString()}; it cannot be published before`);
    this.name = 'EmbargoError';
    this.until = until;
  }
}

/** A workflow step the article's state does not allow (or a scheduled publish overtaken by a change). */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

/** A save based on a version that is no longer the stored one: nothing was written. */
export class StaleVersionError extends Error {
  constructor(article: string, stored: number, expected: number) {
    super(
      expected === 0
        ? `store: article "${article}" already exists (version ${stored}); this save was meant to create it`
        : `store: article "${article}" is at version ${stored}, this save was based on version ${expected}: ` +
            'someone saved it in between; reload it and apply the change again',
    );
    this.name = 'StaleVersionError';
  }
}

export interface SaveResult {
  article: Article;
  outcome: SaveOutcome;
  /** The event this save recorded; none when nothing changed. */
  event?: ArticleEvent;
}

/**
 * Creates or updates one article in one transaction together with its revision, its event and the event's
 * handler jobs; a published article's previous version becomes a revision. Workers are woken after the commit.
 */
export async function saveArticle(
  db: Kysely<Database>,
  input: ArticleInput,
  options: SaveOptions,
): Promise<SaveResult> {
  const now = options.now ?? new Date();
  const hash = contentHash(input);
  const saved = await db.transaction().execute(async (tx) => {
    // beginWriting makes saves take turns (see there), so the version read here holds until the commit.
    await beginWriting(tx);
    const existing = options.id
      ? await tx.selectFrom('articles').selectAll().where('id', '=', options.id).executeTakeFirst()
      : input.importKey
        ? await tx.selectFrom('articles').selectAll().where('import_key', '=', input.importKey).executeTakeFirst()
        : undefined;
    if (options.id && !existing) throw new Error(`store: article ${options.id} does not exist (anymore)`);
    const expected = options.expectedVersion;
    if (expected !== undefined && (existing?.version ?? 0) !== expected) {
      if (!existing) throw new Error(`store: article "${input.importKey ?? input.headline}" does not exist (anymore)`);
      throw new StaleVersionError(existing.slug, existing.version, expected);
    }
    if (options.correction && existing?.state !== 'published')
      throw new StateError('store: only a published article takes a correction note');
    const slug =
      existing && options.draftSlug !== undefined ? await draftSlug(tx, existing, options.draftSlug) : undefined;
    if (
      existing &&
      existing.content_hash === hash &&
      !options.correction &&
      (slug === undefined || slug === existing.slug) &&
      (options.seo === undefined ||
        (options.seo.title === existing.seo_title && options.seo.description === existing.seo_description))
    )
      return { id: existing.id, outcome: 'unchanged' as const, keys: [] };
    // A withdrawn article stays withdrawn whatever a save (an import run again) says: only republishing brings it back.
    const state: ArticleState =
      existing?.state === 'withdrawn'
        ? 'withdrawn'
        : input.status === 'published'
          ? 'published'
          : existing && existing.state !== 'published'
            ? existing.state
            : 'draft';
    const embargo = existing?.embargo_until ? new Date(existing.embargo_until) : undefined;
    if (state === 'published' && existing?.state !== 'published' && embargo && embargo > now)
      throw new EmbargoError(embargo);
    // The lists it leaves (an old topic or author) are stale as well as those it joins.
    const leaves = existing ? await listedOn(tx, existing.id) : [];

    const authors = await upsertNames(tx, 'authors', input.authors);
    const topics = await upsertNames(tx, 'topics', input.topics);
    const row = {
      status: state === 'published' ? ('published' as const) : ('draft' as const),
      state,
      ...(state === 'published' ? { scheduled_at: null } : {}),
      language: input.language,
      kicker: input.kicker ?? null,
      headline: input.headline,
      lead: input.lead,
      lead_image: input.leadImage ? JSON.stringify(input.leadImage) : null,
      body: JSON.stringify(input.body),
      published_date: input.published.value,
      published_at: input.published.instant.toISOString(),
      source_url: input.sourceUrl ?? null,
      content_hash: hash,
      ...(options.seo ? { seo_title: options.seo.title, seo_description: options.seo.description } : {}),
    };
    let articleId: string;
    const version = (existing?.version ?? 0) + 1;
    if (existing) {
      articleId = existing.id;
      const wasPublished = existing.status === 'published';
      if (wasPublished) {
        const previous = await loadArticles(tx, [existing]);
        await tx
          .insertInto('article_revisions')
          .values({
            article_id: articleId,
            version: existing.version,
            snapshot: JSON.stringify(previous[0]),
            replaced_at: now.toISOString(),
          })
          .execute();
      }
      await tx
        .updateTable('articles')
        .set({ ...row, version, updated_at: wasPublished ? now.toISOString() : null, ...(slug ? { slug } : {}) })
        .where('id', '=', articleId)
        .execute();
      await tx.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
      await tx.deleteFrom('article_topics').where('article_id', '=', articleId).execute();
    } else {
      articleId = randomUUID();
      const slug = await uniqueSlug(tx, slugify(options.draftSlug || input.headline));
      await tx
        .insertInto('articles')
        .values({
          ...row,
          id: articleId,
          slug,
          import_key: input.importKey ?? null,
          updated_at: null,
          created_at: now.toISOString(),
          version,
          created_by: options.createdBy ?? null,
          scheduled_at: null,
          embargo_until: null,
          keep_date: 0,
          state_note: null,
          seo_title: options.seo?.title ?? '',
          seo_description: options.seo?.description ?? '',
        })
        .execute();
    }
    if (authors.length) {
      await tx
        .insertInto('article_authors')
        .values(authors.map((a, i) => ({ article_id: articleId, author_slug: a.slug, position: i })))
        .execute();
    }
    if (topics.length) {
      await tx
        .insertInto('article_topics')
        .values(topics.map((t, i) => ({ article_id: articleId, topic_slug: t.slug, position: i })))
        .execute();
    }
    const event = await recordEvent(
      tx,
      { type: eventType(existing?.status, row.status), articleId, version, by: options.by, at: now.toISOString() },
      options.listeners ?? {},
    );
    if (options.correction)
      await recordCorrection(tx, articleId, version, options.correction, options.by, now, options.listeners);
    await options.within?.(tx, { id: articleId, version });
    const keys = [...leaves, ...pageKeys(articleId, topics, authors), 'front', 'feeds', 'sitemap', 'podcast'];
    await recordPageChanges(tx, keys);
    return { id: articleId, outcome: existing ? ('updated' as const) : ('created' as const), keys, event };
  });
  announcePageChanges(saved.keys);
  if (saved.outcome !== 'unchanged') wakeWorkers();
  const article = await getArticleById(db, saved.id);
  if (!article) throw new Error(`store: article ${saved.id} vanished after saving`);
  return { article, outcome: saved.outcome, ...('event' in saved ? { event: saved.event } : {}) };
}

/** The version stored under an import key, 0 when there is none: what an import read before it saves. */
export async function versionByImportKey(db: Kysely<Database>, importKey: string): Promise<number> {
  const row = await db.selectFrom('articles').select('version').where('import_key', '=', importKey).executeTakeFirst();
  return row?.version ?? 0;
}

/** Which states an article may move to from each (the newsroom adds who may move it). */
export const STATE_MOVES: Readonly<Record<ArticleState, readonly ArticleState[]>> = {
  draft: ['review', 'scheduled', 'published'],
  review: ['draft', 'scheduled', 'published'],
  scheduled: ['draft', 'scheduled', 'published'],
  published: ['withdrawn'],
  withdrawn: ['published'],
};

export interface StateChange {
  to: ArticleState;
  /** When a scheduled article goes out. */
  scheduledAt?: Date;
  /** Before this it cannot be published (set with a schedule; kept until the next schedule). */
  embargoUntil?: Date | null;
  /** Publishing keeps the article's own date. */
  keepDate?: boolean;
  /** Why (back to draft, withdrawn). */
  note?: string;
  /** The scheduled time this change was queued for: a change after it (a new time, a draft again) wins. */
  ifScheduledAt?: Date;
  /** The version the person saw; another stored version refuses the change. */
  expectedVersion?: number;
}

export interface StateOptions {
  by: string;
  listeners?: ArticleEventListeners;
  now?: Date;
  /** Runs in the change's transaction with the article as it was (the newsroom's audit entry). */
  within?: (tx: Kysely<Database>, before: Article) => Promise<void>;
}

/**
 * Moves an article to another workflow state in one transaction with its event (published: first shown;
 * unpublished: withdrawn) and its page changes. Publishing sets the article's date to the moment it goes out
 * (a scheduled article: the scheduled time, also when it goes out late) unless it keeps its own date or is
 * republished. The embargo holds for every way of publishing.
 */
export async function changeState(
  db: Kysely<Database>,
  id: string,
  change: StateChange,
  options: StateOptions,
): Promise<{ article: Article; event: ArticleEvent }> {
  const now = options.now ?? new Date();
  const done = await db.transaction().execute(async (tx) => {
    await beginWriting(tx);
    const row = await tx.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new StateError(`store: article ${id} does not exist`);
    if (change.expectedVersion !== undefined && row.version !== change.expectedVersion)
      throw new StaleVersionError(row.slug, row.version, change.expectedVersion);
    if (change.ifScheduledAt && (row.state !== 'scheduled' || row.scheduled_at !== change.ifScheduledAt.toISOString()))
      throw new StateError(`store: article ${id} is no longer scheduled for ${change.ifScheduledAt.toISOString()}`);
    if (!STATE_MOVES[row.state].includes(change.to))
      throw new StateError(`store: an article in state "${row.state}" cannot become "${change.to}"`);
    const [before] = await loadArticles(tx, [row]);
    const embargo = change.to === 'scheduled' && change.embargoUntil !== undefined ? change.embargoUntil : null;
    const embargoUntil = change.to === 'scheduled' ? embargo : row.embargo_until ? new Date(row.embargo_until) : null;
    if (change.to === 'published' && embargoUntil && embargoUntil > now) throw new EmbargoError(embargoUntil);
    if (change.to === 'scheduled') {
      if (!change.scheduledAt) throw new StateError('store: a schedule needs a time');
      if (embargoUntil && change.scheduledAt < embargoUntil) throw new EmbargoError(embargoUntil);
    }
    const keepDate = change.to === 'scheduled' ? (change.keepDate ?? false) : row.keep_date === 1;
    const set: Partial<Selectable<ArticlesTable>> = {
      state: change.to,
      status: change.to === 'published' ? 'published' : 'draft',
      scheduled_at: change.to === 'scheduled' ? change.scheduledAt!.toISOString() : null,
      embargo_until: embargoUntil?.toISOString() ?? null,
      keep_date: keepDate ? 1 : 0,
      state_note: change.note?.trim() || null,
      version: row.version + 1,
    };
    if (change.to === 'published' && row.state !== 'withdrawn' && !(change.keepDate ?? keepDate)) {
      // The schedule's own run takes the scheduled time, also when it runs late (the server was down).
      const at = change.ifScheduledAt ?? now;
      set.published_date = berlinTimestamp(at);
      set.published_at = at.toISOString();
    }
    await tx.updateTable('articles').set(set).where('id', '=', id).execute();
    const type: ArticleEventType =
      change.to === 'published'
        ? 'article.published'
        : row.state === 'published'
          ? 'article.unpublished'
          : 'article.changed';
    const event = await recordEvent(
      tx,
      { type, articleId: id, version: row.version + 1, by: options.by, at: now.toISOString() },
      options.listeners ?? {},
    );
    await options.within?.(tx, before!);
    const keys = [...(await listedOn(tx, id)), 'front', 'feeds', 'sitemap', 'podcast'];
    // Withdrawn (often for legal reasons): no cache may show it again, not even once while it refetches.
    const gone = type === 'article.unpublished';
    await recordPageChanges(tx, keys, { gone });
    return { event, keys, gone };
  });
  announcePageChanges(done.keys, { gone: done.gone });
  wakeWorkers();
  const article = await getArticleById(db, id);
  if (!article) throw new Error(`store: article ${id} vanished after its state changed`);
  return { article, event: done.event };
}

/** A full timestamp in Berlin with its offset ("2026-11-28T09:30:00+01:00"): the article's date as published. */
export function berlinTimestamp(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/**
 * Adds a correction or update note to a published article without changing its text (a save can carry one
 * too): the article counts as changed (feeds show the new date), its event `article.corrected` is recorded.
 */
export async function addCorrection(
  db: Kysely<Database>,
  id: string,
  correction: CorrectionInput,
  options: StateOptions,
): Promise<Article> {
  const now = options.now ?? new Date();
  const keys = await db.transaction().execute(async (tx) => {
    await beginWriting(tx);
    const row = await tx.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new StateError(`store: article ${id} does not exist`);
    if (row.state !== 'published') throw new StateError('store: only a published article takes a correction note');
    const [before] = await loadArticles(tx, [row]);
    await recordCorrection(tx, id, row.version, correction, options.by, now, options.listeners);
    await options.within?.(tx, before!);
    const keys = [...(await listedOn(tx, id)), 'front', 'feeds', 'sitemap', 'podcast', 'corrections'];
    await recordPageChanges(tx, keys);
    return keys;
  });
  announcePageChanges(keys);
  wakeWorkers();
  return (await getArticleById(db, id))!;
}

async function recordCorrection(
  tx: Kysely<Database>,
  articleId: string,
  version: number,
  c: CorrectionInput,
  by: string,
  now: Date,
  listeners: ArticleEventListeners | undefined,
): Promise<void> {
  const note = c.note.trim();
  if (!note) throw new StateError('store: a correction needs a text');
  await tx
    .insertInto('article_corrections')
    .values({
      id: randomUUID(),
      article_id: articleId,
      kind: c.kind,
      wrong: c.kind === 'correction' ? c.wrong?.trim() || null : null,
      note,
      substantive: c.kind === 'correction' && c.substantive ? 1 : 0,
      version,
      by,
      at: now.toISOString(),
    })
    .execute();
  await tx.updateTable('articles').set({ updated_at: now.toISOString() }).where('id', '=', articleId).execute();
  await recordEvent(tx, { type: 'article.corrected', articleId, version, by, at: now.toISOString() }, listeners ?? {});
  await recordPageChanges(tx, ['corrections']);
}

export interface SiteCorrection extends Correction {
  article: { id: string; slug: string; headline: string };
}

/** Every correction and update of published articles, newest first: the transparency page. */
export async function listSiteCorrections(db: Kysely<Database>, limit = 200): Promise<SiteCorrection[]> {
  const rows = await db
    .selectFrom('article_corrections as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .select([
      'c.id',
      'c.kind',
      'c.wrong',
      'c.note',
      'c.substantive',
      'c.version',
      'c.at',
      'a.id as aid',
      'a.slug',
      'a.headline',
    ])
    .where('a.status', '=', 'published')
    .orderBy('c.at', 'desc')
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...correctionOf(r),
    article: { id: r.aid, slug: r.slug, headline: r.headline },
  }));
}

function correctionOf(r: {
  id: string;
  kind: 'correction' | 'update';
  wrong: string | null;
  note: string;
  substantive: number;
  version: number;
  at: string;
}): Correction {
  return {
    id: r.id,
    kind: r.kind,
    ...(r.wrong ? { wrong: r.wrong } : {}),
    note: r.note,
    substantive: r.substantive === 1,
    version: r.version,
    at: new Date(r.at),
  };
}

export interface StaffListQuery {
  states: ArticleState[];
  author?: string | undefined;
  topic?: string | undefined;
  /** Words of the headline, in any case. */
  headline?: string | undefined;
  limit: number;
}

/** Articles in some states for the newsroom's lists: scheduled soonest first, the others last changed first. */
export async function listByState(db: Kysely<Database>, q: StaffListQuery): Promise<Article[]> {
  let query = db.selectFrom('articles').selectAll('articles').where('articles.state', 'in', q.states);
  if (q.topic) {
    const topic = q.topic;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  }
  if (q.author) {
    const author = q.author;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_slug', '=', author),
    );
  }
  for (const word of (q.headline ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
    // '!' escapes LIKE's wildcards in what was typed: the words match as written.
    const like = `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    query = query.where(sql<boolean>`lower(articles.headline) like ${like} escape '!'`);
  }
  const rows = await (
    q.states.length === 1 && q.states[0] === 'scheduled'
      ? query.orderBy('articles.scheduled_at')
      : query.orderBy((eb) => eb.fn.coalesce('articles.updated_at', 'articles.published_at'), 'desc')
  )
    .orderBy('articles.id')
    .limit(q.limit)
    .execute();
  return loadArticles(db, rows);
}

/** Every scheduled article with its time. */
export async function listScheduled(db: Kysely<Database>): Promise<{ id: string; scheduledAt: Date }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'scheduled_at'])
    .where('state', '=', 'scheduled')
    .where('scheduled_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, scheduledAt: new Date(r.scheduled_at!) }));
}

/** Who saved each version (from its event), for the revision list. */
export async function versionAuthors(
  db: Kysely<Database>,
  articleId: string,
): Promise<Map<number, { by: string; at: Date }>> {
  const rows = await db
    .selectFrom('article_events')
    .select(['version', 'by', 'at', 'type'])
    .where('article_id', '=', articleId)
    .where('type', '!=', 'article.corrected')
    .orderBy('version')
    .execute();
  return new Map(rows.map((r) => [r.version, { by: r.by, at: new Date(r.at) }]));
}

function eventType(before: Article['status'] | undefined, after: Article['status']): ArticleEventType {
  if (after === 'published') return before === 'published' ? 'article.changed' : 'article.published';
  return before === 'published' ? 'article.unpublished' : 'article.changed';
}

/** The page keys of an article and of the topic and author lists it is on (see src/store/page-changes.ts). */
function pageKeys(articleId: string, topics: { slug: string }[], authors: { slug: string }[]): string[] {
  return [`article:${articleId}`, ...topics.map((t) => `topic:${t.slug}`), ...authors.map((a) => `author:${a.slug}`)];
}

async function listedOn(tx: Kysely<Database>, articleId: string): Promise<string[]> {
  const [topics, authors] = await Promise.all([
    tx.selectFrom('article_topics').select('topic_slug as slug').where('article_id', '=', articleId).execute(),
    tx.selectFrom('article_authors').select('author_slug as slug').where('article_id', '=', articleId).execute(),
  ]);
  return pageKeys(articleId, topics, authors);
}

export async function getArticleById(db: Kysely<Database>, id: string): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await loadArticles(db, [row]))[0] : undefined;
}

/** Whether readers may see the article now (its audio and share pages ask, with one small query). */
export async function isPublished(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status === 'published';
}

export async function getArticleBySlug(db: Kysely<Database>, slug: string): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? (await loadArticles(db, [row]))[0] : undefined;
}

/** Articles by id in the order given, loaded with three queries whatever their number; missing ids left out. */
export async function getArticlesByIds(db: Kysely<Database>, ids: string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('articles').selectAll().where('id', 'in', ids).execute();
  const byId = new Map((await loadArticles(db, rows)).map((a) => [a.id, a]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Published articles, newest first. */
export async function listPublished(db: Kysely<Database>, q: ListQuery): Promise<Article[]> {
  let query = db.selectFrom('articles').selectAll('articles').where('articles.status', '=', 'published');
  if (q.topic !== undefined) {
    const topic = q.topic;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  }
  if (q.author !== undefined) {
    const author = q.author;
    query = query.where('articles.id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_slug', '=', author),
    );
  }
  const rows = await query
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id')
    .limit(q.limit)
    .offset(q.offset ?? 0)
    .execute();
  return loadArticles(db, rows);
}

export async function countPublished(
  db: Kysely<Database>,
  q: Omit<ListQuery, 'limit' | 'offset'> = {},
): Promise<number> {
  let query = db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published');
  if (q.topic !== undefined) {
    const topic = q.topic;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('article_topics').select('article_id').where('topic_slug', '=', topic),
    );
  }
  if (q.author !== undefined) {
    const author = q.author;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('article_authors').select('article_id').where('author_slug', '=', author),
    );
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getTopic(db: Kysely<Database>, slug: string): Promise<NamedRef | undefined> {
  return db.selectFrom('topics').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function getAuthor(db: Kysely<Database>, slug: string): Promise<NamedRef | undefined> {
  return db.selectFrom('authors').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/**
 * Published articles' slugs and last changes for the sitemaps, oldest first, so a new article joins the last
 * part and the earlier parts stay as they were.
 */
export async function listSitemapEntries(
  db: Kysely<Database>,
  q: { offset: number; limit: number },
): Promise<{ slug: string; lastModified: string }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['slug', 'published_at', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('published_at')
    .orderBy('id')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, lastModified: r.updated_at ?? r.published_at }));
}

/**
 * The last change in each part of `perPart` sitemap places, in the order of `listSitemapEntries` after a first
 * place for the front page: part 0 holds the front page and the first perPart − 1 articles. Parts without an
 * article (a site with none) are not listed.
 */
export async function sitemapPartChanges(
  db: Kysely<Database>,
  perPart: number,
): Promise<{ part: number; lastModified: string }[]> {
  const { rows } = await sql<{ part: number | string; changed: string }>`
    select cast(place / ${perPart} as integer) as part, max(changed) as changed
    from (
      select row_number() over (order by published_at, id) as place, coalesce(updated_at, published_at) as changed
      from articles
      where status = 'published'
    ) as placed
    group by 1
    order by 1`.execute(db);
  return rows.map((r) => ({ part: Number(r.part), lastModified: r.changed }));
}

export async function listRevisions(
  db: Kysely<Database>,
  articleId: string,
): Promise<{ version: number; replacedAt: Date; article: Article }[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    replacedAt: new Date(r.replaced_at),
    article: reviveArticle(JSON.parse(r.snapshot) as SerializedArticle),
  }));
}

/** Slugs that share a prefix with a slug nobody found: the 404 page offers them. */
export async function similarSlugs(db: Kysely<Database>, slug: string): Promise<{ slug: string; headline: string }[]> {
  const prefix = slug.split('-').slice(0, 2).join('-');
  if (prefix.length < 3) return [];
  return db
    .selectFrom('articles')
    .select(['slug', 'headline'])
    .where('status', '=', 'published')
    .where('slug', 'like', `${prefix.replace(/[%_]/g, '')}%`)
    .limit(5)
    .execute();
}

type WorkflowFields = 'state' | 'createdBy' | 'keepDate' | 'stateNote' | 'corrections' | 'seo';
type SerializedArticle = Omit<
  Article,
  'published' | 'updatedAt' | 'createdAt' | 'scheduledAt' | 'embargoUntil' | WorkflowFields
> &
  Partial<Pick<Article, WorkflowFields>> & {
    published: { value: string };
    updatedAt: string | null;
    createdAt: string;
  };

function reviveArticle(a: SerializedArticle): Article {
  // Snapshots older than the workflow lack its fields; only the content of a revision is ever read.
  return {
    state: a.status,
    createdBy: null,
    keepDate: false,
    stateNote: null,
    corrections: [],
    seo: { title: '', description: '' },
    ...a,
    scheduledAt: null,
    embargoUntil: null,
    published: toPublished(a.published.value),
    updatedAt: a.updatedAt ? new Date(a.updatedAt) : null,
    createdAt: new Date(a.createdAt),
  };
}

function toPublished(value: string) {
  const parsed = parsePublicationDate(value);
  if (typeof parsed === 'string') throw new Error(`store: stored ${parsed}`);
  return parsed;
}

async function loadArticles(db: Kysely<Database>, rows: Selectable<ArticlesTable>[]): Promise<Article[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [authors, topics, corrections] = await Promise.all([
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.slug', 'article_authors.author_slug')
      .select(['article_authors.article_id', 'authors.slug', 'authors.name'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .execute(),
    db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.slug', 'article_topics.topic_slug')
      .select(['article_topics.article_id', 'topics.slug', 'topics.name'])
      .where('article_topics.article_id', 'in', ids)
      .orderBy('article_topics.position')
      .execute(),
    db
      .selectFrom('article_corrections')
      .selectAll()
      .where('article_id', 'in', ids)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    importKey: r.import_key,
    status: r.status,
    language: r.language,
    kicker: r.kicker,
    headline: r.headline,
    lead: r.lead,
    leadImage: r.lead_image ? (JSON.parse(r.lead_image) as Figure) : null,
    body: JSON.parse(r.body) as Block[],
    authors: authors.filter((a) => a.article_id === r.id).map(({ slug, name }) => ({ slug, name })),
    topics: topics.filter((t) => t.article_id === r.id).map(({ slug, name }) => ({ slug, name })),
    published: toPublished(r.published_date),
    updatedAt: r.updated_at ? new Date(r.updated_at) : null,
    createdAt: new Date(r.created_at),
    sourceUrl: r.source_url,
    version: r.version,
    state: r.state,
    createdBy: r.created_by,
    scheduledAt: r.scheduled_at ? new Date(r.scheduled_at) : null,
    embargoUntil: r.embargo_until ? new Date(r.embargo_until) : null,
    keepDate: r.keep_date === 1,
    stateNote: r.state_note,
    corrections: corrections.filter((c) => c.article_id === r.id).map(correctionOf),
    seo: { title: r.seo_title, description: r.seo_description },
  }));
}

async function upsertNames(tx: Kysely<Database>, table: 'authors' | 'topics', names: string[]): Promise<NamedRef[]> {
  const refs = new Map<string, NamedRef>();
  for (const name of names) refs.set(slugify(name), { slug: slugify(name), name });
  for (const ref of refs.values()) {
    await tx
      .insertInto(table)
      .values(ref)
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
  }
  return [...refs.values()];
}

/** The slug a never-published article takes now; undefined once it was published (its slug stays). */
async function draftSlug(
  tx: Kysely<Database>,
  existing: Selectable<ArticlesTable>,
  wanted: string,
): Promise<string | undefined> {
  if (existing.status === 'published') return undefined;
  const published = await tx
    .selectFrom('article_events')
    .select('id')
    .where('article_id', '=', existing.id)
    .where('type', '=', 'article.published')
    .executeTakeFirst();
  if (published) return undefined;
  const base = slugify(wanted);
  return base === existing.slug ? base : uniqueSlug(tx, base, existing.id);
}

async function uniqueSlug(tx: Kysely<Database>, base: string, self?: string): Promise<string> {
  const taken = new Set(
    (
      await tx
        .selectFrom('articles')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .where('id', '!=', self ?? '')
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
