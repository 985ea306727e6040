// @ts-check
// Artikel teilen: see docs/architecture.md.
(() => {
  const d = document, E = encodeURIComponent, N = navigator;
  /** @typedef {(...a: any[]) => any} F @type {F} */
  const $ = (s, e = d) => e.querySelector(s);
  /** @type {(e: any, t: string, f: F) => void} */
  const on = (e, t, f) => e.addEventListener(t, f);
  const m = $('#teilen-menu'), bar = $('.share-quote'), a = $('[data-share-menu]'), b = d.createElement('button');
  // Without the popover API the control stays a link to the share page.
  if (!m || !m.showPopover) return;
  const D = m.dataset, f = $('form', m), cp = $('#teilen-link'), st = $('[role=status]', m);
  /** @type {any} */
  let L = {}, from = b, url = '', quote = '', start = 0;
  try {
    L = localStorage;
  } catch {}
  b.className = a.className;
  b.textContent = a.textContent;
  b.ariaExpanded = 'false';
  a.replaceWith(b);
  m.popover = 'auto';
  m.hidden = false;
  const close = () => m.hidePopover();
  // Over the page, never in its flow: under the control (a bottom sheet on phones, by CSS), or above the quote bar.
  const reveal = () => {
    st.textContent = '';
    m.classList.toggle('q', from != b);
    m.showPopover();
    const r = from.getBoundingClientRect(), w = d.documentElement.clientWidth;
    m.style.top = `${r.bottom + scrollY + 6}px`;
    m.style.left = `${Math.max(8, Math.min(r.left, w - m.offsetWidth - 8)) + scrollX}px`;
    $('a,button', m).focus();
  };
  // beforetoggle comes at once (toggle a task later), so the state is never stale; focus returns once it is closed.
  on(m, 'beforetoggle', (e) => (from.ariaExpanded = String(e.newState == 'open')));
  on(m, 'toggle', (e, x = d.activeElement) => e.newState == 'closed' && (!x || x == d.body || m.contains(x)) && from.focus({ preventScroll: true }));
  /** @type {F} */
  const open = (o, z = '') => {
    if (m.matches(':popover-open')) close();
    from = o;
    const q = D.q0 + quote.replace(/\s+/g, ' ') + D.q1;
    /** @type {F} */
    const fe = (w) => E(w.join(' ')).replace(/-/g, '%2D');
    const p = quote.split(/\s*\n\s*/).map((x) => x.split(/\s+/)), w = p[0] || [], l = p[p.length - 1] || [];
    url = D.url + (z ? `#:~:text=${p[1] || w[8] ? `${fe(w.slice(0, 4))},${fe(l.slice(-4))}` : fe(w)}` : '');
    $('p', m).textContent = z && `${D.quote} ${q}`;
    for (const a of m.querySelectorAll('a')) a.search = z && `?zitat=${E(z)}`;
    f.zitat.value = z;
    f.instanz.value = L.bwMastodon || '';
    cp.value = url;
    if (N.share) N.share({ title: D.title, text: z ? q : D.text, url }).catch(reveal);
    else reveal();
  };

  on(b, 'click', () => (m.matches(':popover-open') && from == b ? close() : open(b)));
  on(m, 'click', (e) => {
    const t = e.target.dataset.t;
    if (t == 'copy') N.clipboard.writeText(url).then(() => (st.textContent = D.copied), () => cp.select(st.textContent = D.denied));
    if (t == 'print') {
      close();
      print();
    }
    if (t == 'close') close();
  });
  on(f, 'submit', () => (L.bwMastodon = f.instanz.value));
  /** @type {F} */
  const el = (n, s = '.article :is(h1,.lead,.body)') => (n.closest ? n : n.parentNode).closest(s);
  on(d, 'selectionchange', () => {
    /** @type {any} */
    const s = getSelection(), r = s.rangeCount && s.getRangeAt(0), x = r && r.startContainer, y = r && r.endContainer, t = String(s).trim();
    if (!x || !t[1] || !el(x) || !el(y)) return (from == b || !m.matches(':popover-open')) && (bar.hidden = true);
    // A selection may start or end at an element (a triple click): no word to complete there.
    quote = (/[\p{L}\d]*$/u.exec(x.data?.slice(0, r.startOffset) || '') || '') + t + (/^[\p{L}\d]*/u.exec(y.data?.slice(r.endOffset) || '') || '');
    start = el(x, '[data-start]')?.dataset.start;
    bar.lastElementChild.hidden = !(start >= 0);
    bar.hidden = false;
  });
  on(bar, 'mousedown', (e) => e.preventDefault());
  // "Ab hier vorlesen" is Vorlesen's: asked for by an event, so neither script needs the other.
  on(bar, 'click', (e) =>
    (e = e.target.closest('[data-mode]')) &&
    (e.dataset.mode == 'quote' ? open(e, quote) : (d.dispatchEvent(new CustomEvent('bw:vorlesen', { detail: start })), getSelection()?.removeAllRanges())),
  );
})();
