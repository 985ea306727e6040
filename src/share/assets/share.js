// @ts-check
// Artikel teilen: see docs/architecture.md.
(() => {
  const d = document, E = encodeURIComponent, N = navigator;
  /** @typedef {(...a: any[]) => any} F @type {F} */
  const $ = (s, e = d) => e.querySelector(s);
  /** @type {(e: any, t: string, f: F) => void} */
  const on = (e, t, f) => e.addEventListener(t, f);
  const m = $('#teilen-menu'), bar = $('.share-quote'), a = $('[data-share-menu]'), b = d.createElement('button');
  if (!m) return;
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
  const close = (focus = 1) => {
    m.hidden = true;
    from.ariaExpanded = 'false';
    if (focus) from.focus();
  };
  const reveal = () => {
    (from == b ? b : bar).after(m);
    st.textContent = '';
    m.hidden = false;
    from.ariaExpanded = 'true';
    if (from != b) $('a', m).focus();
  };
  /** @type {F} */
  const open = (o, mode = '') => {
    close(0);
    from = o;
    const t = mode == 'listen' ? (start / 1e3).toFixed(1) : '', z = mode && quote, q = D.q0 + quote.replace(/\s+/g, ' ') + D.q1;
    /** @type {F} */
    const fe = (w) => E(w.join(' ')).replace(/-/g, '%2D');
    const p = quote.split(/\s*\n\s*/).map((x) => x.split(/\s+/)), w = p[0] || [], l = p[p.length - 1] || [];
    url = D.url + (t ? `#t=${t}` : z ? `#:~:text=${p[1] || w[8] ? `${fe(w.slice(0, 4))},${fe(l.slice(-4))}` : fe(w)}` : '');
    $('p', m).textContent = mode && `${D[mode]} ${q}`;
    for (const a of m.querySelectorAll('a')) a.search = z && `?zitat=${E(z)}${t && `&t=${t}`}`;
    f.zitat.value = z;
    f.t.value = t;
    f.instanz.value = L.bwMastodon || '';
    cp.value = url;
    if (N.share) N.share({ title: D.title, text: z ? q : D.text, url }).catch(reveal);
    else reveal();
  };

  on(b, 'click', () => (m.hidden || from != b ? open(b) : close()));
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
  on(d, 'keydown', (e) => e.key == 'Escape' && !m.hidden && close());
  /** @type {F} */
  const el = (n, s = '.article :is(h1,.lead,.body)') => (n.closest ? n : n.parentNode).closest(s);
  on(d, 'selectionchange', () => {
    /** @type {any} */
    const s = getSelection(), r = s.rangeCount && s.getRangeAt(0), x = r && r.startContainer, y = r && r.endContainer, t = String(s).trim();
    if (!x || !t[1] || !el(x) || !el(y)) return (m.hidden || from == b) && (bar.hidden = true);
    quote = (/[\p{L}\d]*$/u.exec(x.data?.slice(0, r.startOffset)) || '') + t + (/^[\p{L}\d]*/u.exec(y.data?.slice(r.endOffset)) || '');
    start = el(x, '[data-start]')?.dataset.start;
    bar.lastElementChild.hidden = !(start > 0);
    bar.hidden = false;
  });
  on(bar, 'mousedown', (e) => e.preventDefault());
  on(bar, 'click', (e) => (e = e.target.closest('[data-mode]')) && open(e, e.dataset.mode));
})();
