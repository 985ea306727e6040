import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockHtml, inlineHtml, textKey, type RenderContext, type SentenceMark } from './rich.ts';
import type { Block, RichText } from './model.ts';

const ctx = (sentences?: [number, number][]): RenderContext => ({
  baseUrl: 'https://zeitung.example',
  embedLabel: (n) => `Beitrag auf ${n} öffnen`,
  sentences: sentences
    ? new Map([
        [
          textKey(0),
          sentences.map(([start, end]): SentenceMark => ({ start, end, attrs: { 'data-start': String(start) } })),
        ],
      ])
    : undefined,
});

/** Every opened tag closed in order: the markup nests. */
function nests(markup: string): boolean {
  const stack: string[] = [];
  for (const [, close, name] of markup.matchAll(/<(\/?)(\w+)[^>]*>/g)) {
    if (name === 'br') continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('rich text to HTML', () => {
  const rt: RichText = {
    text: 'Der Rat tagt. Im Rathaus wird gewählt.',
    marks: [
      { type: 'strong', start: 4, end: 18 },
      { type: 'link', start: 17, end: 24, href: 'https://stadt.example/' },
      { type: 'em', start: 25, end: 29 },
    ],
  };
  it('renders marks nested, external links marked', () => {
    assert.equal(
      inlineHtml(rt, ctx()).value,
      'Der <strong>Rat tagt. Im <a class="ext" href="https://stadt.example/" rel="noopener">R</a></strong><a class="ext" href="https://stadt.example/" rel="noopener">athaus</a> <em>wird</em> gewählt.',
    );
  });
  it('puts sentence spans outside the marks and cuts marks, never words, at sentence ends', () => {
    const out = inlineHtml(
      rt,
      ctx([
        [0, 13],
        [14, 38],
      ]),
      textKey(0),
    ).value;
    assert.ok(nests(out), out);
    assert.equal(
      out,
      '<span class="s" data-start="0">Der <strong>Rat tagt.</strong></span>' +
        '<strong> </strong>' +
        '<span class="s" data-start="14"><strong>Im <a class="ext" href="https://stadt.example/" rel="noopener">R</a></strong><a class="ext" href="https://stadt.example/" rel="noopener">athaus</a> <em>wird</em> gewählt.</span>',
    );
    const words = (s: string) => s.replace(/<[^>]+>/g, '');
    assert.equal(words(out), rt.text);
  });
  it('links only safe targets and escapes everything else', () => {
    const hostile: RichText = {
      text: '<script>alert(1)</script> "x" & y',
      marks: [
        { type: 'link', start: 0, end: 5, href: 'javascript:alert(1)' },
        { type: 'link', start: 6, end: 9, href: 'https://a.example/"><script>' },
        { type: 'em', start: 30, end: 99 },
      ],
    };
    const out = inlineHtml(hostile, ctx()).value;
    assert.equal(out, '&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; y');
  });
  it('never nests a link in a link', () => {
    const out = inlineHtml(
      {
        text: 'aussen innen',
        marks: [
          { type: 'link', start: 0, end: 12, href: 'https://a.example/' },
          { type: 'link', start: 7, end: 12, href: 'https://b.example/' },
        ],
      },
      ctx(),
    ).value;
    assert.equal(out.match(/<a /g)?.length, 1, out);
    assert.ok(nests(out), out);
  });
  it('links to this site are not marked external; line breaks become <br>', () => {
    const out = inlineHtml(
      { text: 'a\nb', marks: [{ type: 'link', start: 2, end: 3, href: 'https://zeitung.example/x' }] },
      ctx(),
    ).value;
    assert.equal(out, 'a<br><a href="https://zeitung.example/x">b</a>');
  });
  it('renders every block kind as valid, escaped markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const p = (text: string): RichText => ({ text, marks: [] });
    const blocks: Block[] = [
      { type: 'subheading', level: 3, ...p(evil) },
      { type: 'quote', ...p(evil), cite: evil },
      { type: 'list', ordered: true, items: [p(evil), p('b')] },
      { type: 'infobox', title: evil, paragraphs: [p(evil)] },
      { type: 'table', header: true, rows: [[p(evil)], [p('1')]], align: ['right'] },
      { type: 'embed', url: 'https://vimeo.com/1?a=1&b=%22', network: evil },
      { type: 'embed', url: 'javascript:alert(1)', network: 'X' },
      { type: 'divider' },
    ];
    const out = blocks.map((b, i) => blockHtml(b, i, ctx()).value).join('');
    assert.ok(!out.includes('<img'), out);
    assert.ok(!out.includes('javascript:'), out);
    assert.ok(nests(out.replace(/<hr>/g, '')), out);
    assert.match(out, /<h3>&lt;img/);
    assert.match(out, /<ol><li>&lt;img[^<]*<\/li><li>b<\/li><\/ol>/);
    assert.match(
      out,
      /<thead><tr><th scope="col" class="al-right">&lt;img[^<]*<\/th><\/tr><\/thead><tbody><tr><td class="al-right">1<\/td><\/tr><\/tbody>/,
    );
    assert.match(
      out,
      /<a class="ext" href="https:\/\/vimeo.com\/1\?a=1&amp;b=%22" rel="noopener"><strong>Beitrag auf Vimeo öffnen/,
    );
  });
});
