// The editor page: the article's text on the left (kicker, headline, lead, lead image, the body with its toolbar),
// its data and what Blattwerk makes of it on the right. Works as a plain page; the script makes the body editable.
import type { Article } from '../../article/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { EditorMessages } from './messages.ts';

export interface EditorView {
  m: EditorMessages;
  article: Article | undefined;
  seo: { title: string; description: string };
  slugFixed: boolean;
  others: string[];
  shareImage: string | undefined;
  leadImageSrc: string | undefined;
  /** A new article's language: the site's default language setting. */
  defaultLanguage: 'de' | 'en';
}

function tool(cmd: string, label: string, key?: string): SafeHtml {
  return html`<button type="button" data-cmd="${cmd}" title="${key ? `${label} (${key})` : label}" aria-pressed="false">${label}</button>`;
}

/**
 * The page; `workflow` is the workflow's status and actions panel for the article (workflow/panel.ts), `correction`
 * its correction fields that ride with the next save (published articles, for those who may correct).
 */
export function editorMain(v: EditorView, workflow: SafeHtml, correction: SafeHtml, entities: SafeHtml): SafeHtml {
  const { m, article: a } = v;
  const image = a?.leadImage;
  return html`<div class="editor" id="editor">
<div class="editor-bar">
<h1>${a ? m.editArticle : m.newArticle}</h1>
<p class="editor-status"><span class="badge">${m.statuses[a?.state ?? 'draft'] ?? a?.state}</span> <span id="save-state" role="status" aria-live="polite"></span></p>
<p id="presence" class="presence" role="status"${v.others.length ? '' : html` hidden`}>${v.others.length ? m.alsoOpen(v.others.join(', ')) : ''}</p>
<div class="editor-actions">
${a ? html`<a class="button secondary" id="preview" href="/redaktion/artikel/${a.id}/vorschau" target="_blank">${m.preview}</a>` : ''}
<button type="button" id="save" class="primary">${m.save}</button>
</div>
</div>
<p id="save-problem" class="problem" role="alert" hidden></p>
${correction}
<div class="editor-columns">
<section class="editor-text" aria-label="${m.text}">
<label class="field"><span>${m.kicker}</span><input id="f-kicker" name="kicker" value="${a?.kicker ?? ''}" maxlength="120"></label>
<label class="field headline"><span>${m.headline}</span><textarea id="f-headline" name="headline" rows="2" maxlength="300" required>${a?.headline ?? ''}</textarea></label>
<label class="field lead"><span>${m.lead}</span><textarea id="f-lead" name="lead" rows="3">${a?.lead ?? ''}</textarea></label>
<fieldset class="lead-image" id="lead-image" data-id="${image?.image.id ?? ''}">
<legend>${m.leadImage}</legend>
<div class="drop" id="drop" tabindex="-1">
<img id="lead-img" alt="" src="${v.leadImageSrc ?? ''}"${v.leadImageSrc ? '' : html` hidden`}>
<span class="focal-dot" id="focal-dot" hidden></span>
<p class="drop-hint">${m.dropImage} <label class="button secondary">${m.chooseImage}<input type="file" id="f-image" accept="image/jpeg,image/png,image/webp,image/avif" class="visually-hidden"></label></p>
</div>
<p class="hint" id="focal-hint"${image ? '' : html` hidden`}>${m.focal}</p>
<label class="field"><span>${m.alt}</span><input id="f-alt" value="${image?.alt ?? ''}"></label>
<label class="field"><span>${m.caption}</span><input id="f-caption" value="${image?.caption?.text ?? ''}"></label>
<label class="field"><span>${m.credit}</span><input id="f-credit" value="${image?.credit ?? ''}"></label>
<button type="button" id="remove-image" class="link-button"${image ? '' : html` hidden`}>${m.removeImage}</button>
</fieldset>
${bodyTools(m, true)}
${bodyEditor(m)}
</section>
<aside class="editor-side">
<div class="panel" id="workflow-panel">${workflow}</div>
<section class="panel">
<label class="field"><span>${m.authors}</span><input id="f-authors" value="${(a?.authors ?? []).map((x) => x.name).join(', ')}" aria-describedby="comma-hint"></label>
<label class="field"><span>${m.topics}</span><input id="f-topics" value="${(a?.topics ?? []).map((x) => x.name).join(', ')}" aria-describedby="comma-hint"></label>
<p class="hint" id="comma-hint">${m.commaSeparated}</p>
<label class="field"><span>${m.language}</span><select id="f-language">${['de', 'en'].map((l) => html`<option value="${l}"${(a?.language ?? v.defaultLanguage) === l ? html` selected` : ''}>${l === 'de' ? 'Deutsch' : 'English'}</option>`)}</select></label>
<label class="field"><span>${m.slug}</span><input id="f-slug" value="${a?.slug ?? ''}" aria-describedby="slug-hint"${v.slugFixed ? html` readonly` : ''}></label>
<p class="hint" id="slug-hint">${v.slugFixed ? m.slugFixed : m.slugHint}</p>
</section>
<details class="panel">
<summary>${m.seo}</summary>
<label class="field"><span>${m.seoTitle}</span><input id="f-seo-title" value="${v.seo.title}" maxlength="120"></label>
<label class="field"><span>${m.seoDescription}</span><textarea id="f-seo-description" rows="3" maxlength="300">${v.seo.description}</textarea></label>
</details>
<section class="panel" aria-labelledby="insights-h">
<h2 id="insights-h">${m.insights}</h2>
<h3>${m.speech}</h3>
<p class="hint speech-text" id="speech-text" aria-live="polite">${m.speechHint}</p>
<p class="hear"><button type="button" id="hear" class="secondary" disabled>${m.hear}</button> <span id="hear-status" role="status"></span></p>
<audio id="hear-audio" controls hidden aria-label="${m.hearPlayer}"></audio>
<h3>${m.shareImage}</h3>
${v.shareImage ? html`<img class="share-preview" src="${v.shareImage}" alt="${m.shareImage}" width="1200" height="630">` : html`<p class="hint">${m.noShareImage}</p>`}
</section>
${entities}
${
  a
    ? html`<section class="panel"><h2>${m.previewLink}</h2><button type="button" id="make-link" class="secondary" data-article="${a.id}">${m.makePreviewLink}</button><p id="link-out" hidden>${m.previewLinkMade} <input id="preview-url" readonly aria-label="${m.previewLink}"></p></section>`
    : ''
}
</aside>
</div>
</div>`;
}

/** The body's toolbar; `images`: whether pictures may go into the text (standing pages take none). */
export function bodyTools(m: EditorMessages, images: boolean): SafeHtml {
  const t = m.tools;
  const tt = m.tableTools;
  return html`<div class="toolbar" role="toolbar" aria-label="${m.toolbar}" aria-controls="body-editor">
${tool('paragraph', t.paragraph)}${tool('h2', t.h2)}${tool('h3', t.h3)}
<span class="sep"></span>${tool('strong', t.bold, 'Strg+B')}${tool('em', t.italic, 'Strg+I')}${tool('link', t.link, 'Strg+K')}
<span class="sep"></span>${tool('bullet_list', t.bulletList)}${tool('ordered_list', t.orderedList)}${tool('quote', t.quote)}${tool('infobox', t.infobox)}${images ? tool('image', t.image) : ''}${tool('embed', t.embed)}${tool('divider', t.divider)}
<span class="sep"></span>${tool('table', t.table)}${tool('row_add', tt.rowAdd)}${tool('row_remove', tt.rowRemove)}${tool('column_add', tt.columnAdd)}${tool('column_remove', tt.columnRemove)}
<span class="sep"></span>${tool('undo', t.undo, 'Strg+Z')}${tool('redo', t.redo, 'Strg+Y')}
</div>
<p class="hint toolbar-hint">${m.tableHint}</p>
${images ? html`<input type="file" id="body-image-file" accept="image/jpeg,image/png,image/webp,image/avif" multiple class="visually-hidden" tabindex="-1" aria-label="${t.image}">` : ''}`;
}

/** The editable body and the small dialog its link, embed and quote tools ask with. */
export function bodyEditor(m: EditorMessages): SafeHtml {
  return html`<div id="body-editor" class="body-editor article-body" aria-label="${m.text}"></div>
<dialog id="prompt"><!-- Apply comes first: Enter in the field submits with the first button. --><form method="dialog"><label class="field"><span id="prompt-label"></span><input id="prompt-input"></label><p class="dialog-actions"><button value="ok" type="submit" class="primary" id="prompt-ok">${m.ok}</button> <button value="cancel" type="submit" class="secondary">${m.cancel}</button></p></form></dialog>`;
}
