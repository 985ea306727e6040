import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdownBody } from './markdown-body.ts';
import { parseMarkdown } from './markdown.ts';

describe('Markdown body onto rich blocks', () => {
  it('keeps links, emphasis and strong as marks over the plain text', () => {
    const [p] = parseMarkdownBody('Der **Rat** tagt *heute* im [Rathaus](https://stadt.example/rathaus).\n');
    assert.deepEqual(p, {
      type: 'paragraph',
      text: 'Der Rat tagt heute im Rathaus.',
      marks: [
        { type: 'strong', start: 4, end: 7 },
        { type: 'em', start: 13, end: 18 },
        { type: 'link', start: 22, end: 29, href: 'https://stadt.example/rathaus' },
      ],
    });
  });
  it('keeps a hard line break as "\\n" and nested marks', () => {
    const [p] = parseMarkdownBody('Erste Zeile  \nzweite ***beides*** Ende\n');
    assert.equal(p?.type === 'paragraph' && p.text, 'Erste Zeile\nzweite beides Ende');
    assert.equal(p?.type === 'paragraph' && p.marks.length, 2);
  });
  it('reads lists, tables, subheadings, quotes with a source, dividers, info boxes and embeds', () => {
    const blocks = parseMarkdownBody(
      [
        '## Zwei',
        '### Drei',
        '- eins\n- *zwei*',
        '3. drittens\n4. viertens',
        '| Partei | Stimmen |\n|---|---:|\n| Grüne | 12 |',
        '> Ein Zitat\n> — Eine Sprecherin',
        '---',
        '```infobox Gut zu wissen\nDer Markt ist **montags** zu.\n\nZweiter Absatz.\n```',
        '<https://www.youtube.com/watch?v=abc>',
        '<https://stadt.example/>',
      ].join('\n\n'),
    );
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['subheading', 'subheading', 'list', 'list', 'table', 'quote', 'divider', 'infobox', 'embed', 'paragraph'],
    );
    assert.deepEqual(blocks[1], { type: 'subheading', level: 3, text: 'Drei', marks: [] });
    assert.deepEqual(blocks[2], {
      type: 'list',
      ordered: false,
      items: [
        { text: 'eins', marks: [] },
        { text: 'zwei', marks: [{ type: 'em', start: 0, end: 4 }] },
      ],
    });
    assert.deepEqual(blocks[3], {
      type: 'list',
      ordered: true,
      start: 3,
      items: [
        { text: 'drittens', marks: [] },
        { text: 'viertens', marks: [] },
      ],
    });
    assert.deepEqual(blocks[4], {
      type: 'table',
      header: true,
      align: [null, 'right'],
      rows: [
        [
          { text: 'Partei', marks: [] },
          { text: 'Stimmen', marks: [] },
        ],
        [
          { text: 'Grüne', marks: [] },
          { text: '12', marks: [] },
        ],
      ],
    });
    assert.deepEqual(blocks[5], { type: 'quote', text: 'Ein Zitat', marks: [], cite: 'Eine Sprecherin' });
    assert.deepEqual(blocks[7], {
      type: 'infobox',
      title: 'Gut zu wissen',
      paragraphs: [
        { text: 'Der Markt ist montags zu.', marks: [{ type: 'strong', start: 14, end: 21 }] },
        { text: 'Zweiter Absatz.', marks: [] },
      ],
    });
    assert.deepEqual(blocks[8], { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', network: 'YouTube' });
    assert.deepEqual(blocks[9], {
      type: 'paragraph',
      text: 'https://stadt.example/',
      marks: [{ type: 'link', start: 0, end: 22, href: 'https://stadt.example/' }],
    });
  });
  it('keeps raw HTML as text', () => {
    const [p] = parseMarkdownBody('Ein <script>alert(1)</script> und <b>fett</b>.\n');
    assert.deepEqual(p, { type: 'paragraph', text: 'Ein <script>alert(1)</script> und <b>fett</b>.', marks: [] });
  });

  const refused: [string, string, RegExp][] = [
    ['a javascript: link', '[x](javascript:alert(1))', /line 1: link "javascript:alert\(1\)" must use http/],
    ['an upper-case JavaScript: link', '[x](JaVaScRiPt:alert(1))', /must use http, https or mailto/],
    ['a javascript: link hidden by an entity', '[x](&#106;avascript:alert(1))', /must use http/],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD4=)', /must use http/],
    ['a vbscript: link', '[x](vbscript:msgbox)', /must use http/],
    ['a link with a tab in its scheme', '[x](<java\tscript:alert(1)>)', /link "java%09script:alert\(1\)" is not/],
    ['a link with a leading space', '[x](< javascript:alert(1)>)', /must use http/],
    ['a relative link', '[x](/artikel/a)', /not an absolute URL/],
    ['a link with credentials', '[x](https://user:pw@example.org/)', /no user name/],
    ['a javascript: autolink', '<javascript:alert(1)>', /must use http/],
    ['a code block', '```\ncode\n```', /line 1: a fenced block must be "```infobox Title"/],
    ['an info box without a title', '```infobox\nText\n```', /needs a title/],
    ['a list inside an info box', '```infobox T\n- a\n```', /an info box holds text only/],
    ['a nested list', '- a\n  - b', /line 2: a list item holds text only, not bullet_list/],
  ];
  for (const [name, input, reason] of refused)
    it(`refuses ${name} with the line`, () => assert.throws(() => parseMarkdownBody(input), reason));

  it('refuses a bad link in the front matter document with the line in the file body', () =>
    assert.throws(
      () => parseMarkdown('---\ndate: 2025-03\nheadline: H\n---\nText.\n\nMehr [hier](javascript:x).\n'),
      /line 3: link "javascript:x"/,
    ));
});

describe('Markdown import stays linear (ReDoS)', () => {
  // Inputs that made the old regexes quadratic (51 s for the first). A deadline far above a linear run turns a
  // hang into a named failure; it is not a speed assertion.
  const spaces = ' '.repeat(160_000);
  const cases: [string, string][] = [
    ['a heading with 160,000 spaces before its last word', `# a${spaces}b`],
    ['emphasis with 160,000 spaces', `*a${spaces}b`],
    ['strong with 160,000 spaces', `**a${spaces}b`],
    ['80,000 unclosed asterisks', '*a '.repeat(80_000)],
    ['80,000 unclosed underscores', '_a '.repeat(80_000)],
    ['80,000 unclosed link brackets', '[a '.repeat(80_000)],
  ];
  for (const [name, body] of cases)
    it(`parses ${name}`, { timeout: 20_000 }, () => {
      const blocks = parseMarkdownBody(body);
      assert.ok(blocks.length >= 1);
    });
});
