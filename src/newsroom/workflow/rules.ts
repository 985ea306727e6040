// Who may move an article where: the article layer knows which states follow which (STATE_MOVES); this adds the
// roles. Mitarbeit submits for review only; Autor/in also schedules and publishes their own articles; Redaktion
// and Administration do everything, on every article. Each action names the permission its route needs, and
// the owner rule on top, so the route's `need` and the panel's buttons never disagree.
import { STATE_MOVES, type Article, type ArticleState } from '../../article/index.ts';
import type { Permission } from '../roles.ts';
import type { StaffPrincipal } from '../principal.ts';

export const ACTIONS = [
  'submit',
  'return',
  'schedule',
  'unschedule',
  'publish',
  'withdraw',
  'republish',
  'correct',
  'restore',
] as const;
export type Action = (typeof ACTIONS)[number];

interface Rule {
  /** The states it starts from. */
  from: readonly ArticleState[];
  /** The state it leads to (corrections and restores keep the state). */
  to?: ArticleState;
  /** What the route needs. */
  need: Permission;
  /** Whether the owner may do it with `need` alone; otherwise it takes `articles.edit-any`. */
  owner: boolean;
}

export const RULES: Record<Action, Rule> = {
  submit: { from: ['draft'], to: 'review', need: 'articles.write', owner: true },
  return: { from: ['review'], to: 'draft', need: 'articles.edit-any', owner: false },
  schedule: { from: ['draft', 'review', 'scheduled'], to: 'scheduled', need: 'articles.publish-own', owner: true },
  unschedule: { from: ['scheduled'], to: 'draft', need: 'articles.publish-own', owner: true },
  publish: { from: ['draft', 'review', 'scheduled'], to: 'published', need: 'articles.publish-own', owner: true },
  withdraw: { from: ['published'], to: 'withdrawn', need: 'articles.edit-any', owner: false },
  republish: { from: ['withdrawn'], to: 'published', need: 'articles.edit-any', owner: false },
  correct: { from: ['published'], need: 'articles.edit-any', owner: false },
  restore: { from: ['draft', 'review', 'scheduled', 'published'], need: 'articles.edit-any', owner: false },
};

// The rules must stay inside what the article layer allows.
for (const [action, rule] of Object.entries(RULES))
  for (const from of rule.from)
    if (rule.to && !STATE_MOVES[from].includes(rule.to))
      throw new Error(`workflow: ${action} moves ${from} to ${rule.to}, which the article layer refuses`);

/** Whether the person's role allows the action on this article (its state aside). */
export function mayAct(p: StaffPrincipal, action: Action, article: Pick<Article, 'createdBy'>): boolean {
  const rule = RULES[action];
  if (!p.can(rule.need)) return false;
  if (p.can('articles.edit-any')) return true;
  return rule.owner && article.createdBy !== null && article.createdBy === p.id;
}

/**
 * Contributors edit their own drafts, authors their own articles, editors and administrators every article; the
 * owner is the person who created it (`createdBy`). Imported articles have no owner: only those who may edit any
 * article open them. The editor opens only what this allows; a step taken from the editor goes back there only
 * when it still does (a contributor's submitted article is no longer theirs to edit).
 */
export function mayEdit(p: StaffPrincipal, article: Pick<Article, 'createdBy' | 'state'>): boolean {
  if (p.can('articles.edit-any')) return true;
  if (!p.can('articles.write') || article.createdBy !== p.id) return false;
  return article.state === 'draft' || p.can('articles.publish-own');
}

/** The actions the person may take on the article as it is now. */
export function actionsFor(p: StaffPrincipal, article: Pick<Article, 'createdBy' | 'state'>): Action[] {
  return ACTIONS.filter((a) => RULES[a].from.includes(article.state) && mayAct(p, a, article));
}
