import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { localPath } from './http.ts';
import { localePath } from './i18n.ts';
import { readCookie } from './cookies.ts';
import { createWebServer, type ServerOptions } from './server.ts';

describe('web server', () => {
  const renders = new Map<string, number>();
  const rendered = (what: string) => {
    renders.set(what, (renders.get(what) ?? 0) + 1);
    return renders.get(what)!;
  };
  let apply: (keys: readonly string[]) => void = () => {};
  let open = () => {};
  const gate = new Promise<void>((r) => (open = r));
  const options: ServerOptions = {
    routes: [
      {
        method: 'GET',
        path: /^\/$/,
        cache: true,
        handle: () =>
          Promise.resolve({ status: 200, type: 'text/plain', body: `front ${rendered('front')}`, keys: ['front'] }),
      },
      {
        method: 'GET',
        path: /^\/artikel\/([^/]+)$/,
        cache: true,
        handle: (ctx) =>
          Promise.resolve({
            status: 200,
            type: 'text/html; charset=utf-8',
            body: `<p>${ctx.params[0]!} ${rendered(ctx.params[0]!)}</p>${'<p>Absatz über Europa. </p>'.repeat(200)}`,
            keys: [`article:${ctx.params[0]!}`],
          }),
      },
      {
        method: 'GET',
        path: /^\/langsam$/,
        cache: true,
        async handle() {
          await gate;
          return { status: 200, type: 'text/plain', body: `slow ${rendered('slow')}`, keys: ['slow'] };
        },
      },
    ],
    // As the site's 404 page does: a link to the same address in the other language.
    notFound: (ctx) =>
      Promise.resolve({ status: 404, type: 'text/plain', body: `nope ${localePath('de', ctx.url.pathname)}` }),
    watchChanges(a) {
      apply = a;
      return () => {};
    },
    log: () => {},
    secureCookies: true,
  };
  const server = createWebServer(options);
  let base = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const text = async (path: string) => (await fetch(base + path)).text();

  it('drops only the pages whose keys changed', async () => {
    assert.equal(await text('/'), 'front 1');
    const article = await text('/artikel/a');
    assert.equal(await text('/artikel/a'), article, 'cached');
    apply(['article:a']);
    assert.notEqual(await text('/artikel/a'), article, 'the changed article is rendered again');
    assert.equal(await text('/'), 'front 1', 'the front page stayed cached');
    apply(['front']);
    assert.equal(await text('/'), 'front 2');
  });

  it('renders a page anew for the edge’s refetch, which a process that has not heard of a change yet may hold', async () => {
    const cached = await text('/artikel/frisch');
    assert.equal(await text('/artikel/frisch'), cached, 'cached');
    const refetched = await (await fetch(`${base}/artikel/frisch`, { headers: { 'blattwerk-refetch': '1' } })).text();
    assert.notEqual(refetched, cached, 'rendered anew');
    assert.equal(await text('/artikel/frisch'), refetched, 'and kept for the next reader');
  });

  it('renders a page once for readers who ask while it is being rendered', async () => {
    const answers = Array.from({ length: 5 }, () => text('/langsam'));
    await sleep(100);
    open();
    assert.deepEqual(await Promise.all(answers), Array(5).fill('slow 1'));
  });

  it('serves percent-encoded unreserved characters from the same cache entry', async () => {
    await text('/artikel/europas-weg');
    await text('/artikel/%65uropas%2Dweg');
    await text('/artikel/%65%75ropas-weg');
    assert.equal(renders.get('europas-weg'), 1);
  });

  it('does not cache made-up page numbers', async () => {
    for (const q of ['?seite=abc', '?seite=01', '?seite=1e3']) await text(`/${q}`);
    await text('/?seite=abc');
    const before = renders.get('front');
    assert.equal(await text('/?seite=abc'), `front ${before! + 1}`);
  });

  it('compresses a miss fast and the cached page better later, never at the maximum level', async () => {
    const get = async () =>
      new Promise<Buffer>((resolve, reject) => {
        request(`${base}/artikel/komprimiert`, { headers: { 'accept-encoding': 'br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
        })
          .on('error', reject)
          .end();
      });
    const first = await get();
    const body = brotliDecompressSync(first);
    const at = (q: number) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: q } });
    assert.ok(first.equals(at(4)), 'the miss is compressed at quality 4');
    const deadline = Date.now() + 20_000;
    let later = await get();
    while (later.equals(first) && Date.now() < deadline) {
      await sleep(20);
      later = await get();
    }
    assert.ok(later.equals(at(9)), 'the cached page is recompressed at quality 9');
    assert.ok(!later.equals(at(11)) || at(9).equals(at(11)));
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
      ['/artikel/x', '/en/artikel/x'],
      ['/en/artikel/x', '/en/artikel/x'],
      ['//evil.example', '/en/'],
      ['/en//evil.example', '/en/evil.example'],
      ['/\t/evil.example', '/en/'],
      ['/\n/evil.example', '/en/'],
      ['/\\evil.example', '/en/'],
      ['https://evil.example', '/en/'],
      ['/thema/größe', '/en/thema/gr%C3%B6%C3%9Fe'],
    ]) {
      // The old language switch: now a permanent move to the page in that language, and the cookie expires.
      const res = await fetch(`${base}/sprache/en?zurueck=${encodeURIComponent(back!)}`, { redirect: 'manual' });
      assert.equal(res.status, 301, back);
      assert.equal(res.headers.get('location'), location, JSON.stringify(back));
      assert.deepEqual(res.headers.getSetCookie(), [
        '__Host-lang=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
        'lang=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
      ]);
    }
    const german = await fetch(`${base}/sprache/de?zurueck=%2Fen%2Fartikel%2Fx`, { redirect: 'manual' });
    assert.equal(german.headers.get('location'), '/artikel/x');
    const away = await fetch(`${base}/sprache/de?zurueck=%2Fen%2F%2Fevil.example`, { redirect: 'manual' });
    assert.equal(away.headers.get('location'), '/evil.example');
    assert.equal(readCookie('lang=de; __Host-lang=en', 'lang'), 'en', 'the __Host- name wins');
    assert.equal(readCookie('lang=de', 'lang'), 'de', 'the old name is still read');
    assert.equal(localPath('/a?b=1&c=ü', '/'), '/a?b=1&c=%C3%BC');
  });

  it('never turns a path into another host: routes and links see one leading slash', async () => {
    for (const path of ['/en//evil.example', '/.//evil.example', '/en/.//evil.example']) {
      const body = await new Promise<string>((resolve, reject) => {
        request(`${base}/`, { path }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      assert.equal(body, 'nope /evil.example', path);
    }
  });

  it('tells a shared cache to keep pages only when it is purged on changes', async () => {
    const plain = await fetch(`${base}/artikel/edge`);
    assert.doesNotMatch(plain.headers.get('cache-control') ?? '', /s-maxage/);
    assert.equal(plain.headers.get('surrogate-key'), null);
    const purged = createWebServer({ ...options, edgeCache: true });
    await new Promise<void>((r) => purged.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(purged.address() as AddressInfo).port}/artikel/edge`);
      assert.match(res.headers.get('cache-control') ?? '', /s-maxage=\d+, stale-while-revalidate=\d+/);
      assert.equal(res.headers.get('surrogate-key'), 'article:edge all');
    } finally {
      await new Promise<void>((r) => purged.close(() => r()));
    }
  });

  it('sends security headers on 405 answers too', async () => {
    const res = await fetch(`${base}/`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  it('sends HSTS on every answer when the site is https, and none over plain http', async () => {
    const answers = [
      await fetch(`${base}/sprache/de`, { redirect: 'manual' }),
      await fetch(`${base}/nichts`),
      await fetch(`${base}/`, { method: 'DELETE' }),
    ];
    for (const res of answers) assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000', res.url);
    const plain = createWebServer({ ...options, secureCookies: false });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      assert.equal((await fetch(`${url}/nichts`)).headers.get('strict-transport-security'), null);
      const lang = await fetch(`${url}/sprache/en`, { redirect: 'manual' });
      assert.deepEqual(lang.headers.getSetCookie(), ['lang=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax']);
    } finally {
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });
});
