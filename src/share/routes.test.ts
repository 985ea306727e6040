// Artikel teilen over real HTTP against each database: head tags, counted redirects, rate limit, preview, oEmbed.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { type Article, parsePublicationDate, type PublicationDate, saveArticle } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { localFiles } from '../store/files.ts';
import { startTestApp, type RunningApp } from '../../test/support.ts';
import { createWebServer } from '../web/server.ts';
import { previewStore } from './preview-store.ts';
import { SHARE_LIMITS } from './rate-limit.ts';
import { shareRoutes } from './routes.ts';
import { LINK_TARGETS } from './targets.ts';
import { decodeTarget, HOSTILE_TITLE } from './testing.ts';

const QUOTE = 'Der zweite Satz, mit Komma & Bindestrich-Wort.';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every meta tag's content by property or name, decoded; a tag broken open by a headline would be missing or cut. */
function metaTags(html: string): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g))
    tags.set(m[1]!, [...(tags.get(m[1]!) ?? []), unescape(m[2]!)]);
  return tags;
}

for (const dialect of DIALECTS) {
  describe(`share routes (${dialect.name})`, () => {
    let site: RunningApp;
    let a: Article;
    let canonical: string;
    const get = (path: string, init: RequestInit = {}) => fetch(site.baseUrl + path, { redirect: 'manual', ...init });
    const count = async (target: string) =>
      Number(
        (
          await site.app.db
            .selectFrom('share_counts')
            .select((eb) => eb.fn.sum<number>('count').as('n'))
            .where('target', '=', target)
            .executeTakeFirst()
        )?.n ?? 0,
      );

    before(async () => {
      site = await startTestApp(dialect);
      ({ article: a } = await saveArticle(
        site.app.db,
        {
          importKey: 'hostile',
          kicker: 'Kicker <i>"&"</i>',
          headline: HOSTILE_TITLE,
          lead: `Vorspann mit "Zitat" & <b>Markup</b>. ${QUOTE}`,
          body: [{ type: 'paragraph', text: `Erster Satz. ${QUOTE} Dritter Satz.`, marks: [] }],
          authors: ['Lena Hartmann'],
          topics: ['Test'],
          language: 'de',
          published: parsePublicationDate('2025-03-27') as PublicationDate,
          status: 'published',
        },
        { by: 'test' },
      ));
      canonical = `${site.baseUrl}/artikel/${a.slug}`;
    });
    after(() => site.stop());

    it('puts preview image, large card and oEmbed into the head, unbroken by a hostile headline', async () => {
      const html = await (await get(`/artikel/${a.slug}`)).text();
      assert.ok(!html.includes('<b>Größe') && !html.includes('<i>"&"'), 'no markup from the headline or kicker');
      const meta = metaTags(html);
      assert.deepEqual(meta.get('twitter:card'), ['summary_large_image']);
      assert.deepEqual(meta.get('og:image:width'), ['1200']);
      assert.deepEqual(meta.get('og:image:height'), ['630']);
      assert.equal(meta.get('og:image:alt')?.[0], `Vorschaubild: Kicker <i>"&"</i>: ${HOSTILE_TITLE} – Blattwerk`);
      assert.equal(meta.get('twitter:image')?.[0], meta.get('og:image')?.[0]);
      assert.match(meta.get('og:image')![0]!, new RegExp(`^${canonical}/vorschau\\.png\\?v=[\\w-]{16}$`));
      const oembed = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)" title="([^"]*)">/.exec(
        html,
      );
      assert.ok(oembed, 'oEmbed discovery link');
      assert.equal(unescape(oembed[2]!), HOSTILE_TITLE);
      assert.equal(new URL(unescape(oembed[1]!)).searchParams.get('url'), canonical);
      const menu = /<div class="share-menu" id="teilen-menu" hidden data-url="([^"]*)" data-title="([^"]*)"/.exec(html);
      assert.deepEqual([unescape(menu![1]!), unescape(menu![2]!)], [canonical, HOSTILE_TITLE]);
      assert.equal(html.match(/name="twitter:card"/g)?.length, 1, 'one Twitter card, no leftover "summary"');
    });

    it('redirects every target to a URL that decodes back to the exact title and canonical URL', async () => {
      for (const target of LINK_TARGETS) {
        const res = await get(`/teilen/${target}/${a.slug}${target === 'mastodon' ? '?instanz=social.example' : ''}`);
        let location: string;
        if (target === 'mastodon') {
          // A host the reader typed: a page that asks before leaving, with a link; no redirect, no refresh.
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('location'), null);
          const page = await res.text();
          assert.doesNotMatch(page, /http-equiv="refresh"/i, 'the page does not leave by itself');
          assert.match(page, /<h1>Weiter zu social\.example\?<\/h1>/);
          assert.match(page, /Sie verlassen .*social\.example/);
          location = unescape(/<a class="share-leave" href="([^"]+)">Auf social\.example teilen<\/a>/.exec(page)![1]!);
          assert.equal(new URL(location).host, 'social.example');
          // Nothing on the page loads from the other host: only the one link points there (the language
          // alternates name this site's own addresses).
          const own = new URL(site.baseUrl).host;
          assert.deepEqual(
            [...page.matchAll(/(?:src|href|action)="(https?:[^"]*)"/g)]
              .map((m) => new URL(unescape(m[1]!)).host)
              .filter((host) => host !== own),
            ['social.example'],
          );
        } else {
          assert.equal(res.status, 303, target);
          assert.equal(res.headers.get('cache-control'), 'no-store');
          location = res.headers.get('location')!;
        }
        const got = decodeTarget(target, location);
        assert.equal(got.url, canonical, `${target}: url`);
        if (got.title !== undefined) assert.equal(got.title, HOSTILE_TITLE, `${target}: title`);
      }
    });

    it('shares a quote from the article with a text fragment, and a moment of the audio with #t', async () => {
      const quoted = decodeTarget(
        'whatsapp',
        (await get(`/teilen/whatsapp/${a.slug}?zitat=${encodeURIComponent(QUOTE)}`)).headers.get('location')!,
      );
      assert.equal(quoted.url, `${canonical}#:~:text=Der%20zweite%20Satz%2C%20mit%20Komma%20%26%20Bindestrich%2DWort.`);
      const text = new URL(
        (await get(`/teilen/bluesky/${a.slug}?zitat=${encodeURIComponent(QUOTE)}`)).headers.get('location')!,
      ).searchParams.get('text')!;
      assert.ok(text.startsWith(`„${QUOTE}“\n\n${HOSTILE_TITLE}`));
      const made = decodeTarget(
        'whatsapp',
        (await get(`/teilen/whatsapp/${a.slug}?zitat=Erfundenes%20Zitat`)).headers.get('location')!,
      );
      assert.equal(made.url, canonical, 'a quote that is not in the article is not shared');
      const moment = decodeTarget(
        'x',
        (await get(`/teilen/x/${a.slug}?t=12.5&zitat=${encodeURIComponent(QUOTE)}`)).headers.get('location')!,
      );
      assert.equal(moment.url, `${canonical}#t=12.5`);
      const bad = decodeTarget('x', (await get(`/teilen/x/${a.slug}?t=12;alert(1)`)).headers.get('location')!);
      assert.equal(bad.url, canonical);
    });

    it('counts clicks without storing anything personal, caps a hammering loop, ignores HEAD', async () => {
      const before = await count('reddit');
      await get(`/teilen/reddit/${a.slug}`, { headers: { cookie: 'x=1', 'user-agent': 'test' } });
      assert.equal(await count('reddit'), before + 1);
      await get(`/teilen/telegram/${a.slug}`, { method: 'HEAD' });
      assert.equal(await count('telegram'), 1, 'only the GET of the first test');
      const hammered = await Promise.all(Array.from({ length: 200 }, () => get(`/teilen/linkedin/${a.slug}`)));
      assert.ok(
        hammered.every((r) => r.status === 303),
        'every reader is still sent on',
      );
      assert.ok(
        (await count('linkedin')) <= SHARE_LIMITS.perTarget.max,
        `linkedin counted ${await count('linkedin')} of 201 clicks`,
      );
      assert.equal((await get(`/teilen/myspace/${a.slug}`)).status, 404);
      assert.equal((await get('/teilen/x/gibt-es-nicht')).status, 404);
      const row = await site.app.db.selectFrom('share_counts').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(row).sort(), ['article_id', 'count', 'day', 'target']);
    });

    it('offers a page of its own without JavaScript, asking for the Mastodon instance', async () => {
      const page = await get(`/artikel/${a.slug}/teilen`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<h1>Artikel teilen<\/h1>/);
      assert.ok(html.includes(`value="${canonical}"`));
      for (const t of LINK_TARGETS.filter((t) => t !== 'mastodon'))
        assert.ok(html.includes(`href="/teilen/${t}/${a.slug}"`), t);
      assert.match(html, new RegExp(`<form class="share-instance" method="get" action="/teilen/mastodon/${a.slug}"`));
      const wrong = await get(`/teilen/mastodon/${a.slug}?instanz=${encodeURIComponent('nicht mein server')}`);
      assert.equal(wrong.status, 303);
      const again = await get(wrong.headers.get('location')!);
      assert.equal(again.status, 400);
      const form = await again.text();
      assert.match(form, /value="nicht mein server" aria-invalid="true" aria-describedby="share-instance-error"/);
      assert.match(form, /id="share-instance-error" class="share-error" role="alert">Das ist kein Servername/);
      assert.match(await (await get(`/en/artikel/${a.slug}/teilen`)).text(), /<h1>Share article<\/h1>/);
    });

    it(
      'answers other requests while a preview render runs, and 503 when it passes its deadline',
      { timeout: 60_000 },
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'blattwerk-slow-preview-'));
        const endless = new URL('./testing-endless-render.ts', import.meta.url);
        const server = createWebServer({
          routes: shareRoutes(site.app, {
            previews: previewStore(localFiles(dir), { workerUrl: endless, deadlineMs: 5_000 }),
          }),
          notFound: () => Promise.resolve({ status: 404, type: 'text/plain', body: 'nope' }),
          log: () => undefined,
          secureCookies: false,
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        try {
          const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          let settled = false;
          const slow = fetch(`${base}/artikel/${a.slug}/vorschau.png`).finally(() => (settled = true));
          const other = await fetch(`${base}/artikel/${a.slug}/teilen`);
          assert.equal(other.status, 200);
          assert.equal(settled, false, 'the share page was answered while the render still ran');
          const res = await slow;
          assert.equal(res.status, 503);
          assert.equal(res.headers.get('retry-after'), '60');
          assert.match(await res.text(), /took too long/);
        } finally {
          await new Promise<void>((r) => server.close(() => r()));
          await rm(dir, { recursive: true, force: true });
        }
      },
    );

    it('serves the preview PNG with an ETag, cached long under its current name', async () => {
      const html = await (await get(`/artikel/${a.slug}`)).text();
      const image = metaTags(html).get('og:image')![0]!;
      const res = await fetch(image);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const png = Buffer.from(await res.arrayBuffer());
      assert.equal(png.toString('latin1', 12, 16), 'IHDR');
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630]);
      assert.equal((await fetch(image, { headers: { 'if-none-match': res.headers.get('etag')! } })).status, 304);
      assert.equal(
        (await get(`/artikel/${a.slug}/vorschau.png?v=alt`)).headers.get('cache-control'),
        'public, max-age=300',
      );
    });

    it("keeps the share script within its 2 KB (gzip) of the page's JavaScript budget", async () => {
      const html = await (await get(`/artikel/${a.slug}`)).text();
      const src = /<script src="(\/assets\/share\.[\w-]+\.js)" defer><\/script>/.exec(html)?.[1];
      assert.ok(src, 'the article page loads share.js');
      const bytes = gzipSync(Buffer.from(await (await get(src)).arrayBuffer()), { level: 9 }).length;
      assert.ok(bytes <= 2048, `share.js is ${bytes} bytes gzip`);
    });

    it("answers oEmbed for this site's articles only", async () => {
      const ok = await get(`/oembed?url=${encodeURIComponent(`${canonical}?x=1#frag`)}&format=json`);
      assert.equal(ok.status, 200);
      const body = (await ok.json()) as Record<string, unknown>;
      assert.equal(body.version, '1.0');
      assert.equal(body.type, 'link');
      assert.equal(body.title, HOSTILE_TITLE);
      assert.equal(body.author_name, 'Lena Hartmann');
      assert.equal(body.thumbnail_width, 1200);
      assert.equal(
        (await get(`/oembed?url=${encodeURIComponent(`https://elsewhere.example/artikel/${a.slug}`)}`)).status,
        404,
      );
      assert.equal(
        (await get(`/oembed?url=${encodeURIComponent(`${site.baseUrl}/artikel/gibt-es-nicht`)}`)).status,
        404,
      );
      assert.equal((await get(`/oembed?url=${encodeURIComponent(canonical)}&format=xml`)).status, 501);
      assert.equal((await get('/oembed')).status, 400);
      const small = (await (await get(`/oembed?url=${encodeURIComponent(canonical)}&maxwidth=600`)).json()) as Record<
        string,
        unknown
      >;
      assert.equal(small.thumbnail_url, undefined, 'no thumbnail larger than maxwidth');
    });
  });
}
