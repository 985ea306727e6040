// @ts-check
// The service worker (served at /sw.js): shows a pushed article and opens it on a click. One notification per
// article: the tag replaces a copy that arrives twice instead of showing it again.
/**
 * @typedef {{ title?: unknown, body?: unknown, url?: unknown, tag?: unknown }} Message
 * @typedef {Event & { waitUntil(p: Promise<unknown>): void }} LifeEvent
 * @typedef {LifeEvent & { data: { json(): unknown } | null }} PushEvent
 * @typedef {LifeEvent & { notification: Notification }} ClickEvent
 * @typedef {{ url: string, focus(): Promise<unknown> }} Client
 * @typedef {{
 *   registration: ServiceWorkerRegistration,
 *   location: Location,
 *   skipWaiting(): Promise<void>,
 *   clients: { claim(): Promise<void>, matchAll(o: object): Promise<Client[]>, openWindow(url: string): Promise<unknown> },
 *   addEventListener(type: string, listener: (event: never) => void): void,
 * }} Scope
 */
const sw = /** @type {Scope} */ (/** @type {unknown} */ (self));

sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (/** @type {LifeEvent} */ event) => event.waitUntil(sw.clients.claim()));

/** Only our own pages may be opened from a notification. @param {unknown} url */
const local = (url) => {
  try {
    const u = new URL(String(url), sw.location.origin);
    return u.origin === sw.location.origin ? u.href : sw.location.origin + '/';
  } catch {
    return sw.location.origin + '/';
  }
};

sw.addEventListener('push', (/** @type {PushEvent} */ event) => {
  /** @type {Message} */
  let m = {};
  try {
    m = /** @type {Message} */ (event.data?.json() ?? {});
  } catch {
    // not JSON: show the generic notification
  }
  const title = typeof m.title === 'string' ? m.title : sw.location.hostname;
  const options = { body: typeof m.body === 'string' ? m.body : '', tag: typeof m.tag === 'string' ? m.tag : undefined, data: { url: local(m.url) } };
  event.waitUntil(sw.registration.showNotification(title, options));
});

sw.addEventListener('notificationclick', (/** @type {ClickEvent} */ event) => {
  event.notification.close();
  const url = local(/** @type {{ url?: unknown }} */ (event.notification.data)?.url);
  event.waitUntil(
    sw.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      const open = list.find((c) => c.url === url);
      return open ? open.focus() : sw.clients.openWindow(url);
    }),
  );
});
