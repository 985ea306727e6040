// @ts-check
// Vorlesen: plays the article in place, shows elapsed and total time, highlights the sentence being read.
// Without this script the page keeps its native <audio controls>.
(() => {
  const section = document.getElementById('vorlesen');
  const audio = section && section.querySelector('audio');
  const control = document.querySelector('a.tool.listen');
  if (!section || !audio || !control) return;
  /** @type {{ play: string, pause: string, back: string, forward: string, prev: string, next: string, seek: string, speed: string, follow: string, playing: string, paused: string, fromHere: string, player: string }} */
  const L = JSON.parse(section.dataset.labels || '{}');
  const spans = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('span.s[data-start]')]);
  const starts = spans.map((s) => Number(s.dataset.start) / 1000);
  const elapsed = control.querySelector('.elapsed');
  const total = control.querySelector('.total');
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  /** Remembered settings; storage may be denied, then defaults apply. @param {string} k @param {string} [v] */
  const store = (k, v) => { try { return v === undefined ? localStorage.getItem(k) : localStorage.setItem(k, v); } catch { return null; } };

  /** @param {string} tag @param {Record<string, string>} attrs @param {string=} text */
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text) e.textContent = text;
    return e;
  };
  const clock = (/** @type {number} */ s) => {
    s = Math.floor(s || 0);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = String(s % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
  };

  const panel = el('div', { class: 'player', role: 'group', 'aria-label': L.player });
  /** @param {string} label @param {string} sym @param {() => void} fn */
  const button = (label, sym, fn) => {
    const b = el('button', { type: 'button', 'aria-label': label, title: label }, sym);
    b.addEventListener('click', fn);
    panel.append(b);
    return b;
  };
  const current = () => { let i = -1; for (let k = 0; k < starts.length && (starts[k] ?? Infinity) <= audio.currentTime + 0.05; k++) i = k; return i; };
  const jump = (/** @type {number} */ i) => { if (spans.length) seek(starts[Math.max(0, Math.min(spans.length - 1, i))] ?? 0); };
  const seek = (/** @type {number} */ t) => { audio.currentTime = Math.max(0, t); update(); };
  button(L.prev, '⏮', () => jump(current() - 1));
  button(L.back, '−10', () => seek(audio.currentTime - 10));
  const play = button(L.play, '▶', () => toggle());
  button(L.forward, '+10', () => seek(audio.currentTime + 10));
  button(L.next, '⏭', () => jump(current() + 1));
  const bar = /** @type {HTMLInputElement} */ (el('input', { type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': L.seek }));
  bar.addEventListener('input', () => seek(Number(bar.value)));
  const speed = /** @type {HTMLSelectElement} */ (el('select', { 'aria-label': L.speed }));
  for (const r of [0.75, 1, 1.25, 1.5, 1.75, 2]) speed.append(el('option', { value: String(r) }, `${String(r).replace('.', ',')}×`));
  speed.value = store('bw-speed') || '1';
  speed.addEventListener('change', () => { audio.playbackRate = Number(speed.value); store('bw-speed', speed.value); });
  const follow = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'bw-follow' }));
  follow.checked = store('bw-follow') !== '0';
  follow.addEventListener('change', () => store('bw-follow', follow.checked ? '1' : '0'));
  const followLabel = el('label', { for: 'bw-follow' });
  followLabel.append(follow, ` ${L.follow}`);
  const live = el('p', { class: 'vh', 'aria-live': 'polite' });
  panel.append(bar, speed, followLabel, live);
  audio.removeAttribute('controls');
  audio.hidden = true;
  section.prepend(panel);

  const toggle = () => (audio.paused ? audio.play().catch(() => {}) : audio.pause());
  control.setAttribute('role', 'button');
  control.setAttribute('aria-controls', 'vorlesen');
  control.addEventListener('click', (e) => { e.preventDefault(); void toggle(); });
  control.addEventListener('keydown', (e) => { if (/** @type {KeyboardEvent} */ (e).key === ' ') { e.preventDefault(); void toggle(); } });

  let shown = -1;
  const update = () => {
    if (elapsed) elapsed.textContent = clock(audio.currentTime);
    bar.value = String(Math.floor(audio.currentTime));
    const i = current();
    if (i === shown) return;
    spans[shown]?.classList.remove('now');
    shown = i;
    const span = spans[i];
    if (!span) return;
    span.classList.add('now');
    const r = span.getBoundingClientRect();
    if (follow.checked && !audio.paused && (r.top < 0 || r.bottom > innerHeight)) span.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  };
  const state = () => {
    const on = !audio.paused;
    play.textContent = on ? '⏸' : '▶';
    play.setAttribute('aria-label', on ? L.pause : L.play);
    control.setAttribute('aria-pressed', String(on));
    live.textContent = on ? L.playing : L.paused;
  };
  audio.addEventListener('timeupdate', update);
  audio.addEventListener('seeked', update);
  audio.addEventListener('play', state);
  audio.addEventListener('pause', state);
  audio.addEventListener('loadedmetadata', () => {
    bar.max = String(Math.floor(audio.duration));
    if (total) total.textContent = clock(audio.duration);
    audio.playbackRate = Number(speed.value);
  });

  for (const [i, span] of spans.entries()) {
    span.title = L.fromHere;
    span.addEventListener('click', () => {
      if (String(getSelection() || '')) return; // selecting text to quote is not a request to play
      seek(starts[i] ?? 0);
      void audio.play().catch(() => {});
    });
  }

  // #t=83 starts at that second, as media fragments do.
  const fromHash = () => {
    const m = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    if (!m) return;
    audio.preload = 'auto';
    const go = () => { seek(Number(m[1])); void audio.play().catch(() => {}); update(); };
    if (audio.readyState > 0) go(); else audio.addEventListener('loadedmetadata', go, { once: true });
    audio.load();
  };
  addEventListener('hashchange', fromHash);
  fromHash();

  if ('mediaSession' in navigator) {
    const image = document.querySelector('meta[property="og:image"]');
    navigator.mediaSession.metadata = new MediaMetadata({
      title: section.dataset.title || document.title,
      artist: section.dataset.site || '',
      artwork: image ? [{ src: image.getAttribute('content') || '', sizes: '1200x630', type: 'image/png' }] : [],
    });
    /** @type {[MediaSessionAction, () => void][]} */
    const actions = [['play', toggle], ['pause', toggle], ['seekbackward', () => seek(audio.currentTime - 10)], ['seekforward', () => seek(audio.currentTime + 10)], ['previoustrack', () => jump(current() - 1)], ['nexttrack', () => jump(current() + 1)]];
    for (const [a, fn] of actions) { try { navigator.mediaSession.setActionHandler(a, fn); } catch { /* action not supported */ } }
  }
})();
