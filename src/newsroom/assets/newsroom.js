// @ts-check
// Passkeys in the staff area: the WebAuthn ceremonies through the browser's own navigator.credentials. Elements
// with data-passkey="authenticate" or "register" are shown only where the browser can do it; the server makes
// the options and checks the answer (@simplewebauthn/server). Loaded on staff pages only.
(() => {
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  /** @param {string} text base64url */
  const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  /** @param {ArrayBuffer} buffer */
  const b64url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');

  /** @param {string} url @param {unknown} body @returns {Promise<any>} */
  const post = async (url, body) => {
    const r = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.message ?? String(r.status));
    return answer;
  };

  /** @param {{ id: string, transports?: AuthenticatorTransport[] }[] | undefined} list */
  const ids = (list) =>
    (list ?? []).map((c) => ({ type: /** @type {const} */ ('public-key'), id: bytes(c.id), transports: c.transports }));

  /** The credential as @simplewebauthn/server reads it (base64url fields). @param {PublicKeyCredential} c */
  const credentialJson = (c) => {
    const r = c.response;
    /** @type {Record<string, unknown>} */
    const response = { clientDataJSON: b64url(r.clientDataJSON) };
    if (r instanceof AuthenticatorAttestationResponse) {
      response.attestationObject = b64url(r.attestationObject);
      response.transports = r.getTransports();
    } else if (r instanceof AuthenticatorAssertionResponse) {
      response.authenticatorData = b64url(r.authenticatorData);
      response.signature = b64url(r.signature);
      if (r.userHandle) response.userHandle = b64url(r.userHandle);
    }
    return {
      id: c.id,
      rawId: b64url(c.rawId),
      type: c.type,
      response,
      clientExtensionResults: c.getClientExtensionResults(),
      authenticatorAttachment: c.authenticatorAttachment ?? undefined,
    };
  };

  /** @type {Record<string, (el: HTMLElement) => Promise<void>>} */
  const ceremonies = {
    async authenticate() {
      const o = await post('/redaktion/passkey/optionen', {});
      const c = await navigator.credentials.get({
        publicKey: { ...o, challenge: bytes(o.challenge), allowCredentials: ids(o.allowCredentials) },
      });
      await post('/redaktion/passkey/anmelden', credentialJson(/** @type {PublicKeyCredential} */ (c)));
    },
    async register(el) {
      const o = await post(el.dataset.options ?? '', {});
      const c = await navigator.credentials.create({
        publicKey: {
          ...o,
          challenge: bytes(o.challenge),
          user: { ...o.user, id: bytes(o.user.id) },
          excludeCredentials: ids(o.excludeCredentials),
        },
      });
      await post(el.dataset.verify ?? '', credentialJson(/** @type {PublicKeyCredential} */ (c)));
    },
  };

  for (const el of document.querySelectorAll('[data-passkey]')) {
    if (!(el instanceof HTMLElement)) continue;
    const run = ceremonies[el.dataset.passkey ?? ''];
    const button = el.querySelector('button');
    const error = el.querySelector('[data-error]');
    if (!run || !button) continue;
    el.hidden = false;
    button.addEventListener('click', () => {
      button.disabled = true;
      if (error instanceof HTMLElement) error.hidden = true;
      run(el)
        .then(() => location.assign(el.dataset.next ?? '/redaktion'))
        .catch(() => {
          if (error instanceof HTMLElement) error.hidden = false;
          button.disabled = false;
        });
    });
  }
})();
