// Vorlesen end to end on each database: import → job → MP3 with timings → page, Range requests, podcast.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { startAppWorker } from '../src/app.ts';
import { importPaths } from '../src/article/import/importer.ts';
import { createEngine } from '../src/speech/engine/engine.ts';
import { mp3DurationMs } from '../src/speech/audio/mp3.ts';
import { requestAudio } from '../src/speech/generate.ts';
import type { SpeechApp } from '../src/speech/runtime.ts';
import { addLexiconEntry, getAudio } from '../src/speech/store.ts';
import { listJobs, makeJobsDue } from '../src/store/jobs.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { parseWebVtt } from '../src/speech/test-webvtt.ts';
import { podcastProblems, type PodcastChannel } from './podcast-checks.ts';
import { runArticleEvents, SEED_FILE, startTestApp, type RunningApp } from './support.ts';

const SEED = '/artikel/in-paris-trifft-sich-die-koalition-der-willigen';

for (const dialect of DIALECTS) {
  describe(`Vorlesen (${dialect.name})`, () => {
    let site: RunningApp;
    let dir: string;
    let seedId: string;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(site.baseUrl + path, { headers });
    const drain = () => startAppWorker(site.app, false).drain();
    const jobCount = async () => (await listJobs(site.app.db, { name: 'speech.generate' })).length;
    /** Imports and runs the article event handlers, which queue the audio job if the spoken text changed. */
    const reimport = async (file: string) => {
      const results = await importPaths(site.app.db, [file], { listeners: site.app.articleEvents });
      await runArticleEvents(site.app);
      return results;
    };

    before(async () => {
      site = await startTestApp(dialect);
      dir = await mkdtemp(join(tmpdir(), 'blattwerk-speech-'));
      await writeFile(join(dir, 'seed.txt'), await readFile(fileURLToPath(SEED_FILE)));
      const [result] = await reimport(join(dir, 'seed.txt'));
      assert.ok(result?.ok);
      seedId = result.article.id;
    });
    after(async () => {
      await site.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('shows "being generated" until the job has run', async () => {
      const html = await (await get(SEED)).text();
      assert.match(html, /Die Audiofassung dieses Artikels wird erstellt\./);
      assert.match(html, /<span class="total">0:00<\/span>/);
    });

    it('makes an MP3 whose sentence timings increase, do not overlap, cover it and match the sentences', async () => {
      await drain();
      const audio = (await getAudio(site.app.db, seedId))!;
      assert.equal(audio.state, 'ready');
      const mp3 = await readFile(join(site.dataDir, 'files', audio.fileKey!));
      assert.equal(mp3.length, audio.bytes);
      assert.ok(
        Math.abs(mp3DurationMs(mp3) - audio.durationMs!) < 50,
        `MP3 lasts ${mp3DurationMs(mp3)} ms, record says ${audio.durationMs}`,
      );
      const t = audio.timings;
      // Headline, 3 lead sentences … : every sentence the page shows, in order.
      const html = await (await get(SEED)).text();
      assert.equal(html.match(/<span class="s" data-start=/g)?.length, t.length);
      assert.ok(t.length >= 25, `${t.length} sentences`);
      assert.equal(t[0]!.startMs, 0);
      assert.ok(Math.abs(t.at(-1)!.endMs - audio.durationMs!) <= 1);
      for (let i = 0; i < t.length; i++) {
        assert.ok(t[i]!.endMs > t[i]!.startMs, `sentence ${i} has length`);
        if (i) assert.ok(t[i]!.startMs >= t[i - 1]!.endMs, `sentence ${i} starts after ${i - 1} ends`);
      }
      assert.ok(audio.durationMs! > 120_000, 'three minutes and more of speech');
    });

    it('shows the total time and a native player that works without JavaScript', async () => {
      const html = await (await get(SEED)).text();
      const audio = (await getAudio(site.app.db, seedId))!;
      const total = `${Math.floor(audio.durationMs! / 60000)}:${String(Math.floor(audio.durationMs! / 1000) % 60).padStart(2, '0')}`;
      assert.ok(html.includes(`<span class="total">${total}</span>`), total);
      assert.match(
        html,
        /<audio controls preload="none" src="\/audio\/[\w-]+\/[\w-]+\.mp3"><track kind="captions" src="\/audio\/[\w-]+\/[\w-]+\.vtt" srclang="de" label="Text zum Mitlesen" default><\/audio>/,
      );
      assert.match(html, /download>MP3 herunterladen<\/a>/);
      assert.match(html, /<script src="\/assets\/player\.[\w-]+\.js" defer><\/script>/);
      // With the player, every feature's script is on the page: together they stay within 8 KB gzip.
      const scripts = [...html.matchAll(/<script src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
      assert.ok(scripts.length >= 3, scripts.join(' '));
      let js = 0;
      for (const src of scripts) js += gzipSync(Buffer.from(await (await get(src)).arrayBuffer())).length;
      assert.ok(js <= 8 * 1024, `all scripts: ${js} bytes gzip`);
    });

    it('answers Range requests with the right bytes', async () => {
      const audio = (await getAudio(site.app.db, seedId))!;
      const url = `/audio/${seedId}/${audio.textHash}.mp3`;
      const file = await readFile(join(site.dataDir, 'files', audio.fileKey!));
      const whole = await get(url);
      assert.equal(whole.status, 200);
      assert.equal(whole.headers.get('content-type'), 'audio/mpeg');
      assert.equal(whole.headers.get('accept-ranges'), 'bytes');
      assert.match(whole.headers.get('cache-control') ?? '', /immutable/);
      assert.deepEqual(Buffer.from(await whole.arrayBuffer()), file);
      for (const [range, start, end] of [
        ['bytes=0-99', 0, 99],
        ['bytes=1000-', 1000, file.length - 1],
        ['bytes=-500', file.length - 500, file.length - 1],
      ] as const) {
        const part = await get(url, { range });
        assert.equal(part.status, 206, range);
        assert.equal(part.headers.get('content-range'), `bytes ${start}-${end}/${file.length}`);
        assert.deepEqual(Buffer.from(await part.arrayBuffer()), file.subarray(start, end + 1), range);
      }
      const beyond = await get(url, { range: `bytes=${file.length}-` });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${file.length}`);
      assert.equal((await get(url, { 'if-none-match': `"${audio.textHash}"` })).status, 304);
      assert.equal((await get(`/audio/${seedId}/${'x'.repeat(22)}.mp3`)).status, 404, 'a stale hash is not served');
      assert.match(
        (await get(`${url}?download=1`)).headers.get('content-disposition') ?? '',
        /^attachment; filename="[\w-]+\.mp3"$/,
      );
    });

    it('offers the audio as a podcast', async () => {
      const parser = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'item' });
      const feed = parser.parse(await (await get('/podcast.xml')).text()) as {
        rss: {
          channel: {
            'podcast:guid': string;
            item: { link: string; enclosure: Record<string, string>; 'itunes:duration': string }[];
          };
        };
      };
      const item = feed.rss.channel.item.find((i) => i.link === site.baseUrl + SEED)!;
      const audio = (await getAudio(site.app.db, seedId))!;
      assert.equal(item.enclosure['@_type'], 'audio/mpeg');
      assert.equal(Number(item.enclosure['@_length']), audio.bytes);
      assert.equal(item.enclosure['@_url'], `${site.baseUrl}/audio/${seedId}/${audio.textHash}.mp3`);
      assert.match(item['itunes:duration'], /^\d+:\d\d$/);
      assert.match(
        feed.rss.channel['podcast:guid'],
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it('gives the podcast what Apple Podcasts and Podcast Index check: cover, owner, captions, chapters', async () => {
      const parser = new XMLParser({
        ignoreAttributes: false,
        isArray: (n) => n === 'item' || n === 'podcast:transcript',
      });
      const xml = await (await get('/podcast.xml')).text();
      const channel = (parser.parse(xml) as { rss: { channel: PodcastChannel } }).rss.channel;
      assert.deepEqual(podcastProblems(channel), []);
      const audio = (await getAudio(site.app.db, seedId))!;
      const item = channel.item.find((i) => i.link === site.baseUrl + SEED)!;
      const [vtt, html] = item['podcast:transcript'];
      assert.equal(vtt?.['@_type'], 'text/vtt');
      assert.equal(html?.['@_type'], 'text/html');
      const chaptersUrl = item['podcast:chapters']['@_url'];
      assert.equal(chaptersUrl, `${site.baseUrl}/audio/${seedId}/${audio.textHash}.chapters.json`);

      // The captions parse strictly and carry every sentence at its exact time.
      const captions = await get(String(vtt?.['@_url']).slice(site.baseUrl.length));
      assert.equal(captions.headers.get('content-type'), 'text/vtt; charset=utf-8');
      const cues = parseWebVtt(await captions.text());
      assert.deepEqual(
        cues.map((c) => [c.startMs, c.endMs]),
        audio.timings.map((t) => [t.startMs, t.endMs]),
      );
      const page = await (await get(SEED)).text();
      const spans = [...page.matchAll(/<span class="s" data-start="(\d+)" data-end="\d+">(.*?)<\/span>/g)];
      assert.deepEqual(
        cues.slice(1).map((c) => c.text),
        spans.slice(1).map((m) =>
          m[2]!
            .replace(/<[^>]+>/g, '')
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, '&'),
        ),
      );
      // The native player has them as its captions track.
      assert.ok(page.includes(`<track kind="captions" src="/audio/${seedId}/${audio.textHash}.vtt" srclang="de"`));

      const chapters = (await (await get(chaptersUrl.slice(site.baseUrl.length))).json()) as {
        version: string;
        chapters: { startTime: number; title: string }[];
      };
      assert.equal(chapters.version, '1.2.0');
      assert.deepEqual(
        chapters.chapters.map((c) => c.title),
        [
          'In Paris trifft sich die „Koalition der Willigen“',
          'Selenskyj kritisiert die USA',
          'Die Idee von Friedenstruppen scheint vom Tisch zu sein',
        ],
      );
      const second = chapters.chapters[1]!.startTime * 1000;
      assert.ok(
        audio.timings.some((t) => t.startMs === Math.round(second)),
        'a chapter starts where a sentence does',
      );

      const cover = await get(channel['itunes:image']['@_href']!.slice(site.baseUrl.length));
      assert.equal(cover.headers.get('content-type'), 'image/png');
      const png = Buffer.from(await cover.arrayBuffer());
      assert.equal(png.readUInt32BE(16), png.readUInt32BE(20), 'square');
    });

    it("offers a reader's follows as a private podcast, through the core's hook (Meine News)", async () => {
      const form = await (await get(`${SEED}/folgen`)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
      const followed = await fetch(`${site.baseUrl}/folgen`, {
        method: 'POST',
        body: new URLSearchParams({ csrf, follow: 'entity:ukraine', zurueck: '/meine-news' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        redirect: 'manual',
      });
      const cookie = followed.headers.get('set-cookie')!.split(';')[0]!;
      const myNews = await (await get('/meine-news', { cookie })).text();
      const path = /href="(\/meine-news\/[^"/]+\/podcast\.xml)"/.exec(myNews)?.[1];
      assert.ok(path, 'Meine News links the private podcast');
      const parser = new XMLParser({
        ignoreAttributes: false,
        isArray: (n) => n === 'item' || n === 'podcast:transcript',
      });
      const answer = await get(path);
      assert.equal(answer.headers.get('x-robots-tag'), 'noindex');
      const channel = (parser.parse(await answer.text()) as { rss: { channel: PodcastChannel } }).rss.channel;
      assert.deepEqual(podcastProblems(channel), []);
      assert.equal(channel['itunes:block'], 'Yes');
      assert.equal(channel.item[0]?.link, site.baseUrl + SEED);
      assert.equal((await get(path.replace(/\/podcast/, 'x/podcast'))).status, 404, 'a forged address finds nothing');
    });

    it('synthesises again only when the spoken text or the voice changes', async () => {
      const file = join(dir, 'seed.txt');
      const jobs = await jobCount();
      const first = (await getAudio(site.app.db, seedId))!;
      await reimport(file);
      assert.equal(await jobCount(), jobs, 'the same file again: no job');
      // A topic is not spoken: the article changes, its audio does not.
      const original = await readFile(file, 'utf8');
      await writeFile(file, original.replace(/^\s*date 2025-03.*$/m, '$&\ntopics: Ukraine'));
      const [changed] = await reimport(file);
      assert.ok(changed?.ok && changed.outcome === 'updated');
      assert.equal(await jobCount(), jobs, 'topics are not spoken: no job');
      assert.equal((await getAudio(site.app.db, seedId))!.textHash, first.textHash);
      // The spoken text changes: new audio replaces the old file.
      await writeFile(file, (await readFile(file, 'utf8')).replace('31 Ländern', '32 Ländern'));
      await reimport(file);
      assert.equal(await jobCount(), jobs + 1);
      await drain();
      const second = (await getAudio(site.app.db, seedId))!;
      assert.equal(second.state, 'ready');
      assert.notEqual(second.textHash, first.textHash);
      assert.deepEqual(
        await readdir(join(site.dataDir, 'files', 'audio', seedId)),
        [`${second.textHash}.mp3`],
        'the old file is gone, no temp files left',
      );
      // The lexicon is applied before synthesis: a new entry for a word in the text means new audio.
      await addLexiconEntry(site.app.db, 'Selenskyj', 'Selenski');
      await requestAudio(site.app, (site.app.features.speech as SpeechApp).speech, changed.article);
      await drain();
      assert.notEqual((await getAudio(site.app.db, seedId))!.textHash, second.textHash);
    });

    it('tells the truth when the engine fails and keeps the audio it had (local stand-in answering 500 for an OpenAI-compatible service)', async () => {
      const service: Server = createServer((_req, res) => res.writeHead(500).end('model crashed'));
      await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
      const runtime = (site.app.features.speech as SpeechApp).speech;
      const espeak = runtime.engine;
      const before = (await getAudio(site.app.db, seedId))!;
      runtime.engine = createEngine({
        kind: 'openai',
        url: `http://127.0.0.1:${(service.address() as AddressInfo).port}`,
        model: 'm',
        voice: 'v',
        timeoutMs: 2000,
      });
      try {
        const file = join(dir, 'seed.txt');
        await writeFile(file, (await readFile(file, 'utf8')).replace('32 Ländern', '33 Ländern'));
        await reimport(file);
        await drain();
        let audio = (await getAudio(site.app.db, seedId))!;
        assert.equal(audio.state, 'pending', 'a first failure is retried later');
        assert.match(audio.error ?? '', /answered 500/);
        // Every retry (the backoff skipped), to the last attempt: the record says failed, the page says so and
        // still renders.
        for (let i = 0; i < 10 && audio.state === 'pending'; i++) {
          await makeJobsDue(site.app.db, { name: 'speech.generate' });
          await drain();
          audio = (await getAudio(site.app.db, seedId))!;
        }
        assert.equal(audio.state, 'failed');
        const failed = await listJobs(site.app.db, { name: 'speech.generate', state: 'failed' });
        assert.deepEqual(
          failed.map((j) => j.attempts),
          [8],
          'given up after its eighth attempt',
        );
        const page = await get(SEED);
        assert.equal(page.status, 200);
        await new Promise((r) => setTimeout(r, 1100));
        assert.match(await (await get(SEED)).text(), /Die Audiofassung ist derzeit nicht verfügbar\./);
        const kept = await readFile(join(site.dataDir, 'files', before.fileKey!));
        assert.equal(kept.length, before.bytes, 'the audio made before is still there, whole');
      } finally {
        runtime.engine = espeak;
        service.close();
      }
    });

    it('records an article with nothing to say as failed, and the page still renders', async () => {
      await writeFile(join(dir, 'emoji.md'), '---\nid: emoji\nheadline: "🚀🚀"\ndate: 2025-03\nlead: "🎉"\n---\n');
      const [result] = await reimport(join(dir, 'emoji.md'));
      assert.ok(result?.ok);
      await drain();
      const audio = (await getAudio(site.app.db, result.article.id))!;
      assert.equal(audio.state, 'failed');
      assert.equal(audio.error, 'no speakable text');
      assert.equal((await get(`/artikel/${result.article.slug}`)).status, 200);
    });
  });
}
