// @ts-check
// Vorlesen: the header control plays and pauses and shows elapsed/total; while audio plays or is paused mid-way a
// bar at the bottom of the viewport holds the controls; the sentence being read is highlighted and, with
// "Mitlesen", kept in view unless the reader is busy. Without this script the page keeps its native <audio controls>.
(() => {
  const d = document, root = d.documentElement;
  const section = d.getElementById('vorlesen'), bar = d.getElementById('player');
  const audio = section && section.querySelector('audio'), link = d.querySelector('a.tool.listen');
  if (!section || !audio || !bar || !link) return;
  /** @type {{ play: string, pause: string, playing: string, paused: string, fromHere: string, of: string }} */
  const L = JSON.parse(section.dataset.labels || '{}');
  /** @type {(s: string, e?: ParentNode) => HTMLElement} */
  const $ = (s, e = bar) => /** @type {any} */ (e.querySelector(s));
  const spans = /** @type {HTMLElement[]} */ ([...d.querySelectorAll('span.s[data-start]')]);
  const startOf = (/** @type {Element} */ s) => Number(/** @type {HTMLElement} */ (s).dataset.start) / 1e3;
  const starts = spans.map(startOf);
  /** Chapters: each subheading read aloud, from its start; before the first, the headline. */
  const chapters = [...d.querySelectorAll('.article :is(h2, h3)')].flatMap((h) => {
    const s = h.querySelector('span.s[data-start]');
    return s ? [{ at: startOf(s), name: h.textContent || '' }] : [];
  });
  const seekBar = /** @type {HTMLInputElement} */ ($('.pb-seek')), chapter = $('.pb-chapter'), live = $('[aria-live]');
  const play = $('.pb-play'), speed = /** @type {HTMLSelectElement} */ ($('.pb-speed')), follow = $('.pb-follow');
  const duration = Number(seekBar.max), headline = chapter.textContent;
  const smooth = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
  /** Remembered settings; storage may be denied, then defaults apply. @param {string} k @param {string} [v] */
  const store = (k, v) => { try { return v === undefined ? localStorage.getItem(k) : localStorage.setItem(k, v); } catch { return null; } };
  const clock = (/** @type {number} */ s) => {
    s = Math.floor(s || 0);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = String(s % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
  };

  // The header control becomes the play/pause button (a link to the native player without this script).
  const control = d.createElement('button');
  control.type = 'button';
  control.className = link.className;
  control.title = /** @type {HTMLAnchorElement} */ (link).title;
  control.setAttribute('aria-pressed', 'false');
  control.setAttribute('aria-controls', 'player');
  control.append(...link.childNodes);
  link.replaceWith(control);
  audio.removeAttribute('controls');
  audio.hidden = true;

  /** Where the audio is, or will be once it has loaded (seeking needs its metadata). @type {number | null} */
  let pending = null;
  const time = () => pending ?? audio.currentTime;
  const current = () => { const t = time() + 0.05; let i = -1; while (i + 1 < starts.length && /** @type {number} */ (starts[i + 1]) <= t) i++; return i; };
  const seek = (/** @type {number} */ t) => {
    t = Math.max(0, Math.min(duration, t));
    if (audio.readyState) audio.currentTime = t;
    else { pending = t; audio.preload = 'auto'; audio.load(); }
    update();
  };
  const jump = (/** @type {number} */ i) => spans.length && seek(starts[Math.max(0, Math.min(spans.length - 1, i))] ?? 0);
  const toggle = () => (audio.paused ? audio.play().catch(() => {}) : audio.pause());
  const playFrom = (/** @type {number} */ t) => { seek(t); void audio.play().catch(() => {}); };

  // Mitlesen keeps the sentence in view, but never while the reader scrolls or uses the controls: a few quiet
  // seconds first. Our own scrolling (marked by `ours`) does not count as the reader's.
  let quietUntil = 0, oursUntil = 0;
  const hush = () => { quietUntil = Date.now() + 5000; };
  for (const t of ['wheel', 'touchmove', 'keydown']) addEventListener(t, hush, { passive: true, capture: true });
  addEventListener('scroll', () => Date.now() > oursUntil && hush(), { passive: true });
  bar.addEventListener('pointerdown', hush);
  const following = () => follow.getAttribute('aria-pressed') === 'true';
  const setFollow = (/** @type {boolean} */ on) => { follow.setAttribute('aria-pressed', String(on)); store('bw-follow', on ? '1' : '0'); };
  setFollow(store('bw-follow') !== '0');

  let shown = -2, said = '';
  const update = () => {
    const t = time(), now = clock(t);
    if (now !== said) {
      said = now;
      for (const e of d.querySelectorAll('.elapsed')) e.textContent = now;
      seekBar.setAttribute('aria-valuetext', `${now} ${L.of} ${clock(duration)}`);
    }
    seekBar.value = String(t);
    chapter.textContent = chapters.findLast((c) => c.at <= t + 0.05)?.name ?? headline;
    const i = current();
    if (i === shown) return;
    spans[shown]?.classList.remove('now');
    shown = i;
    const span = spans[i];
    if (!span) return;
    span.classList.add('now');
    const r = span.getBoundingClientRect();
    if (following() && !audio.paused && Date.now() > quietUntil && (r.top < 0 || r.bottom > innerHeight - bar.offsetHeight)) {
      oursUntil = Date.now() + 1500;
      span.scrollIntoView({ block: 'center', behavior: smooth });
    }
  };

  /** "Ab hier vorlesen" at each paragraph's margin, made when the bar first opens. */
  let margins = false;
  const addMargins = () => {
    margins = true;
    for (const p of d.querySelectorAll('.article :is(.lead, .body p, .body h2, .body h3)')) {
      const s = p.querySelector('span.s[data-start]');
      if (!s) continue;
      const b = d.createElement('button');
      b.type = 'button';
      b.className = 'from-here';
      b.title = L.fromHere;
      b.setAttribute('aria-label', L.fromHere);
      b.append($('.i-play', play).cloneNode(true));
      b.addEventListener('click', () => playFrom(startOf(s)));
      p.prepend(b);
    }
  };
  const open = (/** @type {boolean} */ on) => {
    bar.hidden = !on;
    root.classList.toggle('vorlesen', on);
    root.style.setProperty('--player-h', `${bar.offsetHeight}px`);
    if (on && !margins) addMargins();
  };
  addEventListener('resize', () => root.style.setProperty('--player-h', `${bar.offsetHeight}px`));

  const state = () => {
    const on = !audio.paused;
    bar.classList.toggle('on', on);
    play.setAttribute('aria-label', on ? L.pause : L.play);
    play.title = on ? L.pause : L.play;
    control.setAttribute('aria-pressed', String(on));
    live.textContent = on ? L.playing : L.paused;
  };
  audio.addEventListener('play', () => { open(true); state(); });
  audio.addEventListener('pause', state);
  audio.addEventListener('ended', () => { open(false); spans[shown]?.classList.remove('now'); shown = -2; });
  audio.addEventListener('timeupdate', update);
  audio.addEventListener('seeked', update);
  audio.addEventListener('loadedmetadata', () => {
    if (pending !== null) audio.currentTime = pending;
    pending = null;
    audio.playbackRate = Number(speed.value);
  });

  control.addEventListener('click', toggle);
  const actions = {
    play: toggle,
    prev: () => jump(current() - 1),
    next: () => jump(current() + 1),
    back: () => seek(time() - 15),
    forward: () => seek(time() + 15),
    follow: () => { setFollow(!following()); quietUntil = 0; update(); },
    close: () => { audio.pause(); open(false); control.focus({ preventScroll: true }); },
  };
  bar.addEventListener('click', (e) => {
    const b = /** @type {HTMLElement} */ (e.target).closest('[data-do]');
    if (b) /** @type {Record<string, () => unknown>} */ (actions)[/** @type {HTMLElement} */ (b).dataset.do || '']?.();
  });
  seekBar.addEventListener('input', () => seek(Number(seekBar.value)));
  speed.value = store('bw-speed') || '1';
  speed.addEventListener('change', () => { audio.defaultPlaybackRate = audio.playbackRate = Number(speed.value); store('bw-speed', speed.value); });
  audio.defaultPlaybackRate = Number(speed.value);
  // Another script (Artikel teilen's "Ab hier vorlesen" for a selection) asks by event, in milliseconds.
  d.addEventListener('bw:vorlesen', (e) => playFrom(Number(/** @type {CustomEvent} */ (e).detail) / 1e3));

  // #t=83: scrolled to that sentence with the player ready there; browsers let only the reader start playing.
  const fromHash = () => {
    const m = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    if (!m) return;
    seek(Number(m[1]));
    open(true);
    state();
    spans[shown]?.scrollIntoView({ block: 'center' });
  };
  addEventListener('hashchange', fromHash);
  fromHash();

  if ('mediaSession' in navigator) {
    // The preview image, as a path on this host: the page may be opened under another name than the base URL.
    const image = /** @type {HTMLMetaElement | null} */ (d.querySelector('meta[property="og:image"]'));
    const type = /** @type {HTMLMetaElement | null} */ (d.querySelector('meta[property="og:image:type"]'));
    const src = image && new URL(image.content, location.href);
    navigator.mediaSession.metadata = new MediaMetadata({
      title: section.dataset.title || d.title,
      artist: section.dataset.site || '',
      artwork: src ? [{ src: src.pathname + src.search, type: type?.content || '' }] : [],
    });
    /** @type {[MediaSessionAction, MediaSessionActionHandler][]} */
    const handlers = [
      ['play', toggle], ['pause', toggle], ['seekbackward', actions.back], ['seekforward', actions.forward],
      ['previoustrack', actions.prev], ['nexttrack', actions.next], ['seekto', (e) => seek(e.seekTime ?? 0)],
    ];
    for (const [a, fn] of handlers) { try { navigator.mediaSession.setActionHandler(a, fn); } catch { /* action not supported */ } }
  }
})();
