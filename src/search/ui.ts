// The reader's side of Suche: the /suche page and the suggestions every search box gets. The engine (index,
// query parser, article-event handler, reindex, JSON API) is the search feature of src/search/index.ts; this
// feature only calls it.
import type { Feature } from '../kernel/index.ts';
import { addAsset, assetUrl } from '../web/assets.ts';
import { searchPageRoutes } from './page.ts';
import { completionRoutes } from './completions.ts';

export const searchPagesFeature: Feature = {
  name: 'search-pages',

  init(app) {
    addAsset('suggest.js', new URL('./assets/suggest.js', import.meta.url));
    return Promise.resolve(app);
  },

  styles: [new URL('./assets/search.css', import.meta.url)],

  // The masthead's search box is on every page, so its suggestions script is too (under 600 bytes gzip).
  scripts: () => [assetUrl('suggest.js')],

  routes: (app) => [...searchPageRoutes(app), ...completionRoutes(app)],
};
