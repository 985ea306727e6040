// Vorlesen: every article can be listened to. Audio is made in the background on save, served with Range
// requests, played in place with the sentence being read highlighted, and offered as a podcast.
import type { Feature } from '../kernel/index.ts';
import { isPublished } from '../article/index.ts';
import { addAsset } from '../web/assets.ts';
import { html } from '../web/html.ts';
import { sendAudio } from './audio-route.ts';
import { speechCommands } from './commands.ts';
import { createEngine } from './engine/engine.ts';
import { audioOnArticleEvent, generateJob } from './generate.ts';
import { articlePodcast, podcastRoutes } from './podcast-routes.ts';
import type { SpeechApp } from './runtime.ts';
import { getAudio } from './store.ts';
import { speakPreview } from './preview.ts';
import { audioBadges } from './teaser.ts';
import { speechParts } from './views.ts';
import { localePath } from '../web/i18n.ts';

/** What the newsroom's editor shows of a paragraph: the sentences as the voice will say them. */
export { speakableSentences, type SpeakableSentence } from './speakable.ts';
export { listLexicon } from './store.ts';
/** How long a text the editor's "hear this paragraph" takes. */
export { MAX_PREVIEW_CHARS } from './preview.ts';
/** Why "hear this paragraph" has no sample: the engine would block the web process, or it took too long. */
export { PreviewUnavailable } from './preview.ts';
/** The staff settings page's choice of voice among those the configured engine has. */
export { engineVoices } from './engine/engine.ts';
export { readVoiceChoice, setVoiceChoice } from './voice.ts';

export const speechFeature: Feature<SpeechApp> = {
  name: 'speech',

  init(app) {
    const engine = createEngine(app.config.speech);
    app.log(`speech: ${engine.name} speaks German as ${engine.voiceFor('de')}, English as ${engine.voiceFor('en')}`);
    const player = {
      script: addAsset('player.js', new URL('./assets/player.js', import.meta.url)),
    };
    return Promise.resolve({
      ...app,
      speech: { engine, files: app.files, player },
    });
  },

  styles: [new URL('./assets/player.css', import.meta.url)],

  jobs: (app) => ({ 'speech.generate': generateJob(app, app.speech) }),

  articleEvents: { 'speech.audio': audioOnArticleEvent },

  async articleParts(app, article, _ctx, view) {
    const parts = speechParts(article, await getAudio(app.db, article.id), view, app.speech.player);
    parts.head = [
      ...(parts.head ?? []),
      html`<link rel="alternate" type="application/rss+xml" title="${app.site.name} (Podcast)" href="${localePath(view.locale, '/podcast.xml')}">`,
    ];
    return parts;
  },

  teaserBadges: (app, articles, locale) => audioBadges(app.db, articles, locale),
  articlePodcast,
  speakPreview,

  routes: (app) => [
    {
      method: 'GET',
      path: /^\/audio\/([0-9a-f-]{36})\/([\w-]{22})\.mp3$/,
      async handle(ctx) {
        const [articleId, hash] = ctx.params as [string, string];
        const audio = await getAudio(app.db, articleId);
        if (audio?.state !== 'ready' || audio.textHash !== hash || !audio.fileKey) return undefined;
        // A withdrawn (or unpublished) article's audio is gone with it.
        if (!(await isPublished(app.db, articleId))) return undefined;
        const download = ctx.url.searchParams.has('download') ? `${articleId}.mp3` : undefined;
        return (await sendAudio(ctx.req, ctx.res, app.speech.files, audio.fileKey, `"${hash}"`, download))
          ? 'handled'
          : undefined;
      },
    },
    ...podcastRoutes(app),
  ],

  commands: speechCommands,
};
