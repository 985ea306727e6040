// News folgen over HTTP on every dialect: the no-JavaScript form and the script's JSON, CSRF and same-origin
// refusals, forged tokens, limits, entity pages with timelines and feeds, "Meine News", transfer and deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { importPaths } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { assetBytes } from '../web/assets.ts';
import { SEED_FILE, runArticleEvents, startTestApp, type RunningApp } from '../../test/support.ts';
import { fileURLToPath } from 'node:url';
import { removeEntity } from './entity-store.ts';
import { MAX_FOLLOWS } from './followers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const xml = new XMLParser({ ignoreAttributes: false });

for (const dialect of DIALECTS) {
  describe(`News folgen over HTTP (${dialect.name})`, () => {
    let site: RunningApp;
    let seedPath: string;

    before(async () => {
      site = await startTestApp(dialect, { demo: true });
      const [result] = await importPaths(site.app.db, [fileURLToPath(SEED_FILE)], {
        listeners: site.app.articleEvents,
      });
      assert.ok(result?.ok, 'seed imported');
      await runArticleEvents(site.app);
      seedPath = `/artikel/${result.article.slug}`;
    });
    after(() => site.stop());

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(site.baseUrl + path, { headers, redirect: 'manual' });
    const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(site.baseUrl + path, {
        method: 'POST',
        body: new URLSearchParams(body),
        headers: { ...FORM, ...headers },
        redirect: 'manual',
      });
    const csrfIn = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? assert.fail('no csrf field');
    const cookieOf = (r: Response) => r.headers.get('set-cookie')?.split(';')[0] ?? assert.fail('no cookie set');

    /** A new reader who follows `item` through the no-JS form; returns their cookie. */
    async function newReader(item: string): Promise<string> {
      const form = await (await get(`${seedPath}/folgen`)).text();
      const r = await post('/folgen', { csrf: csrfIn(form), follow: item, zurueck: `${seedPath}/folgen` });
      assert.equal(r.status, 303);
      return cookieOf(r);
    }

    it('follows and unfollows without JavaScript: form post, 303 back, state on the uncached form page', async () => {
      const first = await get(`${seedPath}/folgen`);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('cache-control'), 'private, no-store');
      assert.equal(first.headers.get('set-cookie'), null, 'no cookie before the first follow');
      const page = await first.text();
      assert.match(page, /<h1>News folgen<\/h1>/);
      for (const name of ['Emmanuel Macron', 'Ukraine', 'Paris', 'Nato'])
        assert.ok(page.includes(`aria-label="Folgen: ${name}">Folgen</button>`), name);

      const r = await post('/folgen', {
        csrf: csrfIn(page),
        follow: 'entity:emmanuel-macron',
        zurueck: `${seedPath}/folgen`,
      });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), `${seedPath}/folgen`);
      const setCookie = r.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /^bw_follow=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d{7,}; HttpOnly; SameSite=Lax$/);
      const cookie = cookieOf(r);

      const after = await (await get(`${seedPath}/folgen`, { cookie })).text();
      assert.ok(after.includes('name="unfollow" value="entity:emmanuel-macron"'));
      const r2 = await post(
        '/folgen',
        { csrf: csrfIn(after), unfollow: 'entity:emmanuel-macron', zurueck: '//evil.example/' },
        { cookie },
      );
      assert.equal(r2.status, 303);
      assert.equal(r2.headers.get('location'), '/meine-news', 'no open redirect');
      assert.ok(
        (await (await get(`${seedPath}/folgen`, { cookie })).text()).includes(
          'name="follow" value="entity:emmanuel-macron"',
        ),
      );
    });

    it("answers the script in JSON and never puts a reader's state in the cached article page", async () => {
      const status = (await (await get('/folgen/status', { accept: 'application/json' })).json()) as {
        csrf: string;
        following: string[];
      };
      assert.deepEqual(status.following, []);
      const r = await post('/folgen', { csrf: status.csrf, follow: 'entity:ukraine' }, { accept: 'application/json' });
      assert.equal(r.status, 200);
      const body = (await r.json()) as { ok: boolean; following: boolean; csrf: string; message: string };
      assert.deepEqual([body.ok, body.following, body.message], [true, true, 'Sie folgen: Ukraine']);
      const cookie = cookieOf(r);
      const mine = (await (await get('/folgen/status', { accept: 'application/json', cookie })).json()) as {
        following: string[];
      };
      assert.deepEqual(mine.following, ['entity:ukraine']);

      const anonymous = await (await get(seedPath)).text();
      const personal = await (await get(seedPath, { cookie })).text();
      assert.equal(personal, anonymous, 'the article page is the same for every reader');
      // The inline stylesheet names the pressed state; the markup never carries it.
      assert.ok(!anonymous.replace(/<style>[\s\S]*?<\/style>/, '').includes('aria-pressed="true"'));
      assert.match(anonymous, /<dialog id="folgen-dialog"/);
      assert.match(
        anonymous,
        /<p class="entities">Personen und Orte: .*<a href="\/person\/emmanuel-macron">Emmanuel Macron<\/a>/,
      );
      assert.match(anonymous, /<a class="tool follow" href="[^"]+\/folgen"[^>]*>News folgen<\/a>/);
    });

    it('refuses a missing, wrong or foreign form token and a cross-site request with 403', async () => {
      const cookie = await newReader('entity:paris');
      const mine = csrfIn(await (await get(`${seedPath}/folgen`, { cookie })).text());
      const other = csrfIn(await (await get(`${seedPath}/folgen`)).text());
      const cases: [string, Record<string, string>, Record<string, string>][] = [
        ['no token', { follow: 'entity:nato' }, { cookie }],
        [
          'forged token',
          { csrf: `${Date.now() + 9e6}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, follow: 'entity:nato' },
          { cookie },
        ],
        ['expired token', { csrf: `${Date.now() - 1000}.${mine.split('.')[1]}`, follow: 'entity:nato' }, { cookie }],
        ["another reader's token", { csrf: other, follow: 'entity:nato' }, { cookie }],
        ['cross-site fetch', { csrf: mine, follow: 'entity:nato' }, { cookie, 'sec-fetch-site': 'cross-site' }],
        ['foreign origin', { csrf: mine, follow: 'entity:nato' }, { cookie, origin: 'https://evil.example' }],
      ];
      for (const [name, body, headers] of cases) {
        const r = await post('/folgen', body, headers);
        assert.equal(r.status, 403, name);
        assert.match(await r.text(), /Formular ist abgelaufen/, name);
      }
      const json = await post('/folgen', { follow: 'entity:nato' }, { cookie, accept: 'application/json' });
      assert.deepEqual([json.status, ((await json.json()) as { reason: string }).reason], [403, 'csrf']);
      const state = (await (await get('/folgen/status', { cookie })).json()) as { following: string[] };
      assert.deepEqual(state.following, ['entity:paris'], 'nothing was followed');
      assert.equal(
        (
          await post(
            '/folgen',
            { csrf: mine, follow: 'entity:nato' },
            { cookie, 'sec-fetch-site': 'same-origin', origin: site.baseUrl },
          )
        ).status,
        303,
      );
    });

    it('treats a forged or unknown token as no token, never as another reader', async () => {
      const victim = await newReader('entity:donald-trump');
      const forged = 'bw_follow=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      for (const cookie of [forged, 'bw_follow=../../etc', `${victim}x`]) {
        const status = (await (await get('/folgen/status', { cookie })).json()) as { following: string[] };
        assert.deepEqual(status.following, [], cookie);
        const page = await (await get('/meine-news', { cookie })).text();
        assert.ok(!page.includes('Donald Trump'), `${cookie}: no one else's list`);
      }
      // Following with a forged cookie makes a new reader with a fresh token, not the forged one.
      const form = await (await get(`${seedPath}/folgen`, { cookie: forged })).text();
      const r = await post('/folgen', { csrf: csrfIn(form), follow: 'entity:nato' }, { cookie: forged });
      assert.equal(r.status, 303);
      assert.notEqual(cookieOf(r), forged);
    });

    it('says why an item cannot be followed: 422 malformed, 404 unknown or removed, 409 over the limit', async () => {
      const cookie = await newReader('entity:united-states');
      const csrf = csrfIn(await (await get(`${seedPath}/folgen`, { cookie })).text());
      const json = { cookie, accept: 'application/json' };
      const expect = async (body: Record<string, string>, status: number, reason: string) => {
        const r = await post('/folgen', { csrf, ...body }, json);
        assert.equal(r.status, status, JSON.stringify(body));
        assert.equal(((await r.json()) as { reason: string }).reason, reason);
      };
      await expect({ follow: 'entity:<script>' }, 422, 'malformed');
      await expect({ follow: 'x'.repeat(5000) }, 422, 'malformed');
      await expect({}, 422, 'malformed');
      await expect({ follow: 'entity:nobody-at-all' }, 404, 'unknown');
      await expect({ follow: 'topic:no-such-topic' }, 404, 'unknown');
      await removeEntity(site.app.db, 'white-house');
      await expect({ follow: 'entity:white-house' }, 404, 'removed');
      const html = await post('/folgen', { csrf, follow: 'entity:nobody-at-all' }, { cookie });
      assert.equal(html.status, 404);
      assert.match(await html.text(), /Das gibt es bei uns nicht/);
      const big = await post('/folgen', { csrf, follow: 'x'.repeat(10_000) }, json);
      assert.equal(big.status, 413);
      const notForm = await fetch(`${site.baseUrl}/folgen`, {
        method: 'POST',
        body: JSON.stringify({ csrf, follow: 'entity:nato' }),
        headers: { ...json, 'content-type': 'application/json' },
      });
      assert.equal(notForm.status, 415);

      // Fill the list to the limit (through the store: the HTTP path is the same function), then ask for more.
      const topics = Array.from({ length: MAX_FOLLOWS + 5 }, (_, i) => ({ slug: `viel-${i}`, name: `Viel ${i}` }));
      await site.app.db.insertInto('topics').values(topics).execute();
      const reader = await site.app.db
        .selectFrom('follows')
        .select('follower_id')
        .where('item', '=', 'entity:united-states')
        .executeTakeFirstOrThrow();
      await site.app.db
        .insertInto('follows')
        .values(
          topics.slice(0, MAX_FOLLOWS - 1).map((t) => ({
            follower_id: reader.follower_id,
            item: `topic:${t.slug}`,
            created_at: new Date().toISOString(),
          })),
        )
        .execute();
      await expect({ follow: `topic:viel-${MAX_FOLLOWS}` }, 409, 'limit');
      const limited = await post('/folgen', { csrf, follow: `topic:viel-${MAX_FOLLOWS + 1}` }, { cookie });
      assert.equal(limited.status, 409);
      assert.match(await limited.text(), new RegExp(`Sie folgen bereits ${MAX_FOLLOWS} Dingen`));
      // Unfollowing one makes room again.
      assert.equal((await post('/folgen', { csrf, unfollow: 'topic:viel-0' }, json)).status, 200);
      assert.equal((await post('/folgen', { csrf, follow: `topic:viel-${MAX_FOLLOWS}` }, json)).status, 200);
    });

    it('shows people, places and organisations as month timelines, with canonical 301s for other addresses', async () => {
      const r = await get('/person/emmanuel-macron');
      assert.equal(r.status, 200);
      const page = await r.text();
      assert.match(page, /<h1>Emmanuel Macron<\/h1>/);
      assert.match(page, /<h2>März 2025<\/h2>/);
      assert.match(
        page,
        /<link rel="alternate" type="application\/rss\+xml" title="Emmanuel Macron – Blattwerk \(RSS\)" href="\/person\/emmanuel-macron\/feed.xml">/,
      );
      assert.match(
        page,
        /<link rel="alternate" type="application\/atom\+xml"[^>]+href="\/person\/emmanuel-macron\/feed.atom">/,
      );
      assert.match(
        page,
        /<link rel="alternate" type="application\/feed\+json"[^>]+href="\/person\/emmanuel-macron\/feed.json">/,
      );
      assert.ok(page.indexOf('europas-unterstuetzer') < page.indexOf(seedPath), 'newest first');
      assert.equal((await get('/ort/paris')).status, 200);
      assert.equal((await get('/organisation/nato')).status, 200);
      const wrongKind = await get('/ort/emmanuel-macron');
      assert.deepEqual([wrongKind.status, wrongKind.headers.get('location')], [301, '/person/emmanuel-macron']);
      assert.equal((await get('/person/niemand')).status, 404);
      assert.equal((await get('/person/emmanuel-macron?seite=9')).status, 404);
      const en = await (await get('/en/ort/united-states')).text();
      assert.match(en, /<h1>United States<\/h1>/);
      assert.match(en, /<h2>March 2025<\/h2>/);
    });

    it('serves RSS, Atom and JSON Feed for people, places and organisations, parsed back, with conditional GET', async () => {
      for (const base of ['/person/emmanuel-macron', '/ort/ukraine', '/organisation/nato']) {
        const rss = await get(`${base}/feed.xml`);
        assert.equal(rss.headers.get('content-type'), 'application/rss+xml; charset=utf-8');
        const channel = (
          xml.parse(await rss.text()) as {
            rss: { channel: { title: string; item: { link: string }[] | { link: string } } };
          }
        ).rss.channel;
        const items = [channel.item].flat();
        assert.ok(items.length >= 1, `${base}: items`);
        assert.ok(
          items.some((i) => i.link === site.baseUrl + seedPath),
          `${base}: the seed is in the feed`,
        );

        const atom = xml.parse(await (await get(`${base}/feed.atom`)).text()) as { feed: { entry: unknown } };
        assert.ok([atom.feed.entry].flat().length >= 1, `${base}: atom entries`);
        const json = (await (await get(`${base}/feed.json`)).json()) as { version: string; items: { url: string }[] };
        assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
        assert.ok(json.items.some((i) => i.url === site.baseUrl + seedPath));

        const etag = (await get(`${base}/feed.xml`)).headers.get('etag') ?? assert.fail('etag');
        assert.equal((await get(`${base}/feed.xml`, { 'if-none-match': etag })).status, 304);
      }
      // The English address words the feed in English but declares the site's language, as the site's feeds do.
      const en = await (await get('/en/person/emmanuel-macron/feed.xml')).text();
      assert.match(en, /<language>de<\/language>/);
    });

    it('shows "Meine News": the list, the stream and a private feed that works without a cookie', async () => {
      const cookie = await newReader('entity:wolodymyr-selenskyj');
      const page = await (await get('/meine-news', { cookie })).text();
      assert.match(page, /<h1>Meine News<\/h1>/);
      assert.ok(page.includes('name="unfollow" value="entity:wolodymyr-selenskyj"'));
      assert.ok(page.includes(`href="${seedPath}"`), 'the stream has the seed');
      const feed = /href="(\/meine-news\/[^"]+)\/feed\.xml"/.exec(page)?.[1] ?? assert.fail('private feed link');
      const rss = xml.parse(await (await get(`${feed}/feed.xml`)).text()) as { rss: { channel: { item: unknown } } };
      assert.ok([rss.rss.channel.item].flat().length >= 1);
      const en = await (await get(`/en${feed}/feed.xml`)).text();
      assert.match(en, /<language>de<\/language>/, "the site's language, at the English address too");
      assert.ok(en.includes(`<link>${site.baseUrl}/en/meine-news</link>`), 'the English address links English pages');
      const json = await get(`${feed}/feed.json`);
      assert.equal(json.headers.get('cache-control'), 'private, max-age=300');
      assert.ok(((await json.json()) as { items: unknown[] }).items.length >= 1);
      assert.equal((await get(`${feed.slice(0, -3)}xyz/feed.xml`)).status, 404, 'a wrong signature finds nothing');
      assert.equal(
        (await get('/meine-news/00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAA/feed.xml')).status,
        404,
      );
      const none = await (await get('/meine-news')).text();
      assert.match(none, /Sie folgen noch nichts/);
    });

    it('carries the list to another device by copying it after a confirmation that shows it, never by swapping identities', async () => {
      const phone = await newReader('entity:mark-rutte');
      const transfer = await (await get('/meine-news/uebertragen', { cookie: phone })).text();
      const link = /value="(http[^"]+uebernehmen\?code=[^"]+)"/.exec(transfer)?.[1] ?? assert.fail('transfer link');
      assert.match(transfer, /<svg class="qr"[^>]*role="img" aria-label="QR-Code mit dem Übertragungslink"/);
      const tablet = await newReader('entity:olaf-scholz');
      const following = async (cookie: string) =>
        ((await (await get('/folgen/status', { cookie })).json()) as { following: string[] }).following.sort();
      const path = link.slice(site.baseUrl.length).replace(/&amp;/g, '&');
      const confirm = await (await get(path, { cookie: tablet })).text();
      assert.match(confirm, /Auswahl eines anderen Browsers/, 'says the list is not this browser’s');
      assert.match(
        confirm,
        /Der Link trägt 1 Eintrag:<\/h2>\s*<ul><li>Mark Rutte<\/li><\/ul>/,
        'shows what it carries',
      );
      assert.match(confirm, /Neu für diesen Browser: 1\. Ihre 1 bisherigen Einträge hier bleiben/);
      assert.match(confirm, /<form method="post" action="\/meine-news\/uebernehmen">/);
      assert.deepEqual(await following(tablet), ['entity:olaf-scholz'], 'opening the link changes nothing');

      const code = new URL(link).searchParams.get('code')!;
      const r = await post('/meine-news/uebernehmen', { csrf: csrfIn(confirm), code }, { cookie: tablet });
      assert.equal(r.status, 303);
      assert.equal(cookieOf(r), tablet, 'the tablet keeps its own identity: a link cannot fix it to another');
      assert.deepEqual(await following(tablet), ['entity:mark-rutte', 'entity:olaf-scholz'], 'merged, not replaced');
      assert.deepEqual(await following(phone), ['entity:mark-rutte'], 'the sender learns nothing of the tablet');

      // A browser without a list gets its own new identity with a copy, not the sender's.
      const fresh = await get(path);
      const r2 = await post('/meine-news/uebernehmen', { csrf: csrfIn(await fresh.text()), code });
      const newcomer = cookieOf(r2);
      assert.notEqual(newcomer, phone);
      assert.deepEqual(await following(newcomer), ['entity:mark-rutte']);

      const same = await (await get(path, { cookie: phone })).text();
      assert.match(same, /schon hat/);
      assert.doesNotMatch(same, /<form method="post" action="\/meine-news\/uebernehmen">/);
      // One character changed inside the nonce: the seal fails. (The last characters can carry unused bits, so
      // changing them does not always change the code.)
      const damaged = `${code.slice(0, 5)}${code[5] === 'A' ? 'B' : 'A'}${code.slice(6)}`;
      assert.equal((await get(`/meine-news/uebernehmen?code=${damaged}`)).status, 410, 'a damaged code');
      assert.equal((await get('/meine-news/uebernehmen?code=')).status, 410);
    });

    it('moves a reader of the plain cookie name to __Host-bw_follow on https without losing them', async () => {
      const plain = await newReader('entity:mark-rutte');
      const token = plain.slice('bw_follow='.length);
      const status = (cookie: string) => get('/folgen/status', { cookie });
      const http = site.app.config.baseUrl;
      site.app.config.baseUrl = http.replace(/^http:/, 'https:');
      try {
        const moved = await status(plain);
        assert.deepEqual(((await moved.json()) as { following: string[] }).following, ['entity:mark-rutte']);
        assert.deepEqual(moved.headers.getSetCookie(), [
          `__Host-bw_follow=${token}; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax; Secure`,
          'bw_follow=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
        ]);
        const now = await status(`__Host-bw_follow=${token}`);
        assert.deepEqual(((await now.json()) as { following: string[] }).following, ['entity:mark-rutte']);
        assert.deepEqual(now.headers.getSetCookie(), [], 'set once, not on every request');
      } finally {
        site.app.config.baseUrl = http;
      }
    });

    it('deletes everything: the reader, their follows, their feed; the cookie is cleared', async () => {
      const cookie = await newReader('entity:giorgia-meloni');
      const page = await (await get('/meine-news', { cookie })).text();
      const feed = /href="(\/meine-news\/[^"]+\/feed\.xml)"/.exec(page)?.[1] ?? assert.fail('feed');
      const form =
        /<form method="post" action="\/meine-news\/loeschen"><input type="hidden" name="csrf" value="([^"]+)"/.exec(
          page,
        )?.[1] ?? assert.fail('delete form');
      assert.equal((await post('/meine-news/loeschen', { csrf: 'nope' }, { cookie })).status, 403);
      const r = await post('/meine-news/loeschen', { csrf: form }, { cookie });
      assert.equal(r.status, 303);
      assert.match(r.headers.get('set-cookie') ?? '', /^bw_follow=; Path=\/; Max-Age=0/);
      assert.equal((await get(feed)).status, 404);
      const status = (await (await get('/folgen/status', { cookie })).json()) as { following: string[] };
      assert.deepEqual(status.following, []);
      assert.match(await (await get('/meine-news?geloescht', { cookie })).text(), /Alles ist gelöscht/);
    });

    it('keeps its script within its 2 KB gzip share of the article page budget', () => {
      const { gzip } = assetBytes('follow.js');
      assert.ok(gzip <= 2048, `follow.js is ${gzip} bytes gzip`);
    });

    it('follows a single item from its page, and 404s the form for unknown items', async () => {
      const page = await get('/folgen?item=entity%3Anato');
      assert.equal(page.status, 200);
      assert.ok((await page.text()).includes('name="follow" value="entity:nato"'));
      assert.equal((await get('/folgen?item=entity%3Aniemand')).status, 404);
    });
  });
}
