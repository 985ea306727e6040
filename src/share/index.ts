// Artikel teilen: sharing without tracking.
import type { Feature } from '../app.ts';
import { html } from '../web/html.ts';

export const shareFeature: Feature = {
  name: 'share',
  articleParts: () => Promise.resolve({ head: [html`<meta name="twitter:card" content="summary">`] }),
};
