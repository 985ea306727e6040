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
import { html, type SafeHtml } from '../web/html.ts';
import { localePath, type Locale } from '../web/i18n.ts';
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
    player: 'Vorlesen: Audioplayer',
    back: '15 Sekunden zurück',
    forward: '15 Sekunden vor',
    prev: 'Vorheriger Satz',
    next: 'Nächster Satz',
    seek: 'Position',
    speed: 'Tempo',
    follow: 'Mitlesen',
    followHint: 'Mitlesen: Der Text folgt der Stimme',
    close: 'Player schließen',
    labels: {
      play: 'Abspielen',
      pause: 'Pause',
      playing: 'Wiedergabe läuft',
      paused: 'Pausiert',
      fromHere: 'Ab hier vorlesen',
      of: 'von',
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
    player: 'Listen: audio player',
    back: 'Back 15 seconds',
    forward: 'Forward 15 seconds',
    prev: 'Previous sentence',
    next: 'Next sentence',
    seek: 'Position',
    speed: 'Speed',
    follow: 'Follow along',
    followHint: 'Follow along: the text follows the voice',
    close: 'Close the player',
    labels: {
      play: 'Play',
      pause: 'Pause',
      playing: 'Playing',
      paused: 'Paused',
      fromHere: 'Read from here',
      of: 'of',
    },
  },
} satisfies Record<Locale, unknown>;

/**
 * Inline SVG icons drawn here (font glyphs such as ⏮ are missing from many systems' fonts); `currentColor`, so
 * they follow the text colour in both schemes. Decorative: every button carries its own label.
 */
const icon = (name: string, body: SafeHtml) =>
  html`<svg class="i i-${name}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;
/** "15" drawn as strokes: SVG text would need a font, and checkers cannot tell its contrast. */
const fifteen = html`<path class="st d" d="M8.9 10.1 10.5 9v6.6M15.6 9H13l-.3 2.9c.4-.3.9-.5 1.5-.5 1.1 0 1.9.9 1.9 2.1s-.8 2.1-1.9 2.1c-.7 0-1.2-.3-1.6-.8"/>`;
const icons = {
  play: icon('play', html`<path d="M8 5.5v13l10.5-6.5z"/>`),
  pause: icon('pause', html`<path d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z"/>`),
  prev: icon('prev', html`<path d="M6 6h2.2v12H6zM18 6v12l-8.5-6z"/>`),
  next: icon('next', html`<path d="M15.8 6H18v12h-2.2zM6 6v12l8.5-6z"/>`),
  back: icon('back', html`<path class="st" d="M12 4.5a7.5 7.5 0 1 1-7.5 7.5"/><path d="M12 1.5v6L8 4.5z"/>${fifteen}`),
  forward: icon(
    'forward',
    html`<path class="st" d="M12 4.5a7.5 7.5 0 1 0 7.5 7.5"/><path d="M12 1.5v6l4-3z"/>${fifteen}`,
  ),
  close: icon('close', html`<path class="st" d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>`),
  follow: icon(
    'follow',
    html`<path class="st" d="M4 5.5h16M4 18.5h10"/><rect x="3" y="9.5" width="18" height="5" rx="1.5"/>`,
  ),
};

const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];

/** m:ss, or h:mm:ss for an hour and more, as the seed's "0:00" shows it. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export const audioUrl = (audio: AudioRecord) => `/audio/${audio.articleId}/${audio.textHash}.mp3`;

/** The bar the script shows at the bottom of the viewport while audio plays or is paused mid-way (inert without it). */
function playerBar(t: (typeof text)[Locale], headline: string, durationMs: number, locale: Locale): SafeHtml {
  const button = (what: string, label: string, body: SafeHtml) =>
    html`<button type="button" class="pb-${what}" data-do="${what}" aria-label="${label}" title="${label}">${body}</button>`;
  const speed = (r: number) => r.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  return html`<div class="playerbar" id="player" role="region" aria-label="${t.player}" hidden>
<div class="pb-keys">${button('prev', t.prev, icons.prev)}${button('back', t.back, icons.back)}${button('play', t.labels.play, html`${icons.play}${icons.pause}`)}${button('forward', t.forward, icons.forward)}${button('next', t.next, icons.next)}</div>
<div class="pb-track"><span class="pb-chapter">${headline}</span><input class="pb-seek" type="range" min="0" max="${durationMs / 1000}" step="any" value="0" aria-label="${t.seek}"><span class="pb-time"><span class="elapsed">0:00</span> / ${clock(durationMs)}</span></div>
<div class="pb-more"><select class="pb-speed" aria-label="${t.speed}" title="${t.speed}">${SPEEDS.map((r) => html`<option value="${r}"${r === 1 ? ' selected' : ''}>${speed(r)}×</option>`)}</select><button type="button" class="pb-follow" data-do="follow" aria-pressed="true" title="${t.followHint}">${icons.follow}<span class="pb-label">${t.follow}</span></button></div>
${button('close', t.close, icons.close)}
<p class="vh" aria-live="polite"></p>
</div>`;
}

export function speechParts(
  article: Article,
  audio: AudioRecord | undefined,
  v: ViewContext,
  assets: { script: string },
): Partial<ArticleParts> {
  const t = text[v.locale];
  const ready = audio?.state === 'ready' && audio.fileKey !== null && audio.durationMs !== null;
  const total = ready ? clock(audio.durationMs!) : '0:00';
  const listen = html`<a class="tool listen" href="#vorlesen" title="${articleMessages[v.locale].listenLabel}">${icons.play}${icons.pause}${articleMessages[v.locale].listen} ${playTimes(v, '0:00', total)}</a>`;
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
<p class="audio-links"><a href="${src}?download=1" download>${t.download}</a> (${total} ${t.minutes}, ${megabytes} MB) · <a href="${localePath(v.locale, '/podcast.xml')}">${t.podcast}</a></p>
${playerBar(t, article.headline, audio.durationMs!, v.locale)}
</section>`;
  return { listen, end: [end], sentences, scripts: [assets.script] };
}
