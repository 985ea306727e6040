// @ts-check
// The push switch on "Meine News": registers /sw.js, subscribes with the site's VAPID key and tells the server.
(() => {
  const box = /** @type {HTMLElement | null} */ (document.querySelector('[data-push-key]'));
  const path = box?.dataset.pushPath;
  if (!box || !path || !('serviceWorker' in navigator) || !('PushManager' in window)) return;
  const button = /** @type {HTMLButtonElement} */ (box.querySelector('button'));
  const status = /** @type {HTMLElement} */ (box.querySelector('[data-push-status]'));
  const text = (/** @type {string} */ name) => button.dataset[name] ?? '';
  /** @param {string} path @param {unknown} body */
  const post = (path, body) =>
    fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => {
      if (!r.ok) throw new Error(String(r.status));
    });
  /** @param {PushSubscription | null} sub */
  const show = (sub) => {
    button.textContent = text(sub ? 'off' : 'on');
    status.textContent = sub ? text('isOn') : Notification.permission === 'denied' ? text('denied') : '';
  };
  navigator.serviceWorker.register('/sw.js').then(async (reg) => {
    let sub = await reg.pushManager.getSubscription();
    box.hidden = false;
    show(sub);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        if (sub) {
          await post(`${path}/unsubscribe`, { endpoint: sub.endpoint });
          await sub.unsubscribe();
          sub = null;
        } else if ((await Notification.requestPermission()) === 'granted') {
          sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: box.dataset.pushKey });
          await post(`${path}/subscribe`, sub.toJSON());
        }
        show(sub);
      } catch {
        status.textContent = text('failed');
      }
      button.disabled = false;
    });
  }, () => {});
})();
