// "Mehr zum Thema" at the end of an article: the published articles sharing most of its topics, newest first
// among equals.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { formatPublicationDate, localePath } from '../web/i18n.ts';
import { pictureHtml } from './images/index.ts';
import { articleMessages } from './messages.ts';
import type { Article } from './model.ts';
import { getArticlesByIds } from './store.ts';
import { articlePath, dateTime, type ViewContext } from './views.ts';

export async function relatedArticles(db: Kysely<Database>, article: Article, limit = 4): Promise<Article[]> {
  if (article.topics.length === 0) return [];
  const rows = await db
    .selectFrom('article_topics')
    .innerJoin('articles', 'articles.id', 'article_topics.article_id')
    .select(['articles.id', 'articles.published_at', (eb) => eb.fn.countAll().as('shared')])
    .where(
      'article_topics.topic_slug',
      'in',
      article.topics.map((t) => t.slug),
    )
    .where('articles.status', '=', 'published')
    .where('articles.id', '!=', article.id)
    .groupBy(['articles.id', 'articles.published_at'])
    .orderBy('shared', 'desc')
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id')
    .limit(limit)
    .execute();
  return getArticlesByIds(
    db,
    rows.map((r) => r.id),
  );
}

/** Below the article: small teasers with square images (lazy: they are below the fold). */
export function relatedHtml(articles: Article[], v: ViewContext): SafeHtml {
  if (articles.length === 0) return html``;
  const t = articleMessages[v.locale];
  return html`<aside class="related" aria-labelledby="mehr-zum-thema"><h2 id="mehr-zum-thema">${t.related}</h2>
<ul>${articles.map(
    (a) => html`<li><article class="teaser small${a.leadImage ? ' has-pic' : ''}" lang="${a.language}">${
      a.leadImage
        ? html`<a class="pic" href="${localePath(v.locale, articlePath(a))}" tabindex="-1" aria-hidden="true">${pictureHtml(a.leadImage.image, { alt: '', shape: '1x1', sizes: '6rem' })}</a>`
        : ''
    }<div class="text"><h3><a href="${localePath(v.locale, articlePath(a))}">${a.kicker ? html`<span class="kicker">${a.kicker}</span><span class="vh">: </span>` : ''}<span class="headline">${a.headline}</span></a></h3>
<p class="dateline"><time datetime="${dateTime(a.published)}">${formatPublicationDate(a.published, v.locale)}</time></p></div></article></li>`,
  )}</ul></aside>`;
}
