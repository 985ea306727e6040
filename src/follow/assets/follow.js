// @ts-check
// News folgen: opens the dialog instead of the form page and toggles follows in place. The page works without
// this file: the link leads to a form that posts the same request.
(() => {
  const link = document.querySelector('a[data-follow]');
  const dialog = document.getElementById('folgen-dialog');
  if (!(link instanceof HTMLAnchorElement) || !(dialog instanceof HTMLDialogElement) || !dialog.showModal) return;
  const status = /** @type {HTMLElement} */ (dialog.querySelector('.status'));
  const buttons = /** @type {HTMLButtonElement[]} */ ([...dialog.querySelectorAll('button[data-item]')]);
  // /folgen in the page's language (/en/folgen), so the answers speak it and a form post stays in it.
  const action = dialog.dataset.action;
  if (!action) return;
  const json = { accept: 'application/json' };
  let csrf = '';

  /** @param {Response} r */
  const read = async (r) => {
    const body = await r.json();
    if (body.csrf) csrf = body.csrf;
    return body;
  };

  link.addEventListener('click', (event) => {
    event.preventDefault();
    status.textContent = '';
    dialog.showModal();
    fetch(`${action}/status`, { headers: json })
      .then(read)
      .then((/** @type {{ following: string[] }} */ s) => {
        for (const b of buttons) {
          b.setAttribute('aria-pressed', String(s.following.includes(b.dataset.item ?? '')));
          b.disabled = false;
        }
      })
      .catch(() => location.assign(link.href));
  });

  for (const b of buttons) {
    b.addEventListener('click', () => {
      const follow = b.getAttribute('aria-pressed') !== 'true';
      b.disabled = true;
      const body = new URLSearchParams({ csrf, [follow ? 'follow' : 'unfollow']: b.dataset.item ?? '' });
      fetch(action, { method: 'POST', body, headers: json })
        .then(read)
        .then((/** @type {{ ok: boolean, following?: boolean, message: string }} */ r) => {
          if (r.ok) b.setAttribute('aria-pressed', String(r.following));
          status.textContent = r.message;
        })
        .catch(() => location.assign(link.href))
        .finally(() => {
          b.disabled = false;
          b.focus();
        });
    });
  }
})();
