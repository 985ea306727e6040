import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { nextDigest } from './digest-time.ts';
import { checkLink, signLink } from './keys.ts';
import { isPrivateAddress } from '../../web/outbound.ts';
import { checkAddress, checkPushSubscription, mailboxKey, publicPushHost } from './validate.ts';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const p256dh = ecdh.getPublicKey().toString('base64url');
const auth = randomBytes(16).toString('base64url');
const endpoint = 'https://fcm.googleapis.com/fcm/send/abc:def';
const good = { endpoint, expirationTime: null, keys: { p256dh, auth } };

/** A key whose standard base64 has "+" or "/" (a random key has neither in about 6 % of draws). */
function standardBase64Key(): string {
  for (;;) {
    const key = createECDH('prime256v1');
    key.generateKeys();
    const text = key.getPublicKey('base64');
    if (text.includes('+') || text.includes('/')) return text.replace(/=+$/, '');
  }
}

describe('push subscription check', () => {
  const cases: [string, unknown, RegExp | 'ok'][] = [
    ['what browsers send', good, 'ok'],
    ['with padding', { ...good, keys: { p256dh: `${p256dh}=`, auth: `${auth}==` } }, 'ok'],
    ['no expirationTime', { endpoint, keys: { p256dh, auth } }, 'ok'],
    ['not an object', [good], /JSON object/],
    ['null', null, /JSON object/],
    ['extra field', { ...good, admin: true }, /unexpected field "admin"/],
    ['no endpoint', { ...good, endpoint: undefined }, /endpoint must be a URL/],
    ['not a URL', { ...good, endpoint: 'fcm' }, /not a URL/],
    ['http', { ...good, endpoint: 'http://fcm.googleapis.com/x' }, /https/],
    ['javascript:', { ...good, endpoint: 'javascript:alert(1)' }, /https/],
    ['credentials', { ...good, endpoint: 'https://u:p@push.example.org/x' }, /credentials/],
    ['too long', { ...good, endpoint: `https://push.example.org/${'a'.repeat(3000)}` }, /longer than 2048/],
    ['odd expiration', { ...good, expirationTime: 'tomorrow' }, /expirationTime/],
    ['no keys', { endpoint }, /keys must be/],
    ['extra key', { ...good, keys: { p256dh, auth, x: 1 } }, /unexpected key/],
    ['short p256dh', { ...good, keys: { p256dh: p256dh.slice(0, 40), auth } }, /p256dh/],
    [
      'compressed point',
      { ...good, keys: { p256dh: ecdh.getPublicKey(undefined, 'compressed').toString('base64url'), auth } },
      /p256dh/,
    ],
    [
      'not on the curve',
      { ...good, keys: { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth } },
      /not a point on P-256/,
    ],
    ['standard base64', { ...good, keys: { p256dh: standardBase64Key(), auth } }, /p256dh/],
    ['auth 15 bytes', { ...good, keys: { p256dh, auth: randomBytes(15).toString('base64url') } }, /auth/],
    ['auth 32 bytes', { ...good, keys: { p256dh, auth: randomBytes(32).toString('base64url') } }, /auth/],
    ['auth a number', { ...good, keys: { p256dh, auth: 16 } }, /auth/],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const result = checkPushSubscription(input);
      if (expected === 'ok') {
        assert.ok(result.ok, result.ok ? '' : result.reason);
        assert.equal(result.value.p256dh, p256dh);
      } else {
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.reason, expected);
      }
    });
  }

  it('lets only public DNS names be push services', () => {
    const table: [string, boolean][] = [
      ['https://fcm.googleapis.com/x', true],
      ['https://updates.push.services.mozilla.com/wpush/v2/x', true],
      ['https://127.0.0.1/x', false],
      ['https://[::1]/x', false],
      ['https://10.0.0.5/x', false],
      ['https://localhost/x', false],
      ['https://intranet/x', false],
      ['https://printer.local/x', false],
      ['https://push.example.org:443/x', true],
      ['https://fcm.googleapis.com./x', true],
      ['https://push.example.org:25/x', false],
      ['https://push.example.org:6379/x', false],
      ['https://push.example.org:5432/x', false],
      ['https://push.example.org:8443/x', false],
      ['http://push.example.org/x', false],
      ['https://localhost./x', false],
      ['https://foo.internal./x', false],
      ['https://printer.local./x', false],
      ['https://intranet./x', false],
      ['https://intranet../x', false],
    ];
    for (const [url, allowed] of table) assert.equal(publicPushHost(new URL(url)), allowed, url);
    for (const [address, blocked] of [
      ['127.0.0.1', true],
      ['10.1.2.3', true],
      ['172.20.0.1', true],
      ['192.168.1.1', true],
      ['169.254.169.254', true],
      ['::1', true],
      ['fd00::1', true],
      ['::ffff:127.0.0.1', true],
      ['::ffff:7f00:1', true],
      ['::7f00:1', true],
      ['64:ff9b::a00:1', true],
      ['2002:a00:1::1', true],
      ['198.18.0.1', true],
      ['192.0.0.8', true],
      ['fec0::1', true],
      ['feff::1', true],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true],
      ['::ffff:0:7f00:1', true],
      ['::ffff:0:a00:1', true],
      ['2001:db8::1', false],
      ['142.250.185.74', false],
      ['2a00:1450:4001::200e', false],
    ] as const) {
      assert.equal(isPrivateAddress(address), blocked, address);
    }
  });
});

describe('address check', () => {
  const cases: [string, unknown, string | RegExp][] = [
    ['plain', 'leser@example.org', 'leser@example.org'],
    ['outer spaces, domain case', '  Leser.In+news@Example.ORG ', 'Leser.In+news@example.org'],
    ['international domain', 'post@bücher.de', 'post@xn--bcher-kva.de'],
    ['missing', undefined, /missing/],
    ['empty', '   ', /missing/],
    ['CR LF header injection', 'a@example.org\r\nBcc: victim@example.net', /line break/],
    ['LF', 'a@example.org\nX: y', /line break/],
    ['NUL', 'a\u0000@example.org', /control character/],
    ['two addresses', 'a@example.org, b@example.net', /characters an address cannot have|domain/],
    ['display name', 'Eve <a@example.org>', /cannot have/],
    ['quoted local part', '"a b"@example.org', /cannot have/],
    ['no @', 'example.org', /needs a name/],
    ['two @', 'a@b@example.org', /cannot have/],
    ['leading dot', '.a@example.org', /cannot have/],
    ['double dot', 'a..b@example.org', /cannot have/],
    ['single-label domain', 'a@localhost', /domain/],
    ['IP literal', 'a@[127.0.0.1]', /domain/],
    ['numeric TLD', 'a@example.123', /domain/],
    ['hyphen label', 'a@-example.org', /domain/],
    ['local part 65', `${'a'.repeat(65)}@example.org`, /cannot have/],
    ['10,000 characters', `${'a'.repeat(10_000)}@example.org`, /longer than 254/],
    [
      '255 characters',
      `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`,
      /longer than 254/,
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const result = checkAddress(input);
      if (typeof expected === 'string') assert.deepEqual(result, { ok: true, value: expected });
      else {
        assert.equal(result.ok, false, JSON.stringify(result));
        assert.match(result.ok ? '' : result.reason, expected);
      }
    });
  }
});

describe('signed links', () => {
  it('verify for the same purpose and parts only', () => {
    const secret = randomBytes(32);
    const sig = signLink(secret, 'unsubscribe', 'sub-1');
    assert.equal(sig.length, 32);
    assert.equal(checkLink(secret, sig, 'unsubscribe', 'sub-1'), true);
    assert.equal(checkLink(secret, sig, 'unsubscribe', 'sub-2'), false);
    assert.equal(checkLink(secret, sig, 'confirm', 'sub-1'), false);
    assert.equal(checkLink(randomBytes(32), sig, 'unsubscribe', 'sub-1'), false);
    assert.equal(checkLink(secret, `${sig}x`, 'unsubscribe', 'sub-1'), false);
    assert.equal(checkLink(secret, null, 'unsubscribe', 'sub-1'), false);
    // Parts are separated: ("a", "bc") and ("ab", "c") differ.
    assert.notEqual(signLink(secret, 'p', 'a', 'bc'), signLink(secret, 'p', 'ab', 'c'));
  });
});

describe('digest time', () => {
  const table: [string, string, string][] = [
    ['2025-03-27T05:59:00Z', '2025-03-27T06:00:00.000Z', '2025-03-27'], // 06:59 CET: today at 7
    ['2025-03-27T06:00:00Z', '2025-03-28T06:00:00.000Z', '2025-03-28'], // 07:00 CET exactly: tomorrow
    ['2025-03-29T22:30:00Z', '2025-03-30T05:00:00.000Z', '2025-03-30'], // the night clocks go forward: 7 CEST
    ['2025-10-25T12:00:00Z', '2025-10-26T06:00:00.000Z', '2025-10-26'], // the night clocks go back: 7 CET
    ['2025-12-31T23:30:00Z', '2026-01-01T06:00:00.000Z', '2026-01-01'], // already New Year in Berlin
  ];
  for (const [now, at, date] of table) {
    it(`after ${now}`, () => assert.deepEqual(nextDigest(new Date(now)), { at: new Date(at), date }));
  }
});

describe('mailbox key for the per-mailbox limit', () => {
  it('folds case, +tags, Gmail dots and IDN domains onto one mailbox', () => {
    const table: [string, string][] = [
      ['Leser@Example.org', 'leser@example.org'],
      ['leser+news@example.org', 'leser@example.org'],
      ['leser+a+b@example.org', 'leser@example.org'],
      ['le.ser@example.org', 'le.ser@example.org'],
      ['V.ic.Tim+1@gmail.com', 'victim@gmail.com'],
      ['victim+2@GoogleMail.com', 'victim@gmail.com'],
      ['post@bücher.de', 'post@xn--bcher-kva.de'],
      ['post+x@xn--bcher-kva.de', 'post@xn--bcher-kva.de'],
    ];
    for (const [address, key] of table) assert.equal(mailboxKey(address), key, address);
  });
});
