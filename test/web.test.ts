// The site over real HTTP, against each database: pages, metadata, feeds, caching and escaping.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { importPaths } from '../src/article/import/importer.ts';
import { startSmtpServer, type SmtpTestServer } from '../src/follow/delivery/test-smtp.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { htmlText as text } from '../src/web/testing.ts';
import { SEED_FILE, startTestApp, type RunningApp } from './support.ts';

const SEED = '/artikel/in-paris-trifft-sich-die-koalition-der-willigen';
const HOSTILE = `<script>alert("x")</script> & "Zitat" 'eins' </title><!-- ü 🚀 عربى`;
/** HOSTILE as the importer typesets it in texts (German quotation marks); names and topics stay as written. */
const TYPESET = `<script>alert(„x“)</script> & „Zitat“ 'eins' </title><!-- ü 🚀 عربى`;

const hostileMarkdown = `---
id: hostile
kicker: ${JSON.stringify(`Kicker ${HOSTILE}`)}
headline: ${JSON.stringify(`Headline ${HOSTILE}`)}
date: 2025-03-28
authors: [${JSON.stringify(`Autor ${HOSTILE}`)}]
topics: [${JSON.stringify(`Thema ${HOSTILE}`)}]
lead: ${JSON.stringify(`Lead ${HOSTILE}`)}
---

Body ${HOSTILE}

## Sub ${HOSTILE}

Kontrolle:\x01\x0b Ende.

> Quote ${HOSTILE}
> — Cite ${HOSTILE}

Ein [Link ${HOSTILE}](https://example.org/?q=%3Cscript%3E&x='y') und *Em ${HOSTILE}* und **Strong ${HOSTILE}**.

- Item ${HOSTILE}
- Zweiter Punkt

| Head ${HOSTILE} | B |
|---|---|
| Cell ${HOSTILE} | 2 |

\`\`\`infobox Box ${HOSTILE}
Boxtext ${HOSTILE}
\`\`\`

<https://www.youtube.com/watch?v="'&x=y>
`;

/** The hostile article's fields that hold rich text, each shown as "<Field> <TYPESET>". */
const RICH_FIELDS = ['Body', 'Sub', 'Quote', 'Cite', 'Link', 'Em', 'Strong', 'Item', 'Head', 'Cell', 'Box', 'Boxtext'];

for (const dialect of DIALECTS) {
  describe(`web (${dialect.name})`, () => {
    let site: RunningApp;
    let smtp: SmtpTestServer;
    let dir: string;
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(site.baseUrl + path, { headers, redirect: 'manual' });

    before(async () => {
      // A mail server, so that "Meine News" offers mail.
      smtp = await startSmtpServer();
      site = await startTestApp(dialect, {
        demo: true,
        env: { BLATTWERK_SMTP_URL: smtp.url, BLATTWERK_MAIL_FROM: 'Blattwerk <news@example.org>' },
      });
      dir = await mkdtemp(join(tmpdir(), 'blattwerk-web-'));
      await writeFile(join(dir, 'hostile.md'), hostileMarkdown);
      const results = await importPaths(site.app.db, [fileURLToPath(SEED_FILE), join(dir, 'hostile.md')]);
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results.map((r) => (r.ok ? r.outcome : r.error))),
      );
    });
    after(async () => {
      await site.stop();
      await smtp.stop();
      await rm(dir, { recursive: true, force: true });
    });

    describe('the seed article page', () => {
      let html: string;
      let response: Response;
      before(async () => {
        response = await get(SEED);
        html = await response.text();
      });

      it('answers 200 with strict security headers', () => {
        assert.equal(response.status, 200);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.doesNotMatch(
          html,
          /<script(?![^>]*\b(src="\/assets\/|type="application\/ld\+json"))/,
          'no inline executable script',
        );
        assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\/(?!localhost|127\.0\.0\.1)/, 'no third-party resource');
      });
      it('carries its one stylesheet inline, allowed by its hash in the CSP, and links none', () => {
        const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
        assert.equal(styles.length, 1, 'one <style> element');
        assert.match(styles[0]!, /@font-face/);
        const hash = createHash('sha256').update(styles[0]!).digest('base64');
        const styleSrc = /style-src ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')![1]!;
        assert.deepEqual(styleSrc.split(' '), ["'self'", `'sha256-${hash}'`]);
        assert.doesNotMatch(html, /rel="stylesheet"/, 'no render-blocking stylesheet request');
        assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
      });
      it('shows the month-only date as "März 2025"', () => {
        assert.match(html, /<time datetime="2025-03">März 2025<\/time>/);
      });
      it('has the header row exactly once, as three controls in the seed order', () => {
        const row = /<nav class="tools"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
        assert.equal(html.match(/<nav class="tools"/g)?.length, 1);
        const labels = [...row.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) =>
          text(m[1]!).replace(/\s+/g, ' ').trim(),
        );
        assert.deepEqual(labels, ['Vorlesen Gespielt 0:00 Gesamtdauer 0:00', 'News folgen', 'Artikel teilen']);
        // The seed site's order: headline, date line, the header row, then the lead.
        assert.ok(html.indexOf('<h1>') < html.indexOf('class="dateline"'), 'headline before the date line');
        assert.ok(html.indexOf('class="dateline"') < html.indexOf('class="tools"'), 'date line before the header row');
        assert.ok(html.indexOf('class="tools"') < html.indexOf('class="lead"'), 'header row before the lead');
      });
      it('shows the lead as lead and both subheadings as headings', () => {
        assert.match(
          html,
          /<p class="lead">In Paris trifft sich die „Koalition der Willigen“: Es geht um Hilfen für die Ukraine\./,
        );
        assert.match(html, /<h2>Selenskyj kritisiert die USA<\/h2>/);
        assert.match(html, /<h2>Die Idee von Friedenstruppen scheint vom Tisch zu sein<\/h2>/);
      });
      it('keeps the furniture words out of the article text', () => {
        const article = /<header class="head">([\s\S]*?)<footer class="meta">/.exec(html)?.[1] ?? '';
        for (const word of ['Vorlesen', '0:00', 'News folgen', 'Artikel teilen'])
          assert.ok(!text(article).includes(word), word);
      });
      it('carries canonical URL, Open Graph, Twitter card and NewsArticle JSON-LD', () => {
        assert.match(html, new RegExp(`<link rel="canonical" href="${site.baseUrl}${SEED}">`));
        assert.match(html, /<meta property="og:type" content="article">/);
        assert.match(html, /<meta name="twitter:card" content="summary_large_image">/);
        const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!) as Record<
          string,
          unknown
        >;
        assert.equal(ld['@type'], 'NewsArticle');
        assert.equal(ld.datePublished, '2025-03');
        assert.equal(ld.inLanguage, 'de');
        assert.match(html, /<html lang="de">/);
      });
      it('advertises the feeds', () => {
        for (const type of ['application/rss+xml', 'application/atom+xml', 'application/feed+json'])
          assert.match(html, new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}"`));
      });
      it('stays within the page budget', async () => {
        const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
        let total = gzipSync(html).length;
        let js = 0;
        for (const asset of assets) {
          const bytes = gzipSync(Buffer.from(await (await get(asset)).arrayBuffer())).length;
          total += bytes;
          if (asset.endsWith('.js')) js += bytes;
        }
        assert.ok(total <= 30 * 1024, `HTML+CSS+JS ${total} bytes gzip`);
        assert.ok(js <= 8 * 1024, `JS ${js} bytes gzip`);
      });
    });

    it('answers a repeated request with 304 for pages and feeds', async () => {
      for (const path of [SEED, '/', '/feed.xml', '/feed.atom', '/feed.json', '/sitemap.xml', '/sitemap-de-1.xml']) {
        const first = await get(path);
        const etag = first.headers.get('etag');
        assert.ok(etag, `${path} has an ETag`);
        const again = await get(path, { 'if-none-match': etag });
        assert.equal(again.status, 304, path);
        const changed = await get(path, { 'if-none-match': '"other"' });
        assert.equal(changed.status, 200, path);
      }
    });

    it('compresses with brotli or gzip as the client asks', async () => {
      // fetch decompresses transparently; the header tells which encoding was chosen.
      assert.equal((await get(SEED, { 'accept-encoding': 'br' })).headers.get('content-encoding'), 'br');
      assert.equal((await get(SEED, { 'accept-encoding': 'gzip' })).headers.get('content-encoding'), 'gzip');
    });

    describe('hostile text in every field', () => {
      let html: string;
      before(async () => {
        const slug = (
          await site.app.db
            .selectFrom('articles')
            .select('slug')
            .where('import_key', '=', 'id:hostile')
            .executeTakeFirstOrThrow()
        ).slug;
        html = await (await get(`/artikel/${slug}`)).text();
      });
      // Control characters from YAML escapes are refused on import (src/article/import/importer.test.ts).
      it('drops control characters from the file', () => {
        assert.ok(html.includes('<p>Kontrolle: Ende.</p>'), 'raw control characters are gone from the body');
        assert.doesNotMatch(html, /[\u0001\u000b]/);
      });
      it('renders it as text, never as markup', () => {
        assert.ok(!html.includes('<script>alert'), 'no live script tag');
        assert.ok(!html.includes('</title><!--'), 'title not broken open');
        assert.equal(html.match(/<title>/g)?.length, 1);
        for (const field of RICH_FIELDS.concat(['Kicker', 'Headline', 'Lead']))
          assert.ok(text(html).includes(`${field} ${TYPESET}`), `${field} shown as text`);
        for (const field of ['Autor', 'Thema'])
          assert.ok(text(html).includes(`${field} ${HOSTILE}`), `${field} shown as text`);
      });
      it('refuses a script link in any rich field on import, keeping the stored article', async () => {
        const stored = () =>
          site.app.db
            .selectFrom('articles')
            .select(['body', 'version'])
            .where('import_key', '=', 'id:hostile')
            .executeTakeFirstOrThrow();
        const before = await stored();
        const bad = [
          '[x](javascript:alert(1))',
          '- [x](JAVASCRIPT:alert(1))',
          '| a |\n|---|\n| [x](data:text/html,x) |',
          '```infobox T\n[x](vbscript:x)\n```',
          '> [x](&#106;avascript:alert(1))\n> — C',
          '<javascript:alert(1)>',
        ];
        for (const body of bad) {
          await writeFile(join(dir, 'hostile.md'), hostileMarkdown.replace('Body ', `${body}\n\nBody `));
          const [result] = await importPaths(site.app.db, [join(dir, 'hostile.md')]);
          assert.ok(result && !result.ok && /link "[^"]*" must use http, https or mailto/.test(result.error), body);
        }
        await writeFile(join(dir, 'hostile.md'), hostileMarkdown);
        assert.deepEqual(await stored(), before);
      });
      it('keeps link and embed URLs inside their attribute, escaped', () => {
        assert.match(
          html,
          /<a class="ext" href="https:\/\/example\.org\/\?q=%3Cscript%3E&amp;x=(&#39;|%27)y(&#39;|%27)" rel="noopener">Link &lt;script&gt;/,
        );
        const embed = /<p class="embed"><a class="ext" href="([^"]*)" rel="noopener">/.exec(html);
        assert.ok(embed, 'the embed is a link card');
        assert.doesNotMatch(embed[1]!, /[<>"]/);
        assert.ok(embed[1]!.startsWith('https://www.youtube.com/watch?v='));
        assert.doesNotMatch(html, /<(iframe|img|script)[^>]*youtube/, 'nothing is loaded from the network');
      });
      it('keeps meta tags closed', () => {
        const metas = html.match(/<meta [^>]*>/g) ?? [];
        for (const meta of metas)
          assert.match(
            meta,
            /^<meta (name|property|charset)="[^"]*"( content="[^"]*")?>$|^<meta charset="utf-8">$/,
            meta,
          );
        assert.ok(metas.some((m) => m.includes('og:title') && m.includes('&lt;script&gt;')));
      });
      it('keeps JSON-LD parseable and exact', () => {
        const raw = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!;
        assert.ok(!raw.includes('</'), 'nothing in JSON-LD can close the script element');
        const ld = JSON.parse(raw) as { headline: string; description: string; author: { name: string }[] };
        assert.equal(ld.headline, `Headline ${TYPESET}`);
        assert.equal(ld.description, `Lead ${TYPESET}`);
        assert.equal(ld.author[0]?.name, `Autor ${HOSTILE}`);
      });
      it('keeps the feeds well-formed and the text exact', async () => {
        for (const path of ['/feed.xml', '/feed.atom']) {
          const xml = await (await get(path)).text();
          assert.equal(XMLValidator.validate(xml), true, path);
          assert.ok(xml.includes('Headline &lt;script&gt;alert(„x“)&lt;/script&gt; &amp;'), path);
        }
        const json = (await (await get('/feed.json')).json()) as { items: { title: string; content_html: string }[] };
        const item = json.items.find((i) => i.title.includes('Headline'))!;
        assert.equal(item.title, `Kicker ${TYPESET}: Headline ${TYPESET}`);
        assert.ok(item.content_html.includes('&lt;script&gt;'));
        assert.ok(!item.content_html.includes('<script>'));
        for (const field of RICH_FIELDS)
          assert.ok(text(item.content_html).includes(`${field} ${TYPESET}`), `${field} in the JSON Feed`);
        const rss = new XMLParser().parse(await (await get('/feed.xml')).text()) as {
          rss: { channel: { item: { title: string; 'content:encoded': string }[] } };
        };
        const encoded = rss.rss.channel.item.find((i) => i.title.includes('Headline'))!['content:encoded'];
        for (const field of RICH_FIELDS) assert.ok(text(encoded).includes(`${field} ${TYPESET}`), `${field} in RSS`);
        assert.doesNotMatch(encoded, /<script|<img|javascript:/);
      });
    });

    describe('feeds parse back', () => {
      const parser = new XMLParser({
        ignoreAttributes: false,
        isArray: (name) => ['item', 'entry', 'category', 'link', 'author'].includes(name),
      });
      it('RSS 2.0', async () => {
        const res = await get('/feed.xml');
        assert.match(res.headers.get('content-type') ?? '', /application\/rss\+xml/);
        const rss = parser.parse(await res.text()) as {
          rss: {
            '@_version': string;
            channel: {
              title: string;
              item: { title: string; link: string[]; pubDate: string; 'content:encoded': string }[];
            };
          };
        };
        assert.equal(rss.rss['@_version'], '2.0');
        const items = rss.rss.channel.item;
        assert.equal(items.length, 17);
        const seed = items.find((i) => i.link[0] === site.baseUrl + SEED)!;
        assert.equal(seed.title, 'In Paris trifft sich die „Koalition der Willigen“');
        assert.ok(!Number.isNaN(Date.parse(seed.pubDate)));
        assert.match(seed['content:encoded'], /<h2>Selenskyj kritisiert die USA<\/h2>/);
        // The rich demo: links absolute and marked, list, table, info box and embed card as HTML.
        const rich = items.find((i) => i.title.startsWith('Auenstadt: Jugendrat'))!['content:encoded'];
        assert.match(
          rich,
          /<a class="ext" href="https:\/\/wahlamt\.auenstadt\.example\/jugendrat-2025" rel="noopener">Seite des Wahlamts<\/a>/,
        );
        assert.match(rich, /<strong>41 Prozent<\/strong>/);
        assert.match(rich, /<ol><li>längere Öffnungszeiten/);
        assert.match(rich, /<th scope="col">Liste<\/th>/);
        assert.match(
          rich,
          /<div class="infobox" role="note"><p class="infobox-title"><strong>So arbeitet der Jugendrat/,
        );
        assert.match(
          rich,
          /<p class="embed"><a class="ext" href="https:\/\/www\.youtube\.com\/watch\?v=auenstadt-jugendrat"/,
        );
        assert.match(rich, /<a href="mailto:redaktion@auenstadt\.example">/);
        assert.doesNotMatch(rich, /(href|src)="\//, 'no relative URL in a feed');
      });
      it('Atom', async () => {
        const res = await get('/feed.atom');
        assert.match(res.headers.get('content-type') ?? '', /application\/atom\+xml/);
        const atom = parser.parse(await res.text()) as {
          feed: { entry: { title: string; link: { '@_href': string }[]; updated: string }[] };
        };
        assert.equal(atom.feed.entry.length, 17);
        assert.ok(atom.feed.entry.some((e) => e.link[0]?.['@_href'] === site.baseUrl + SEED));
      });
      it('JSON Feed 1.1, newest first', async () => {
        const res = await get('/feed.json');
        assert.match(res.headers.get('content-type') ?? '', /application\/feed\+json/);
        const feed = (await res.json()) as { version: string; items: { url: string; date_published: string }[] };
        assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
        const dates = feed.items.map((i) => i.date_published);
        assert.deepEqual(dates, [...dates].sort().reverse());
      });
      it('per topic and per author', async () => {
        const topic = parser.parse(await (await get('/thema/auenstadt/feed.xml')).text()) as {
          rss: { channel: { item: { category: string[] }[] } };
        };
        assert.ok(topic.rss.channel.item.length >= 1);
        assert.ok(topic.rss.channel.item.every((i) => i.category.includes('Auenstadt')));
        const author = (await (await get('/autor/mira-schulte/feed.json')).json()) as {
          items: { authors: { name: string }[] }[];
        };
        assert.equal(author.items.length, 4);
        assert.ok(author.items.every((i) => i.authors.some((a) => a.name === 'Mira Schulte')));
      });
    });

    it('serves topic and author pages, and paginates the front page', async () => {
      const topic = await get('/thema/wahlen');
      assert.equal(topic.status, 200);
      const html = await topic.text();
      assert.match(html, /<h1>Wahlen<\/h1>/);
      assert.equal(html.match(/class="teaser"/g)?.length, 1);
      assert.deepEqual(
        [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]),
        ['Dezember 2025', 'Ressorts', 'Feeds', 'Über die Seite'],
        'a timeline by month, then the footer',
      );
      assert.match(html, /href="\/folgen\?item=topic%3Awahlen">News folgen<\/a>/);
      assert.equal((await get('/autor/lena-hartmann')).status, 200);
      const older = await get('/?seite=2');
      assert.equal(older.status, 200, 'the front page continues as a list');
      assert.match(await older.text(), /<title>Neueste Artikel – Seite 2 von 2 – Blattwerk<\/title>/);
      assert.equal((await get('/?seite=3')).status, 404);
      assert.equal((await get('/?seite=abc')).status, 404);
      assert.equal((await get('/thema/gibt-es-nicht')).status, 404);
    });

    it('answers unknown pages with a helpful 404', async () => {
      const res = await get('/artikel/in-paris-trifft-sich');
      assert.equal(res.status, 404);
      const html = await res.text();
      assert.match(html, /Seite nicht gefunden/);
      assert.ok(html.includes(`href="${SEED}"`), 'suggests the article meant');
      assert.match(html, /href="\/"/);
    });

    it('refuses other methods with 405 and an Allow header', async () => {
      const res = await fetch(site.baseUrl + SEED, { method: 'POST' });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET');
    });

    it('serves the sitemap index, its parts and robots.txt', async () => {
      const index = await (await get('/sitemap.xml')).text();
      assert.equal(XMLValidator.validate(index), true);
      assert.match(index, /<sitemapindex /);
      assert.deepEqual(
        [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]),
        [`${site.baseUrl}/sitemap-de-1.xml`, `${site.baseUrl}/sitemap-en-1.xml`],
      );
      const part = await get('/sitemap-de-1.xml');
      assert.equal(part.headers.get('content-type'), 'application/xml; charset=utf-8');
      const sitemap = await part.text();
      assert.equal(XMLValidator.validate(sitemap), true);
      assert.ok(sitemap.includes(`<loc>${site.baseUrl}${SEED}</loc>`));
      assert.ok(!sitemap.includes(`<loc>${site.baseUrl}/en${SEED}</loc>`), 'the German part has German addresses');
      assert.equal((await get('/sitemap-de-2.xml')).status, 404, 'no part beyond the index');
      assert.equal((await get('/sitemap-fr-1.xml')).status, 404);
      const robots = await (await get('/robots.txt')).text();
      assert.match(robots, new RegExp(`Sitemap: ${site.baseUrl}/sitemap.xml`));
      // "Meine News" itself shows a crawler only what it offers; the reader's private feed and tools stay out.
      assert.deepEqual(
        robots.split('\n').filter((line) => line.includes('meine-news')),
        ['Disallow: /en/meine-news/', 'Disallow: /meine-news/'],
      );
    });

    it('speaks English under /en/, German at the root, whatever the browser asks for', async () => {
      const html = await (await get(`/en${SEED}`)).text();
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<time datetime="2025-03">March 2025<\/time>/);
      assert.match(html, />Listen </);
      assert.match(html, /<article class="article" lang="de">/, 'the article keeps its own language');
      assert.match(html, new RegExp(`<link rel="canonical" href="${site.baseUrl}/en${SEED}">`));
      for (const [lang, path] of [
        ['de', SEED],
        ['en', `/en${SEED}`],
        ['x-default', SEED],
      ])
        assert.ok(html.includes(`<link rel="alternate" hreflang="${lang}" href="${site.baseUrl}${path}">`), lang);
      assert.match(html, new RegExp(`<a class="lang" href="${SEED}" hreflang="de" lang="de">Deutsch</a>`));
      assert.match(html, /"url":"[^"]*\/en\/"/, 'JSON-LD names the English front page as the publisher');
      const german = await (await get(SEED, { 'accept-language': 'en-GB,en;q=0.9' })).text();
      assert.match(german, /<html lang="de">/);
      assert.match(german, new RegExp(`<a class="lang" href="/en${SEED}" hreflang="en" lang="en">English</a>`));
    });

    it('keeps every link of an English page English', async () => {
      // A reader who follows from the English form page and orders mail there stays in English throughout.
      const form = await (await get(`/en${SEED}/folgen`)).text();
      const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
      const post = (path: string, body: Record<string, string>, cookie = '') =>
        fetch(site.baseUrl + path, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie },
          body: new URLSearchParams(body),
        });
      const followed = await post('/en/folgen', { csrf: csrfOf(form), follow: 'topic:sicherheitspolitik' });
      assert.equal(followed.status, 303);
      assert.equal(followed.headers.get('location'), '/en/meine-news');
      const cookie = followed.headers.get('set-cookie')!.split(';')[0]!;
      const myNews = await (await get('/en/meine-news', { cookie })).text();
      const csrf = csrfOf(myNews);
      const ordered = await post('/en/mail/subscribe', { csrf, address: 'reader@example.org' }, cookie);
      assert.equal(ordered.headers.get('location'), '/en/meine-news#mail');
      const refused = await post('/en/mail/subscribe', { csrf, address: 'not an address' }, cookie);
      assert.equal(refused.status, 400);
      assert.ok((await refused.text()).includes('<a href="/en/meine-news">'), 'the refusal leads back in English');
      const stored = await site.app.db.selectFrom('mail_subscriptions').select('locale').executeTakeFirstOrThrow();
      assert.equal(stored.locale, 'en');
      // The scripts' requests keep the language: they read it from the page.
      assert.ok(myNews.includes('data-push-path="/en/push"'));
      assert.ok((await (await get(`/en${SEED}`)).text()).includes('data-action="/en/folgen"'));

      const pages: [string, Record<string, string>?][] = [
        ['/en/'],
        [`/en${SEED}`],
        ['/en/thema/sicherheitspolitik'],
        ['/en/autor/lena-hartmann'],
        [`/en${SEED}/folgen`],
        ['/en/meine-news', { cookie }],
        ['/en/mail/bestaetigen?id=x'],
        ['/en/mail/abmelden?id=x'],
      ];
      for (const [path, headers] of pages) {
        const html = await (await get(path, headers)).text();
        assert.match(html, /<html lang="en">/, path);
        const links = [...html.matchAll(/<(?:a|form)\b[^>]*\b(?:href|action)="(\/[^"]*)"/g)].map((m) => m[1]!);
        assert.ok(links.length > 20, `${path}: ${links.length} links`);
        // Files (images, audio) and the counted share redirects have no language; the switch is the one link to German.
        const german = links.filter((l) => !/^\/(en\/|en$|bilder\/|audio\/|assets\/|teilen\/)/.test(l));
        assert.deepEqual(german, [path.slice(3)], `${path}: links that leave English`);
      }
      assert.match(myNews, /action="\/en\/mail\/subscribe"/, 'the mail form is on the page');
      const feed = await (await get('/en/feed.xml')).text();
      assert.ok(feed.includes(`<link>${site.baseUrl}/en${SEED}</link>`), 'the English feed links English pages');
      const sitemap = await (await get('/sitemap-en-1.xml')).text();
      assert.ok(sitemap.includes(`<loc>${site.baseUrl}/en${SEED}</loc>`));
      assert.ok(sitemap.includes(`<xhtml:link rel="alternate" hreflang="de" href="${site.baseUrl}${SEED}"/>`));
      assert.ok(sitemap.includes(`<xhtml:link rel="alternate" hreflang="en" href="${site.baseUrl}/en${SEED}"/>`));
    });

    it('moves the old forms of the language to the URL', async () => {
      const switched = await get(`/sprache/en?zurueck=${encodeURIComponent(SEED)}`);
      assert.equal(switched.status, 301);
      assert.equal(switched.headers.get('location'), `/en${SEED}`);
      assert.equal((await get('/sprache/de?zurueck=//evil.example')).headers.get('location'), '/', 'no open redirect');
      const front = await get('/en');
      assert.equal(front.status, 301);
      assert.equal(front.headers.get('location'), '/en/');
      // A reader who chose English by the cookie: once to the English address, and the cookie expires.
      const chosen = await get(`${SEED}?seite=1`, { cookie: 'lang=en' });
      assert.equal(chosen.status, 302);
      assert.equal(chosen.headers.get('location'), `/en${SEED}?seite=1`);
      assert.equal(chosen.headers.get('cache-control'), 'private, no-store');
      assert.match(chosen.headers.get('set-cookie') ?? '', /^lang=; Path=\/; Max-Age=0/);
      assert.equal((await get(SEED, { cookie: 'lang=de' })).status, 200);
    });

    it('sends no Vary: Cookie (nor Accept-Language) on any public page', async () => {
      const paths = [
        '/',
        SEED,
        '/thema/sicherheitspolitik',
        '/autor/lena-hartmann',
        '/person/emmanuel-macron',
        '/suche?q=Koalition',
        '/feed.xml',
        '/feed.atom',
        '/feed.json',
        '/sitemap.xml',
        '/sitemap-de-1.xml',
        '/podcast.xml',
        '/impressum',
        '/ueber-uns',
        '/korrekturen',
      ];
      for (const path of [...paths, ...paths.map((p) => `/en${p}`)]) {
        const res = await get(path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('vary'), 'Accept-Encoding', path);
      }
    });

    it('offers the follow and share pages without JavaScript', async () => {
      const follow = await (await get(`${SEED}/folgen`)).text();
      assert.match(follow, /<h1>News folgen<\/h1>/);
      const share = await (await get(`${SEED}/teilen`)).text();
      assert.ok(share.includes(`value="${site.baseUrl}${SEED}"`));
      assert.ok(share.includes(`href="/teilen/mail/${SEED.split('/').pop()!}"`));
    });

    it('shows "Aktualisiert am" once a published article changes', async () => {
      await writeFile(join(dir, 'hostile.md'), hostileMarkdown.replace('Body', 'Body, korrigiert,'));
      await importPaths(site.app.db, [join(dir, 'hostile.md')]);
      const slug = (
        await site.app.db
          .selectFrom('articles')
          .select('slug')
          .where('import_key', '=', 'id:hostile')
          .executeTakeFirstOrThrow()
      ).slug;
      const html = await (await get(`/artikel/${slug}`)).text();
      assert.match(html, /Body, korrigiert,/);
      assert.match(
        html,
        /<p class="updated"><time datetime="[^"]+">Aktualisiert am \d{1,2}\. \p{L}+ \d{4}, \d{2}:\d{2} Uhr<\/time><\/p>/u,
      );
    });
  });
}
