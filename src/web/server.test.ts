import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { localPath } from './http.ts';
import { readCookie } from './cookies.ts';
import { createWebServer, type ServerOptions } from './server.ts';

describe('web server', () => {
  let fail = false;
  let renders = 0;
  const logs: string[] = [];
  const options: ServerOptions = {
    routes: [
      {
        method: 'GET',
        path: /^\/$/,
        cache: true,
        handle: () => Promise.resolve({ status: 200, type: 'text/plain', body: `render ${++renders}` }),
      },
    ],
    notFound: () => Promise.resolve({ status: 404, type: 'text/plain', body: 'nope' }),
    contentGeneration: () => (fail ? Promise.reject(new Error('database away')) : Promise.resolve('1')),
    localChanges: () => 0,
    log: (m) => logs.push(m),
    secureCookies: true,
  };
  const server = createWebServer(options);
  let base = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps serving after the content check failed once', async () => {
    fail = true;
    assert.equal((await fetch(`${base}/`)).status, 200);
    fail = false;
    server.invalidate();
    const again = await fetch(`${base}/`);
    assert.equal(again.status, 200);
    assert.match(logs.join('\n'), /cannot check for content changes: database away/);
  });

  it('answers a request target that is not a path with 400', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/`, { path: 'http://a:b', method: 'GET' }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject).end();
    });
    assert.equal(status, 400);
  });

  it('sends readers back only to paths on this site, with a Secure language cookie on https', async () => {
    for (const [back, location] of [
      ['/artikel/x', '/artikel/x'],
      ['//evil.example', '/'],
      ['/\t/evil.example', '/'],
      ['/\n/evil.example', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example', '/'],
      ['/thema/größe', '/thema/gr%C3%B6%C3%9Fe'],
    ]) {
      const res = await fetch(`${base}/sprache/en?zurueck=${encodeURIComponent(back!)}`, { redirect: 'manual' });
      assert.equal(res.status, 303, back);
      assert.equal(res.headers.get('location'), location, JSON.stringify(back));
      assert.deepEqual(res.headers.getSetCookie(), [
        '__Host-lang=en; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure',
        'lang=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
      ]);
    }
    assert.equal(readCookie('lang=de; __Host-lang=en', 'lang'), 'en', 'the __Host- name wins');
    assert.equal(readCookie('lang=de', 'lang'), 'de', 'the old name is still read');
    assert.equal(localPath('/a?b=1&c=ü', '/'), '/a?b=1&c=%C3%BC');
  });

  it('sends security headers on 405 answers too', async () => {
    const res = await fetch(`${base}/`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  it('sends HSTS on every answer when the site is https, and none over plain http', async () => {
    const answers = [
      await fetch(`${base}/`),
      await fetch(`${base}/`),
      await fetch(`${base}/sprache/de`, { redirect: 'manual' }),
      await fetch(`${base}/nichts`),
      await fetch(`${base}/`, { method: 'DELETE' }),
    ];
    for (const res of answers) assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000', res.url);
    const plain = createWebServer({ ...options, secureCookies: false });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      assert.equal((await fetch(`${url}/`)).headers.get('strict-transport-security'), null);
      const lang = await fetch(`${url}/sprache/en`, { redirect: 'manual' });
      assert.deepEqual(lang.headers.getSetCookie(), ['lang=en; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax']);
    } finally {
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });
});
