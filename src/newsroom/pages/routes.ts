// The standing pages in the staff area (Redaktion and Administration): the list, and each page in the article
// editor's body editor (same schema, same document check on the server), saved as JSON with `expectedVersion`
// so a second concurrent save is refused and keeps its text. Every save is audited as `page.change`.
import {
  getPage,
  imprintGap,
  InputError,
  isPageSlug,
  listPages,
  PAGE_SLUGS,
  savePage,
  StalePageError,
  type SitePage,
} from '../../article/index.ts';
import type { RequestContext, Route } from '../../kernel/index.ts';
import { assetUrl } from '../../web/assets.ts';
import { html, jsonForScript, type SafeHtml } from '../../web/html.ts';
import { formatDateTime } from '../../web/i18n.ts';
import type { Page } from '../../web/http.ts';
import { recordAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import { editorScriptUrl } from '../editor/bundle.ts';
import { DocumentError, fromDoc, toDoc } from '../editor/convert.ts';
import { refuse, refusedCrossSite } from '../editor/guard.ts';
import { browserStrings, editorMessages } from '../editor/messages.ts';
import { checkLinks } from '../editor/save.ts';
import { bodyEditor, bodyTools } from '../editor/view.ts';
import { auditBy, json, navOf } from '../http.ts';
import { problemPage, sm, staffPage } from '../page.ts';
import { staffOf, type StaffPrincipal } from '../principal.ts';
import { pageMessages, type PageMessages } from './messages.ts';

const LIST = '/redaktion/seiten';
const SLUG = `(${PAGE_SLUGS.join('|')})`;
/** A page as the editor sends it: as much as an article may be. */
const MAX_SAVE_BYTES = 2 * 1024 * 1024;

const pm = (ctx: RequestContext): PageMessages => pageMessages[ctx.locale];

/**
 * The staff area's one Impressum warning (German law requires one), for those who may edit the pages: on the
 * dashboard and the page list.
 */
export async function imprintNotice(app: NewsroomApp, ctx: RequestContext, p: StaffPrincipal): Promise<SafeHtml> {
  if (!p.can('pages.edit')) return html``;
  const gap = await imprintGap(app.db);
  if (!gap) return html``;
  const m = sm(ctx);
  return html`<p class="notice warning" role="status">${gap === 'missing' ? m.imprintMissing : m.imprintExample} <a href="${LIST}/impressum">${m.editImprint}</a></p>`;
}

export function pageRoutes(app: NewsroomApp): Route[] {
  async function list(ctx: RequestContext): Promise<Page> {
    const p = staffOf(ctx);
    const m = pm(ctx);
    const pages = await listPages(app.db);
    const row = (page: SitePage) =>
      html`<tr><td><a href="${LIST}/${page.slug}">${page.title}</a></td><td><a href="${ctx.href(`/${page.slug}`)}">/${page.slug}</a></td><td>${
        page.updatedAt
          ? html`${formatDateTime(page.updatedAt, ctx.locale)} ${page.updatedBy ? m.by(page.updatedBy) : ''}`
          : m.example
      }</td></tr>`;
    const main = html`<h1>${m.pages}</h1>
${await imprintNotice(app, ctx, p)}
<p>${m.intro}</p>
<table class="pages"><thead><tr><th scope="col">${m.page}</th><th scope="col">${m.address}</th><th scope="col">${m.lastSaved}</th></tr></thead>
<tbody>${pages.map(row)}</tbody></table>`;
    return staffPage(app, ctx, m.pages, main, { nav: navOf(app, ctx, p) });
  }

  async function editPage(ctx: RequestContext): Promise<Page> {
    const p = staffOf(ctx);
    const m = pm(ctx);
    const em = editorMessages[ctx.locale];
    const slug = ctx.params[0]!;
    if (!isPageSlug(slug)) return problemPage(app, ctx, 404, m.notFound);
    const page = await getPage(app.db, slug);
    const data = {
      id: null,
      page: slug,
      version: page.version,
      csrf: app.keys.formToken(p.sessionId),
      // Pages hold no pictures, so no image ever needs an address here.
      doc: toDoc(page.body, () => ''),
      strings: { ...browserStrings(em), otherVersion: m.otherVersion },
    };
    const main = html`<div class="editor page-editor" id="editor">
<div class="editor-bar">
<h1>${m.edit(m.names[slug])}</h1>
<p class="editor-status"><span id="save-state" role="status" aria-live="polite"></span></p>
<div class="editor-actions">
<a class="button secondary" href="${ctx.href(`/${slug}`)}" target="_blank">${m.show}</a>
<button type="button" id="save" class="primary">${em.save}</button>
</div>
</div>
<p id="save-problem" class="problem" role="alert" hidden></p>
<section class="editor-text" aria-label="${em.text}">
<label class="field headline"><span>${m.title}</span><textarea id="f-title" name="title" rows="1" maxlength="300" required>${page.title}</textarea></label>
${bodyTools(em, false)}
${bodyEditor(em)}
</section>
</div><script type="application/json" id="editor-data">${jsonForScript(data)}</script>`;
    return staffPage(app, ctx, m.edit(m.names[slug]), main, {
      nav: navOf(app, ctx, p),
      scripts: [await editorScriptUrl()],
      styles: [assetUrl('editor.css')],
    });
  }

  async function save(ctx: RequestContext): Promise<Page> {
    const p = staffOf(ctx);
    const m = pm(ctx);
    const em = editorMessages[ctx.locale];
    const crossSite = refusedCrossSite(app, ctx);
    if (crossSite) return crossSite;
    const slug = ctx.params[0]!;
    if (!isPageSlug(slug)) return refuse(404, m.notFound);
    const read = await app.pipeline.json(ctx, { maxBytes: MAX_SAVE_BYTES });
    if (!read.ok) return refuse(read.status, em.invalid(read.reason));
    const body = read.body as { expectedVersion?: unknown; title?: unknown; doc?: unknown };
    try {
      const expectedVersion = body.expectedVersion;
      if (!Number.isInteger(expectedVersion) || (expectedVersion as number) < 0)
        throw new DocumentError('expectedVersion must be a whole number');
      if (typeof body.title !== 'string') throw new DocumentError('title must be text');
      const title = body.title.trim();
      // No image exists for a page: a picture in the document is refused by checkPage.
      const blocks = await fromDoc(body.doc, () => Promise.resolve(undefined));
      blocks.forEach(checkLinks);
      const version = await savePage(
        app.db,
        { slug, title, body: blocks },
        {
          by: p.email,
          expectedVersion: expectedVersion as number,
          within: (tx, version) =>
            recordAudit(tx, {
              ...auditBy(app, ctx, p),
              action: 'page.change',
              subject: slug,
              detail: { title, version },
            }),
        },
      );
      return json(200, { ok: true, version });
    } catch (err) {
      if (err instanceof StalePageError) return refuse(409, m.conflict, { otherVersion: ctx.href(`/${slug}`) });
      if (err instanceof DocumentError || err instanceof InputError) return refuse(400, em.invalid(err.message));
      throw err;
    }
  }

  return [
    { method: 'GET', path: /^\/redaktion\/seiten$/, need: 'pages.edit', handle: list },
    { method: 'GET', path: new RegExp(`^/redaktion/seiten/${SLUG}$`), need: 'pages.edit', handle: editPage },
    { method: 'POST', path: new RegExp(`^/redaktion/seiten/${SLUG}/speichern$`), need: 'pages.edit', handle: save },
  ];
}
