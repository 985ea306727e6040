// Artikel teilen: sharing without tracking. Native share sheet where the browser has one, every network as a plain
// link built here (counted on our server, then redirected), quotes as text-fragment links, preview images, oEmbed.
import { articlePath } from '../article/index.ts';
import type { App, Feature } from '../kernel/index.ts';
import { addAsset, assetUrl } from '../web/assets.ts';
import { shareMessages } from './messages.ts';
import { previewHash, previewInput } from './preview.ts';
import { previewStore, type PreviewStore } from './preview-store.ts';
import { shareRoutes } from './routes.ts';
import { SHARE_HELP, shareCommand } from './stats.ts';
import { shareControl, shareHead, shareMenu } from './views.ts';

/** What Artikel teilen adds to the running app: the preview image store under the data directory. */
interface ShareApp extends App {
  previews: PreviewStore;
}

export const shareFeature: Feature<ShareApp> = {
  name: 'share',

  init(app) {
    addAsset('share.js', new URL('./assets/share.js', import.meta.url));
    return Promise.resolve({ ...app, previews: previewStore(app.files) });
  },

  styles: [new URL('./assets/share.css', import.meta.url)],

  routes: (app) => shareRoutes(app, { previews: app.previews }),

  articleParts(app, article, ctx) {
    const m = shareMessages[ctx.locale];
    const canonical = app.config.baseUrl + ctx.href(articlePath(article));
    const input = previewInput(article, app.site.name);
    // The image describes the article, so its text follows the article's language, not the reader's.
    const alt = shareMessages[article.language.startsWith('en') ? 'en' : 'de'].previewAlt(
      article.kicker ? `${article.kicker}: ${article.headline}` : article.headline,
      app.site.name,
    );
    return Promise.resolve({
      head: [shareHead(article, { canonical, baseUrl: app.config.baseUrl, previewHash: previewHash(input), alt })],
      share: shareControl(article, m, ctx.href),
      end: [shareMenu(article, canonical, m)],
      scripts: [assetUrl('share.js')],
    });
  },

  commands: {
    share: { help: SHARE_HELP, run: (app, args) => shareCommand(app, args) },
  },
};
