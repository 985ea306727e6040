// The editor's routes: the new and edit pages, saving (JSON, the form token in a header, `expectedVersion`),
// image upload and focal point, presence, the staff preview and the signed preview link for someone without an
// account. Every route names a permission; who may edit which article is the workflow's `mayEdit`.
import type { RequestContext, Route } from '../../kernel/index.ts';
import {
  fallbackVariant,
  getArticleById,
  ImageError,
  imageUrl,
  ingestImage,
  MAX_IMAGE_BYTES,
  readOriginal,
  renderArticlePage,
  saveArticle,
  shareImage,
  siteLanguage,
  StaleVersionError,
  type Article,
  type CorrectionInput,
  type ImageRef,
} from '../../article/index.ts';
import { jsonForScript, html } from '../../web/html.ts';
import type { Page } from '../../web/http.ts';
import { readBytesLimited } from '../../web/pipeline.ts';
import { entityReview } from '../../follow/index.ts';
import { recordAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import { auditBy, json, navOf } from '../http.ts';
import { problemPage, staffPage, STAFF_HEADERS } from '../page.ts';
import { staffOf } from '../principal.ts';
import { editorScriptUrl } from './bundle.ts';
import { entityRoutes } from './entity-routes.ts';
import { entityPanel } from './entity-view.ts';
import { refuse, refusedCrossSite } from './guard.ts';
import { speechRoutes } from './speech-routes.ts';
import { DocumentError, toDoc } from './convert.ts';
import { browserStrings, editorMessages, type EditorMessages } from './messages.ts';
import { checkSave, imageRef, readSaveRequest } from './save.ts';
import { heartbeat, othersPresent } from './store.ts';
import { editorMain, type EditorView } from './view.ts';
import { correctionFields, statusPanel, wm } from '../workflow/panel.ts';
import { correctionOf } from '../workflow/routes.ts';
import { mayAct, mayEdit } from '../workflow/rules.ts';
import { assetUrl } from '../../web/assets.ts';

const ID = '([0-9a-f-]{36})';
const PREVIEW_MS = 48 * 3600_000;
/** A whole article as the editor sends it: far more than a form, far less than anything worth refusing late. */
const MAX_SAVE_BYTES = 2 * 1024 * 1024;
const UPLOADS = { max: 120, windowMs: 10 * 60_000 };

export const em = (ctx: RequestContext): EditorMessages => editorMessages[ctx.locale];

/** The image as the editor shows it: a plain WebP variant (same origin, which the staff CSP allows). */
const editorSrc = (image: ImageRef) => imageUrl(image, fallbackVariant(image, 'full'), 'webp');

export function editorRoutes(app: NewsroomApp): Route[] {
  /** The article of the path and whether this person may edit it, or the page that refuses. */
  async function editable(ctx: RequestContext): Promise<{ article: Article } | { page: Page }> {
    const article = await getArticleById(app.db, ctx.params[0]!);
    const p = staffOf(ctx);
    if (!article) return { page: problemPage(app, ctx, 404, em(ctx).notFound) };
    if (!mayEdit(p, article)) return { page: problemPage(app, ctx, 403, em(ctx).forbiddenArticle) };
    return { article };
  }

  async function editorPage(ctx: RequestContext, article: Article | undefined): Promise<Page> {
    const p = staffOf(ctx);
    const m = em(ctx);
    const view: EditorView = {
      m,
      article,
      seo: article?.seo ?? { title: '', description: '' },
      slugFixed: article !== undefined && article.status === 'published',
      others: article ? await othersPresent(app.db, article.id, p.id) : [],
      shareImage: article?.leadImage ? shareImage(article.leadImage.image).path : undefined,
      leadImageSrc: article?.leadImage ? editorSrc(article.leadImage.image) : undefined,
      defaultLanguage: await siteLanguage(app.db),
    };
    const data = {
      id: article?.id ?? null,
      version: article?.version ?? 0,
      csrf: app.keys.formToken(p.sessionId),
      doc: toDoc(article?.body ?? [], editorSrc),
      strings: browserStrings(m),
    };
    const panel = article ? await statusPanel(app, ctx, p, article, `/redaktion/artikel/${article.id}`) : html``;
    const correctable = article?.state === 'published' && mayAct(p, 'correct', article);
    const correction = correctable
      ? html`<details class="panel correction-on-save" id="correction"><summary>${m.correctionOnSave}</summary>${correctionFields(wm(ctx), 'save')}</details>`
      : html``;
    const entities = entityPanel(
      m,
      article ? await entityReview(app.db, article.id) : undefined,
      p.can('articles.edit-any'),
    );
    const main = html`${editorMain(view, panel, correction, entities)}<script type="application/json" id="editor-data">${jsonForScript(data)}</script>`;
    return staffPage(app, ctx, article ? m.editArticle : m.newArticle, main, {
      nav: navOf(app, ctx, p),
      scripts: [await editorScriptUrl()],
      styles: [assetUrl('editor.css')],
    });
  }

  async function save(ctx: RequestContext): Promise<Page> {
    const p = staffOf(ctx);
    const m = em(ctx);
    const crossSite = refusedCrossSite(app, ctx);
    if (crossSite) return crossSite;
    const read = await app.pipeline.json(ctx, { maxBytes: MAX_SAVE_BYTES });
    if (!read.ok) return refuse(read.status, m.invalid(read.reason));
    const body = read.body as { id?: unknown };
    const id = typeof body.id === 'string' ? body.id : undefined;
    const existing = id ? await getArticleById(app.db, id) : undefined;
    if (id && !existing) return refuse(404, m.notFound);
    if (existing && !mayEdit(p, existing)) return refuse(403, m.forbiddenArticle);
    try {
      const checked = await checkSave(app.db, readSaveRequest(read.body), existing);
      const correction = correctionOfSave(read.body);
      if (correction && (!existing || existing.state !== 'published' || !mayAct(p, 'correct', existing)))
        return refuse(400, m.invalid(m.correctionRefused));
      const result = await saveArticle(app.db, checked.input, {
        by: p.email,
        expectedVersion: checked.expectedVersion,
        // The app's listeners as they are now (the feature's copy of the app was made before all were known).
        listeners: app.articleListeners(),
        draftSlug: checked.slug,
        seo: checked.seo,
        ...(correction
          ? {
              correction,
              within: (tx) =>
                recordAudit(tx, {
                  ...auditBy(app, ctx, p),
                  action: 'article.correct',
                  subject: existing!.id,
                  detail: {
                    headline: checked.input.headline,
                    kind: correction.kind,
                    substantive: correction.substantive,
                  },
                }),
            }
          : {}),
        ...(existing ? { id: existing.id } : { createdBy: p.id }),
      });
      const article = result.article;
      if (!existing)
        await recordAudit(app.db, { ...auditBy(app, ctx, p), action: 'article.create', subject: article.id });
      return json(200, {
        ok: true,
        id: article.id,
        version: article.version,
        slug: article.slug,
        editUrl: `/redaktion/artikel/${article.id}`,
      });
    } catch (err) {
      if (err instanceof StaleVersionError)
        return refuse(409, m.conflict, { otherVersion: `/redaktion/artikel/${existing?.id ?? ''}/vorschau` });
      if (err instanceof DocumentError) return refuse(400, m.invalid(err.message));
      throw err;
    }
  }

  async function upload(ctx: RequestContext): Promise<Page> {
    const p = staffOf(ctx);
    const m = em(ctx);
    const crossSite = refusedCrossSite(app, ctx);
    if (crossSite) return crossSite;
    const limited = await app.pipeline.limit('editor-upload', p.id, UPLOADS);
    if (!limited.ok) return refuse(429, m.invalid('429'));
    const bytes = await readBytesLimited(ctx.req, MAX_IMAGE_BYTES);
    if (!bytes) return refuse(413, m.tooLarge(MAX_IMAGE_BYTES / 1024 / 1024));
    try {
      const image = await ingestImage(app.db, app.files, { bytes, name: 'upload' });
      return json(200, { ok: true, id: image.id, src: editorSrc(image), width: image.width, height: image.height });
    } catch (err) {
      if (err instanceof ImageError) return refuse(415, m.notAnImage(err.message));
      throw err;
    }
  }

  async function focus(ctx: RequestContext): Promise<Page> {
    const crossSite = refusedCrossSite(app, ctx);
    if (crossSite) return crossSite;
    const read = await app.pipeline.json(ctx);
    if (!read.ok) return refuse(read.status, read.reason);
    const { id, x, y } = read.body as { id?: unknown; x?: unknown; y?: unknown };
    const inRange = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 100;
    if (typeof id !== 'string' || !inRange(x) || !inRange(y) || !(await imageRef(app.db, id)))
      return refuse(400, em(ctx).invalid('focal point'));
    const { bytes } = await readOriginal(app.db, app.files, id);
    const focal = { x: Math.round(x as number), y: Math.round(y as number) };
    const image = await ingestImage(app.db, app.files, { bytes, name: 'upload', focal });
    return json(200, { ok: true, id: image.id, src: editorSrc(image) });
  }

  return [
    {
      method: 'GET',
      path: /^\/redaktion\/artikel\/neu$/,
      need: 'articles.write',
      handle: (ctx) => editorPage(ctx, undefined),
    },
    {
      method: 'GET',
      path: new RegExp(`^/redaktion/artikel/${ID}$`),
      need: 'articles.write',
      async handle(ctx) {
        const found = await editable(ctx);
        return 'page' in found ? found.page : editorPage(ctx, found.article);
      },
    },
    { method: 'POST', path: /^\/redaktion\/artikel\/speichern$/, need: 'articles.write', handle: save },
    { method: 'POST', path: /^\/redaktion\/bilder$/, need: 'articles.write', handle: upload },
    ...speechRoutes(app),
    ...entityRoutes(app),
    { method: 'POST', path: /^\/redaktion\/bilder\/fokus$/, need: 'articles.write', handle: focus },
    {
      method: 'POST',
      path: new RegExp(`^/redaktion/artikel/${ID}/anwesenheit$`),
      need: 'articles.write',
      async handle(ctx) {
        const p = staffOf(ctx);
        const crossSite = refusedCrossSite(app, ctx);
        if (crossSite) return crossSite;
        const found = await editable(ctx);
        if ('page' in found) return found.page;
        ctx.req.resume();
        return json(200, { ok: true, others: await heartbeat(app.db, found.article.id, p.id) });
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^/redaktion/artikel/${ID}/vorschau$`),
      need: 'articles.write',
      async handle(ctx) {
        const found = await editable(ctx);
        return 'page' in found ? found.page : preview(ctx, found.article);
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^/redaktion/artikel/${ID}/vorschau-link$`),
      need: 'articles.write',
      async handle(ctx) {
        const p = staffOf(ctx);
        const crossSite = refusedCrossSite(app, ctx);
        if (crossSite) return crossSite;
        const found = await editable(ctx);
        if ('page' in found) return found.page;
        ctx.req.resume();
        const token = app.keys.previewToken(found.article.id, Date.now() + PREVIEW_MS);
        await recordAudit(app.db, {
          ...auditBy(app, ctx, p),
          action: 'article.preview-link',
          subject: found.article.id,
        });
        return json(200, { ok: true, url: `${app.config.baseUrl}/vorschau/${token}` });
      },
    },
    {
      // No `need`: the signature is the permission. Expired or altered links get a 404-like refusal.
      method: 'GET',
      path: /^\/vorschau\/([\w.-]{1,200})$/,
      async handle(ctx) {
        const id = app.keys.openPreviewToken(ctx.params[0]!);
        const article = id && (await getArticleById(app.db, id));
        if (!article) return problemPage(app, ctx, 410, em(ctx).previewExpired);
        return preview(ctx, article);
      },
    },
  ];

  /** The real article page of a draft: not cached, not indexed, marked as a preview. */
  async function preview(ctx: RequestContext, article: Article): Promise<Page> {
    const page = await renderArticlePage(app, article, ctx);
    const banner = `<p class="preview-banner" role="status">${em(ctx).previewBanner}</p>`;
    const body = String(page.body).replace(/<main([^>]*)>/, `<main$1>${banner}`);
    return {
      status: 200,
      type: page.type,
      body,
      cacheControl: 'no-store',
      headers: { 'x-robots-tag': STAFF_HEADERS['x-robots-tag']!, 'referrer-policy': 'no-referrer' },
    };
  }
}

/** A correction or update note sent with a save: the workflow's fields, read as its form reads them. */
function correctionOfSave(body: unknown): CorrectionInput | undefined {
  const c = (body as { correction?: unknown }).correction;
  if (typeof c !== 'object' || c === null) return undefined;
  const fields = Object.entries(c as Record<string, unknown>).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
  return correctionOf(new URLSearchParams(fields));
}
