import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTarget as decode, HOSTILE_TITLE } from './testing.ts';
import {
  fragmentEncode,
  instanceHost,
  LINK_TARGETS,
  quoteInText,
  quoteText,
  targetUrl,
  textDirective,
} from './targets.ts';

const URL_ = 'https://news.example/artikel/hostile-slug';
const QUOTE = '„Wir sind bereit, Truppen zu schicken“, sagte er.';

describe('share targets', () => {
  it('every target URL decodes back to the exact title and canonical URL, for a hostile headline', () => {
    assert.equal(HOSTILE_TITLE.length, 500);
    for (const target of LINK_TARGETS) {
      const href = targetUrl(target, { title: HOSTILE_TITLE, url: URL_ }, 'mastodon.social');
      assert.match(href, /^[\x21-\x7e]+$/, `${target}: only printable ASCII, nothing left unencoded`);
      const got = decode(target, href);
      assert.equal(got.url, URL_, `${target}: url`);
      if (got.title !== undefined) assert.equal(got.title, HOSTILE_TITLE, `${target}: title`);
    }
  });

  it('carries a quote as text before title and a text-fragment URL', () => {
    const url = `${URL_}#:~:text=${textDirective(QUOTE)}`;
    const text = quoteText(QUOTE, 'de');
    for (const target of ['whatsapp', 'bluesky', 'telegram', 'x'] as const) {
      const href = targetUrl(target, { title: HOSTILE_TITLE, url, text });
      const params = new URL(href).searchParams;
      const all = [...params.values()].join('\n\n');
      assert.ok(params.get('text')!.startsWith(text), `${target}: quote first`);
      assert.ok(all.includes(HOSTILE_TITLE) && all.includes(url), `${target}: title and url`);
    }
    assert.equal(new URL(targetUrl('mail', { title: 'T', url, text })).searchParams.get('body'), `${text}\n\n${url}`);
  });

  it('uses the known share endpoints of each network', () => {
    const hosts = Object.fromEntries(
      LINK_TARGETS.map((t) => [t, new URL(targetUrl(t, { title: 't', url: URL_ }, 'chaos.social')).host || 'mailto']),
    );
    assert.deepEqual(hosts, {
      mail: 'mailto',
      whatsapp: 'wa.me',
      telegram: 't.me',
      threads: 'www.threads.net',
      x: 'x.com',
      facebook: 'www.facebook.com',
      linkedin: 'www.linkedin.com',
      xing: 'www.xing.com',
      bluesky: 'bsky.app',
      reddit: 'www.reddit.com',
      mastodon: 'chaos.social',
    });
    assert.throws(() => targetUrl('mastodon', { title: 't', url: URL_ }, 'not a host'), /not a Mastodon instance/);
  });

  it('accepts a Fediverse instance as readers type it and rejects what is not a host name', () => {
    const cases: [string, string | undefined][] = [
      ['mastodon.social', 'mastodon.social'],
      ['  Chaos.Social  ', 'chaos.social'],
      ['https://norden.social/', 'norden.social'],
      ['@lena@social.example.de', 'social.example.de'],
      ['mastodön.example', 'xn--mastodn-f1a.example'],
      ['xn--mastodn-f1a.example', 'xn--mastodn-f1a.example'],
      ['localhost', undefined],
      ['127.0.0.1', undefined],
      ['mastodon.social:8080', undefined],
      ['mastodon.social/share?x', undefined],
      ['evil.example#@good.example', 'good.example'],
      ['-bad.example', undefined],
      ['a..example', undefined],
      ['', undefined],
      ['<script>.example', undefined],
      ['javascript:alert(1)', undefined],
      [`${'a'.repeat(64)}.example`, undefined],
    ];
    for (const [input, want] of cases) assert.equal(instanceHost(input), want, JSON.stringify(input));
  });

  it('builds text fragments with "-", "&" and "," encoded, short quotes whole, long ones as start,end', () => {
    const cases: [string, string][] = [
      ['Koalition der Willigen', 'Koalition%20der%20Willigen'],
      ['Nord-Süd, A & B', 'Nord%2DS%C3%BCd%2C%20A%20%26%20B'],
      ['eins zwei drei vier fünf sechs sieben acht neun zehn', 'eins%20zwei%20drei%20vier,sieben%20acht%20neun%20zehn'],
      ['Erster Absatz endet.\n\nZweiter beginnt hier', 'Erster%20Absatz%20endet.,Zweiter%20beginnt%20hier'],
    ];
    for (const [quote, want] of cases) assert.equal(textDirective(quote), want, quote);
    assert.equal(decodeURIComponent(fragmentEncode('a-b,c&d')), 'a-b,c&d');
  });

  it('knows whether a quote is in the article, across paragraphs and whitespace', () => {
    const text = 'Titel\nErster Absatz  mit Text.\nZweiter Absatz.';
    assert.ok(quoteInText('Absatz mit Text.', text));
    assert.ok(quoteInText('mit Text.\n\nZweiter', text));
    assert.ok(!quoteInText('Erfunden', text));
    assert.ok(!quoteInText('  \n ', text));
  });
});
