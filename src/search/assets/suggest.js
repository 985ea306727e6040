// @ts-check
// Suggestions for every search box: a native <datalist> (announced and keyboard-driven by the browser), filled
// from /suche/vorschlaege after the reader pauses typing. Nothing is requested before the first keystroke.
(() => {
  for (const input of document.querySelectorAll('form[role=search] input[name=q]')) {
    if (!(input instanceof HTMLInputElement)) continue;
    const list = document.createElement('datalist');
    list.id = `${input.id || 'q'}-vorschlaege`;
    input.after(list);
    input.setAttribute('list', list.id);
    let timer = 0;
    input.form?.addEventListener('submit', () => clearTimeout(timer));
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        const typed = input.value;
        if (typed.trim().length < 2) return;
        fetch(`/suche/vorschlaege?q=${encodeURIComponent(typed)}`)
          .then((r) => r.json())
          .then((/** @type {[string, string[]]} */ [q, words]) => {
            if (q === input.value) list.replaceChildren(...words.map((w) => new Option(w, w)));
          })
          .catch(() => {});
      }, 150);
    });
  }
})();
