// News folgen: following topics, people, places and authors without an account.
import type { Feature } from '../kernel/index.ts';
import { addAsset, assetUrl } from '../web/assets.ts';
import { html } from '../web/html.ts';
import { entitiesCommand, ENTITIES_HELP } from './commands.ts';
import { initKeys, type FollowApp } from './context.ts';
import { getArticleById } from '../article/index.ts';
import { queueCorrectionFanouts, queueFanout, deliveryJobs, deliveryRoutes, initDelivery } from './delivery/index.ts';
import { closeDelivery } from './delivery/runtime.ts';
import { entityRoutes } from './entity-pages.ts';
import { followRoutes } from './follow-routes.ts';
import { followMessages } from './messages.ts';
import { myNewsRoutes } from './my-news.ts';
import { articleOptions, entityPath, topicEntity } from './options.ts';
import { recognizeArticle } from './recognition.ts';
import { matchFollowedSearches } from './searches.ts';
import { entityLine, followControl, followDialog } from './views.ts';

export { articleItems, followersOfItems, itemKey, parseItem, searchItem } from './items.ts';
export type { FollowersOptions, Item, ItemKind } from './items.ts';
export { MAX_FOLLOWS } from './followers.ts';
/** The newsroom editor's entity panel: the editors' per-article choices, applied by recognition. */
export {
  chooseEntity,
  ENTITY_KINDS,
  EntityChoiceError,
  entityReview,
  findEntities,
  namedEntity,
} from './article-entities.ts';
export type { EntityChoice, FoundEntity, ReviewedEntity } from './article-entities.ts';
export type { EntityKind } from './entities/index.ts';

export const followFeature: Feature<FollowApp> = {
  name: 'follow',

  async init(app) {
    addAsset('follow.js', new URL('./assets/follow.js', import.meta.url));
    const ca = app.config.testPushCa;
    const delivery = await initDelivery(app, ca ? { push: { ca, allowPrivateNetworks: true } } : {});
    return { ...app, readerKeys: await initKeys(app), delivery };
  },

  close: (app) => closeDelivery(app.delivery),

  styles: [new URL('./assets/follow.css', import.meta.url)],

  routes: (app) => [...followRoutes(app), ...myNewsRoutes(app), ...entityRoutes(app), ...deliveryRoutes(app)],

  jobs: (app) => deliveryJobs(app),

  articleEvents: {
    // One handler, not two: the fan-out reads the entities and the matched searches through articleItems, so
    // recognition and matching come first.
    'follow.recognize': {
      on: ['article.published', 'article.changed'],
      async handle(app, event) {
        const article = await getArticleById(app.db, event.articleId);
        if (!article) return;
        await recognizeArticle(app.db, article);
        await matchFollowedSearches(app, article);
        await queueFanout(app, article);
      },
    },
    // A substantive correction reaches the followers again, once per correction; a typo fix or an update does not.
    'follow.corrected': {
      on: ['article.corrected'],
      async handle(app, event) {
        const article = await getArticleById(app.db, event.articleId);
        if (article) await queueCorrectionFanouts(app, article);
      },
    },
  },

  async articleParts(app, article, ctx) {
    const fm = followMessages[ctx.locale];
    const options = await articleOptions(app.db, article, ctx.locale);
    const entities = options.filter((o) => o.group !== 'topic' && o.group !== 'author');
    return {
      head: [
        ...entities
          .slice(0, 3)
          .map(
            (o) =>
              html`<link rel="alternate" type="application/rss+xml" title="${o.name} (RSS)" href="${o.path}/feed.xml">`,
          ),
      ],
      follow: followControl(article, fm, ctx.href),
      end: [entityLine(options, fm), followDialog(article, options, fm, ctx.href)],
      scripts: [assetUrl('follow.js')],
    };
  },

  // A topic named like an entity is that entity (recognition counts it as a mention): its page is the entity's.
  async topicHome(app, topic) {
    const entity = await topicEntity(app.db, topic.name);
    return entity && entityPath(entity);
  },

  commands: { entities: { help: ENTITIES_HELP, run: entitiesCommand } },
};
