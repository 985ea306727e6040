// The reader's token and its signatures: shapes, expiry, tampering.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import {
  clearedFollowerCookie,
  followerCookie,
  followerTokenOf,
  newFollowerToken,
  ReaderKeys,
  tokenHash,
  TRANSFER_MS,
} from './reader.ts';

const keys = new ReaderKeys(randomBytes(32));
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('follower token', () => {
  it('is 32 random bytes in base64url, stored only as its SHA-256', () => {
    const token = newFollowerToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.notEqual(newFollowerToken(), token);
    assert.match(tokenHash(token), /^[0-9a-f]{64}$/);
  });

  it('is read from the cookie only when well-formed', () => {
    const token = newFollowerToken();
    const cases: [string, string | undefined][] = [
      [`bw_follow=${token}`, token],
      [`lang=de; bw_follow=${token}; other=1`, token],
      [`bw_follow=${token}x`, undefined],
      ['bw_follow=short', undefined],
      ['bw_follow=../../../../etc/passwd', undefined],
      [`xbw_follow=${token}`, undefined],
      [`__Host-bw_follow=${token}`, token],
      [`bw_follow=${newFollowerToken()}; __Host-bw_follow=${token}`, token],
      ['', undefined],
    ];
    for (const [cookie, expected] of cases) assert.equal(followerTokenOf(request({ cookie })), expected, cookie);
  });

  it('travels in an HttpOnly, SameSite=Lax cookie, named __Host- and Secure on https, the old name expired', () => {
    assert.deepEqual(followerCookie('t', false), ['bw_follow=t; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax']);
    assert.deepEqual(followerCookie('t', true), [
      '__Host-bw_follow=t; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax; Secure',
      'bw_follow=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    ]);
    assert.deepEqual(clearedFollowerCookie(true), [
      '__Host-bw_follow=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
      'bw_follow=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    ]);
  });
});

describe('signatures', () => {
  it('binds form tokens to one reader (or to none) and lets them expire after a day', () => {
    const a = newFollowerToken();
    const now = Date.now();
    const form = keys.formToken(a, now);
    assert.ok(keys.checkFormToken(form, a, now));
    assert.ok(!keys.checkFormToken(form, newFollowerToken(), now), 'another reader');
    assert.ok(!keys.checkFormToken(form, undefined, now), 'no reader');
    assert.ok(
      keys.checkFormToken(keys.formToken(undefined, now), undefined, now),
      'a form for someone without a token yet',
    );
    assert.ok(!keys.checkFormToken(form, a, now + 25 * 3600_000), 'expired');
    assert.ok(
      !keys.checkFormToken(`${now + 9e9}.${form.split('.')[1]}`, a, now),
      'a moved expiry breaks the signature',
    );
    assert.ok(!new ReaderKeys(randomBytes(32)).checkFormToken(form, a, now), 'another site');
    for (const bad of [undefined, '', '.', 'abc', `${now + 1000}.`])
      assert.ok(!keys.checkFormToken(bad, a, now), String(bad));
  });

  it('names the follower in a private feed key that cannot be altered', () => {
    const id = randomBytes(16).toString('hex');
    const key = keys.feedKey(id);
    assert.equal(keys.followerOfFeedKey(key), id);
    const other = randomBytes(16).toString('hex');
    assert.equal(keys.followerOfFeedKey(`${other}.${key.split('.')[1]}`), undefined);
    assert.equal(keys.followerOfFeedKey(`${id}.${'A'.repeat(22)}`), undefined);
    assert.equal(keys.followerOfFeedKey('../etc'), undefined);
  });

  it('seals the token into a transfer code that expires and cannot be forged', () => {
    const token = newFollowerToken();
    const now = Date.now();
    const code = keys.transferCode(token, now);
    assert.ok(!code.includes(token), 'the token is not readable in the link');
    assert.equal(keys.openTransferCode(code, now + 1000), token);
    assert.equal(keys.openTransferCode(code, now + TRANSFER_MS + 1), undefined, 'expired');
    const raw = Buffer.from(code, 'base64url');
    raw[raw.length - 1]! ^= 1;
    assert.equal(keys.openTransferCode(raw.toString('base64url'), now), undefined, 'tampered');
    assert.equal(new ReaderKeys(randomBytes(32)).openTransferCode(code, now), undefined, 'another site');
    for (const bad of ['', 'x', '!'.repeat(60), 'A'.repeat(300)])
      assert.equal(keys.openTransferCode(bad, now), undefined);
  });
});
