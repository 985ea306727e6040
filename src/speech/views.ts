// What Vorlesen adds to an article page: the header control with its times, the audio section (a native
// <audio> that works without JavaScript) and the sentence spans the player highlights.
import {
  type Article,
  type ArticleParts,
  playTimes,
  type SentenceMark,
  textKey,
  type ViewContext,
  articleMessages,
} from '../article/index.ts';
import { html } from '../web/html.ts';
import type { Locale } from '../web/i18n.ts';
import { captionsUrl } from './captions.ts';
import type { AudioRecord } from './store.ts';

const text = {
  de: {
    audioSection: 'Audiofassung',
    pending: 'Die Audiofassung dieses Artikels wird erstellt.',
    failed: 'Die Audiofassung ist derzeit nicht verfügbar.',
    download: 'MP3 herunterladen',
    podcast: 'Als Podcast abonnieren',
    captions: 'Text zum Mitlesen',
    minutes: 'Min.',
    labels: {
      play: 'Abspielen',
      pause: 'Pause',
      back: '10 Sekunden zurück',
      forward: '10 Sekunden vor',
      prev: 'Vorheriger Satz',
      next: 'Nächster Satz',
      seek: 'Position',
      speed: 'Tempo',
      follow: 'Mitlesen: Text folgt der Stimme',
      playing: 'Wiedergabe läuft',
      paused: 'Pausiert',
      fromHere: 'Ab hier vorlesen',
      player: 'Vorlesen',
    },
  },
  en: {
    audioSection: 'Audio version',
    pending: 'The audio version of this article is being produced.',
    failed: 'The audio version is not available at the moment.',
    download: 'Download MP3',
    podcast: 'Subscribe as a podcast',
    captions: 'Transcript',
    minutes: 'min',
    labels: {
      play: 'Play',
      pause: 'Pause',
      back: 'Back 10 seconds',
      forward: 'Forward 10 seconds',
      prev: 'Previous sentence',
      next: 'Next sentence',
      seek: 'Position',
      speed: 'Speed',
      follow: 'Follow along: the text follows the voice',
      playing: 'Playing',
      paused: 'Paused',
      fromHere: 'Read from here',
      player: 'Listen',
    },
  },
} satisfies Record<Locale, unknown>;

/** m:ss, or h:mm:ss for an hour and more, as the seed's "0:00" shows it. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export const audioUrl = (audio: AudioRecord) => `/audio/${audio.articleId}/${audio.textHash}.mp3`;

export function speechParts(
  article: Article,
  audio: AudioRecord | undefined,
  v: ViewContext,
  playerScript: string,
): Partial<ArticleParts> {
  const t = text[v.locale];
  const ready = audio?.state === 'ready' && audio.fileKey !== null && audio.durationMs !== null;
  const total = ready ? clock(audio.durationMs!) : '0:00';
  const listen = html`<a class="tool listen" href="#vorlesen" title="${articleMessages[v.locale].listenLabel}">${articleMessages[v.locale].listen} ${playTimes(v, '0:00', total)}</a>`;
  if (!ready) {
    return {
      listen,
      end: [
        html`<section id="vorlesen" class="audio" aria-label="${t.audioSection}"><p role="status">${audio?.state === 'failed' ? t.failed : t.pending}</p></section>`,
      ],
    };
  }
  const src = audioUrl(audio);
  const sentences = new Map<string, SentenceMark[]>();
  for (const s of audio.timings) {
    const key = textKey(s.block, s.part ?? 0);
    const marks = sentences.get(key) ?? [];
    marks.push({ start: s.start, end: s.end, attrs: { 'data-start': String(s.startMs), 'data-end': String(s.endMs) } });
    sentences.set(key, marks);
  }
  const megabytes = ((audio.bytes ?? 0) / 1_000_000).toLocaleString(v.locale === 'de' ? 'de-DE' : 'en-GB', {
    maximumFractionDigits: 1,
  });
  const end = html`<section id="vorlesen" class="audio" aria-label="${t.audioSection}" data-title="${article.headline}" data-site="${v.siteName}" data-labels="${JSON.stringify(t.labels)}">
<audio controls preload="none" src="${src}"><track kind="captions" src="${captionsUrl(audio)}" srclang="${article.language}" label="${t.captions}" default></audio>
<p class="audio-links"><a href="${src}?download=1" download>${t.download}</a> (${total} ${t.minutes}, ${megabytes} MB) · <a href="/podcast.xml">${t.podcast}</a></p>
</section>`;
  return { listen, end: [end], sentences, scripts: [playerScript] };
}
