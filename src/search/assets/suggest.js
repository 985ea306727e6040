// @ts-check
// Search boxes get a native <datalist> (the browser's own accessible combobox), filled after a typing pause.
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
