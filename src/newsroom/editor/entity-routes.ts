// The editors' choices on an article's entities: accept, reject or take back (per entity), add an existing
// entity or a new one named with its kind, and search entities by name. Redaktion and above
// (`articles.edit-any`: entities are theirs); JSON with the form token in a header; every choice is audited.
// News folgen stores the choice and recognises the article again (follow/index.ts).
import type { RequestContext, Route } from '../../kernel/index.ts';
import { getArticleById } from '../../article/index.ts';
import {
  chooseEntity,
  ENTITY_KINDS,
  EntityChoiceError,
  entityReview,
  findEntities,
  namedEntity,
  type EntityChoice,
  type EntityKind,
} from '../../follow/index.ts';
import type { Page } from '../../web/http.ts';
import { recordAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import { auditBy, json } from '../http.ts';
import { staffOf } from '../principal.ts';
import { entityList } from './entity-view.ts';
import { refuse, refusedCrossSite } from './guard.ts';
import { editorMessages } from './messages.ts';

const ID = '([0-9a-f-]{36})';
const CHOICES: (EntityChoice | '')[] = ['accepted', 'rejected', 'added', ''];

export function entityRoutes(app: NewsroomApp): Route[] {
  /** Checks, reads the JSON and the article, runs `act`, answers with the article's list as it is now. */
  async function decide(
    ctx: RequestContext,
    act: (body: Record<string, unknown>, articleId: string) => Promise<{ entity: string; choice: string } | string>,
  ): Promise<Page> {
    const m = editorMessages[ctx.locale];
    const crossSite = refusedCrossSite(app, ctx);
    if (crossSite) return crossSite;
    const read = await app.pipeline.json(ctx);
    if (!read.ok) return refuse(read.status, read.reason);
    const article = await getArticleById(app.db, ctx.params[0]!);
    if (!article) return refuse(404, m.notFound);
    const body = (typeof read.body === 'object' && read.body !== null ? read.body : {}) as Record<string, unknown>;
    try {
      const done = await act(body, article.id);
      if (typeof done === 'string') return refuse(400, m.entities.refused(done));
      await recordAudit(app.db, {
        ...auditBy(app, ctx, staffOf(ctx)),
        action: 'article.entity',
        subject: article.id,
        detail: { headline: article.headline, entity: done.entity, choice: done.choice || 'undone' },
      });
    } catch (err) {
      if (err instanceof EntityChoiceError) return refuse(400, m.entities.refused(err.message));
      throw err;
    }
    const list = entityList(m, await entityReview(app.db, article.id), true);
    return json(200, { ok: true, html: String(list) });
  }

  return [
    {
      method: 'POST',
      path: new RegExp(`^/redaktion/artikel/${ID}/entitaeten$`),
      need: 'articles.edit-any',
      handle: (ctx) =>
        decide(ctx, async (body, articleId) => {
          const { entity, choice } = body;
          if (typeof entity !== 'string' || !CHOICES.includes(choice as EntityChoice))
            return 'entity (an id) and choice (accepted, rejected, added or empty) are needed';
          await chooseEntity(app.db, articleId, entity, (choice as EntityChoice) || undefined, staffOf(ctx).email);
          return { entity, choice: choice as string };
        }),
    },
    {
      method: 'POST',
      path: new RegExp(`^/redaktion/artikel/${ID}/entitaeten/neu$`),
      need: 'articles.edit-any',
      handle: (ctx) =>
        decide(ctx, async (body, articleId) => {
          const { name, kind } = body;
          if (typeof name !== 'string' || !ENTITY_KINDS.includes(kind as EntityKind))
            return 'a name and a kind (person, place or organisation) are needed';
          const entity = await namedEntity(app.db, name, kind as EntityKind);
          await chooseEntity(app.db, articleId, entity, 'added', staffOf(ctx).email);
          return { entity, choice: 'added' };
        }),
    },
    {
      method: 'GET',
      path: /^\/redaktion\/entitaeten$/,
      need: 'articles.edit-any',
      async handle(ctx) {
        const q = ctx.url.searchParams.get('q') ?? '';
        if (q.length > 120)
          return refuse(400, editorMessages[ctx.locale].entities.refused('q: at most 120 characters'));
        return json(200, { ok: true, found: await findEntities(app.db, q) });
      },
    },
  ];
}
