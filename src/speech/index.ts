// Vorlesen: every article can be listened to.
import type { Feature } from '../app.ts';

export const speechFeature: Feature = {
  name: 'speech',
};
