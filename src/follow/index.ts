// News folgen: following topics, people, places and authors without an account.
import type { Feature } from '../app.ts';

export const followFeature: Feature = {
  name: 'follow',
};
