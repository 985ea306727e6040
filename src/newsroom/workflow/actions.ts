// One workflow step for one person on one article: the role rules, the article layer's state change with its
// event, the audit entry in the same transaction, and (scheduling) the job. The routes and the editor's save
// both come through here, so a step cannot be taken by one way that the other refuses.
import {
  addCorrection,
  changeState,
  EmbargoError,
  getArticleById,
  listRevisions,
  saveArticle,
  StaleVersionError,
  StateError,
  type Article,
  type CorrectionInput,
} from '../../article/index.ts';
import { recordAudit, type Actor } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import type { StaffPrincipal } from '../principal.ts';
import { mayAct, RULES, type Action } from './rules.ts';
import { queuePublish } from './schedule.ts';

/** How far in the past a schedule time may lie and still count as now (the job then runs at once). */
const SCHEDULE_GRACE_MS = 60_000;

export interface ActionInput {
  /** The version the person saw: another stored version refuses the step (nothing lost, reload and retry). */
  version?: number;
  /** Back to draft: a note for the author; withdrawn: the reason readers see. */
  note?: string;
  scheduledAt?: Date;
  embargoUntil?: Date | null;
  keepDate?: boolean;
  correction?: CorrectionInput;
  /** restore: the version to bring back. */
  restoreVersion?: number;
}

/** Why a step was refused, with the HTTP status that says it. */
export type Refusal =
  | { status: 404; reason: 'not-found' }
  | { status: 403; reason: 'forbidden' }
  | { status: 409; reason: 'wrong-state' | 'stale' }
  | { status: 409; reason: 'embargo'; until: Date }
  | { status: 400; reason: 'no-time' | 'past-time' | 'no-reason' | 'no-correction' | 'unknown-version' };

export class ActionRefused extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(`workflow: refused (${refusal.reason})`);
    this.name = 'ActionRefused';
    this.refusal = refusal;
  }
}

const refuse = (r: Refusal): never => {
  throw new ActionRefused(r);
};

export async function act(
  app: NewsroomApp,
  p: StaffPrincipal,
  articleId: string,
  action: Action,
  input: ActionInput,
  ip: string | null,
  now = new Date(),
): Promise<Article> {
  const article = await getArticleById(app.db, articleId);
  if (!article) return refuse({ status: 404, reason: 'not-found' });
  if (!mayAct(p, action, article)) return refuse({ status: 403, reason: 'forbidden' });
  if (!RULES[action].from.includes(article.state)) return refuse({ status: 409, reason: 'wrong-state' });
  const actor: Actor = { id: p.id, label: p.email };
  const audit = (detail: Record<string, unknown>) => ({
    actor,
    action: `article.${action}`,
    subject: articleId,
    ip,
    detail: { headline: article.headline, ...detail },
  });
  const listeners = app.articleListeners();
  try {
    if (action === 'correct') {
      const c = input.correction;
      if (!c?.note.trim()) return refuse({ status: 400, reason: 'no-correction' });
      return await addCorrection(app.db, articleId, c, {
        by: p.email,
        listeners,
        now,
        within: (tx) => recordAudit(tx, audit({ kind: c.kind, substantive: c.substantive }), now),
      });
    }
    if (action === 'restore') {
      const old = (await listRevisions(app.db, articleId)).find((r) => r.version === input.restoreVersion)?.article;
      if (!old) return refuse({ status: 400, reason: 'unknown-version' });
      const result = await saveArticle(
        app.db,
        {
          kicker: old.kicker ?? undefined,
          headline: old.headline,
          lead: old.lead,
          leadImage: old.leadImage ?? undefined,
          body: old.body,
          authors: old.authors.map((a) => a.name),
          topics: old.topics.map((t) => t.name),
          language: old.language,
          published: article.published,
          sourceUrl: article.sourceUrl ?? undefined,
          importKey: article.importKey ?? undefined,
          status: article.status,
        },
        {
          by: p.email,
          id: articleId,
          listeners,
          now,
          ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
          within: (tx, saved) =>
            recordAudit(tx, audit({ restored: input.restoreVersion, version: saved.version }), now),
        },
      );
      return result.article;
    }
    const to = RULES[action].to!;
    if (action === 'withdraw' && !input.note?.trim()) return refuse({ status: 400, reason: 'no-reason' });
    if (action === 'schedule') {
      if (!input.scheduledAt) return refuse({ status: 400, reason: 'no-time' });
      // The form picks minutes: "this minute", sent a few seconds into it, is meant as now, not as a past time.
      if (input.scheduledAt.getTime() < now.getTime() - SCHEDULE_GRACE_MS)
        return refuse({ status: 400, reason: 'past-time' });
    }
    const scheduledAt = input.scheduledAt;
    const { article: changed } = await changeState(
      app.db,
      articleId,
      {
        to,
        ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
        ...(action === 'schedule'
          ? { scheduledAt: scheduledAt!, embargoUntil: input.embargoUntil ?? null, keepDate: input.keepDate ?? false }
          : {}),
        ...(action === 'publish' && input.keepDate !== undefined ? { keepDate: input.keepDate } : {}),
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      },
      {
        by: p.email,
        listeners,
        now,
        async within(tx, before) {
          await recordAudit(
            tx,
            audit({
              from: before.state,
              to,
              ...(input.note?.trim() ? { note: input.note.trim() } : {}),
              ...(action === 'schedule'
                ? { scheduledAt: scheduledAt!.toISOString(), embargoUntil: input.embargoUntil?.toISOString() ?? null }
                : {}),
            }),
            now,
          );
          if (action === 'schedule') await queuePublish(tx, articleId, scheduledAt!);
        },
      },
    );
    return changed;
  } catch (err) {
    if (err instanceof EmbargoError) return refuse({ status: 409, reason: 'embargo', until: err.until });
    if (err instanceof StaleVersionError) return refuse({ status: 409, reason: 'stale' });
    if (err instanceof StateError) return refuse({ status: 409, reason: 'wrong-state' });
    throw err;
  }
}
