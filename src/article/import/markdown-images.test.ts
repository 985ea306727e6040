// The Markdown image syntax: image paragraphs, captions with marks, credit and focal lines, the lead image field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdown } from './markdown.ts';

const article = (body: string, front = '') =>
  parseMarkdown(`---\ndate: 2025-03-27\nheadline: H\nlead: L\n${front}---\n\n${body}\n`);

describe('Markdown images', () => {
  it('make an image block with caption marks, credit and focal point from the lines below the image', () => {
    const { body } = article(
      'Davor.\n\n![Das Rathaus am Abend](bilder/rath%C3%A4us.jpg)\nDas *neue* Rathaus, [eröffnet](https://example.org/) 2024.\nFokus: 30 % 40 %\nFoto: Lena Hartmann\n\nDanach.',
    );
    assert.deepEqual(body[1], {
      type: 'image',
      image: { file: 'bilder/rathäus.jpg', focal: { x: 30, y: 40 } },
      alt: 'Das Rathaus am Abend',
      caption: {
        text: 'Das neue Rathaus, eröffnet 2024.',
        marks: [
          { type: 'em', start: 4, end: 8 },
          { type: 'link', start: 18, end: 26, href: 'https://example.org/' },
        ],
      },
      credit: 'Foto: Lena Hartmann',
    });
    assert.deepEqual(
      body.map((b) => b.type),
      ['paragraph', 'image', 'paragraph'],
    );
  });

  it('take a caption in quotes after the file', () => {
    const { body } = article('![Alt](a.png "Eine Unterschrift")\nGrafik: Redaktion');
    assert.deepEqual(body[0], {
      type: 'image',
      image: { file: 'a.png' },
      alt: 'Alt',
      caption: { text: 'Eine Unterschrift', marks: [] },
      credit: 'Grafik: Redaktion',
    });
  });

  const refused: [string, string, RegExp][] = [
    ['no alt text', '![](a.jpg)', /line \d+: image "a\.jpg" needs alt text/],
    ['a URL', '![Alt](https://example.org/a.jpg)', /must be a file next to the article, not a URL/],
    ['an image inside text', 'Text ![Alt](a.jpg) mehr', /an image starts a paragraph of its own/],
    ['text after the image on its line', '![Alt](a.jpg) und Text', /stands alone on its line/],
    ['two captions', '![Alt](a.jpg "Eins")\nZwei', /not both/],
    ['a focal point over 100', '![Alt](a.jpg)\nFokus: 130 % 40 %', /two percentages 0–100/],
  ];
  for (const [what, body, message] of refused) it(`refuse ${what}`, () => assert.throws(() => article(body), message));
});

describe('the leadImage front matter field', () => {
  it('holds path, alt, caption with marks, credit and focal point', () => {
    const { leadImage } = article(
      'Text.',
      'leadImage:\n  path: bilder/aufmacher.jpg\n  alt: Menschen auf dem Markt\n  caption: Der Markt am **Samstag**\n  credit: "Foto: Jan Meier"\n  focal: [20, 70]\n',
    );
    assert.deepEqual(leadImage, {
      image: { file: 'bilder/aufmacher.jpg', focal: { x: 20, y: 70 } },
      alt: 'Menschen auf dem Markt',
      caption: { text: 'Der Markt am Samstag', marks: [{ type: 'strong', start: 13, end: 20 }] },
      credit: 'Foto: Jan Meier',
    });
  });

  const refused: [string, string, RegExp][] = [
    ['without alt', 'leadImage:\n  path: a.jpg\n', /"leadImage" needs "alt"/],
    ['without path', 'leadImage:\n  alt: X\n', /"leadImage" needs "path"/],
    ['as text', 'leadImage: a.jpg\n', /must be a mapping/],
    ['with an unknown key', 'leadImage:\n  path: a.jpg\n  alt: X\n  size: 3\n', /unknown key "size"/],
    ['with a bad focal point', 'leadImage:\n  path: a.jpg\n  alt: X\n  focal: links\n', /"focal" is two percentages/],
    ['at a URL', 'leadImage:\n  path: http://example.org/a.jpg\n  alt: X\n', /not a URL/],
  ];
  for (const [what, front, message] of refused)
    it(`is refused ${what}`, () => assert.throws(() => article('Text.', front), message));
});
