import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdownBody } from '../import/markdown-body.ts';
import type { Block, ImageRef, RichText } from '../model.ts';
import { bodyMarkdown, inlineMarkdown } from './markdown.ts';

const image: ImageRef = { id: 'i1', width: 800, height: 600, focal: { x: 30, y: 70 }, shareBytes: 1 };
const name = () => 'bild.jpg';

/** Markdown → blocks, images back to refs (the parser yields file names). */
function roundTrip(body: Block[]): unknown {
  const md = bodyMarkdown(body, name);
  return parseMarkdownBody(md).map((b) =>
    b.type === 'image' ? { ...b, image: { ...image, focal: b.image.focal ?? { x: 50, y: 50 } } } : b,
  );
}

const p = (text: string, marks: RichText['marks'] = []): Block => ({ type: 'paragraph', text, marks });

// Text a reader or a hostile editor might type: every character Markdown could read as syntax.
const HOSTILE = [
  '# keine Überschrift',
  '## auch keine #',
  '1. Mai ist kein Listenpunkt',
  '2025) auch nicht',
  '- kein Punkt',
  '+ kein Punkt',
  '* kein Punkt',
  '> kein Zitat',
  '---',
  '===',
  '***',
  '___',
  '~~~ kein Zaun',
  '```js',
  '`code` bleibt Text',
  '*nicht kursiv* und _auch nicht_ und **nicht fett**',
  '[kein Link](https://example.org) und ![kein Bild](x.jpg)',
  '<script>alert(1)</script> und <https://www.youtube.com/watch?v=x>',
  '&amp; &lt; &#42; bleiben so',
  'a | b | c',
  'C:\\Pfad\\zur\\Datei\\',
  'Preis: 5 * 3 = 15, a_b_c, 2 < 3 > 1',
  '\\*escaped\\*',
];

describe('the content model as Markdown', () => {
  it('writes text that looks like Markdown so that it reads back as the same text', () => {
    for (const text of HOSTILE) assert.deepEqual(roundTrip([p(text)]), [p(text)], text);
    const lines = HOSTILE.join('\n');
    assert.deepEqual(roundTrip([p(lines)]), [p(lines)], 'the same at every line start after a line break');
  });

  it('writes marks, nested, at word edges and across line breaks', () => {
    const cases: Block[] = [
      p('Der Rat tagt heute im Rathaus.', [
        { type: 'strong', start: 4, end: 7 },
        { type: 'em', start: 13, end: 18 },
        { type: 'link', start: 22, end: 29, href: 'https://stadt.example/rathaus_(alt)?a=1&b=2' },
      ]),
      p('zweite beides Ende', [
        { type: 'strong', start: 7, end: 13 },
        { type: 'em', start: 7, end: 13 },
      ]),
      p('Wortteilbetonung', [{ type: 'em', start: 4, end: 8 }]),
      p('Erste Zeile\nzweite *Zeile*', [{ type: 'strong', start: 0, end: 18 }]),
      p('Ein [Link] mit *Sternen*', [{ type: 'link', start: 4, end: 24, href: 'mailto:rat@stadt.example' }]),
    ];
    for (const b of cases) assert.deepEqual(roundTrip([b]), [b]);
  });

  it('writes every block kind back to itself', () => {
    const body: Block[] = [
      { type: 'subheading', level: 2, text: 'Was # kostet | das?', marks: [{ type: 'em', start: 0, end: 3 }] },
      { type: 'subheading', level: 3, text: '# drei', marks: [] },
      { type: 'quote', text: 'Wir *bleiben*.\n— nicht die Quelle', marks: [], cite: 'Anna [Sprecherin]' },
      { type: 'quote', text: 'Ohne Quelle', marks: [] },
      {
        type: 'list',
        ordered: false,
        items: [
          { text: '- eins', marks: [] },
          { text: 'zwei\ndrei', marks: [] },
        ],
      },
      { type: 'list', ordered: false, items: [{ text: 'neue Liste', marks: [] }] },
      { type: 'list', ordered: true, start: 3, items: [{ text: '1. drittens', marks: [] }] },
      { type: 'list', ordered: true, items: [{ text: 'noch eine', marks: [] }] },
      {
        type: 'table',
        header: true,
        align: ['left', 'center', 'right', null],
        rows: [
          [p('A | B'), p('*'), p('`'), p('')].map((c) => ({ text: (c as RichText).text, marks: [] })),
          [
            { text: 'Grüne', marks: [{ type: 'strong', start: 0, end: 5 }] },
            { text: '1.', marks: [] },
            { text: '- 3', marks: [] },
            { text: 'x', marks: [] },
          ],
        ],
      },
      {
        type: 'infobox',
        title: 'Gut `zu` wissen & \\ mehr',
        paragraphs: [
          { text: '```', marks: [] },
          { text: '~~~ und **fett**', marks: [{ type: 'em', start: 0, end: 3 }] },
        ],
      },
      { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', network: 'YouTube' },
      { type: 'divider' },
      {
        type: 'image',
        image,
        alt: 'Der [Saal] mit *Gästen*',
        caption: { text: 'Die Eröffnung am Montag', marks: [{ type: 'strong', start: 17, end: 23 }] },
        credit: 'Foto: Jan_Meier',
      },
      {
        type: 'image',
        image: { ...image, focal: { x: 50, y: 50 } },
        alt: 'Ohne',
        caption: { text: 'Foto: so heißt es', marks: [] },
      },
    ];
    const parsed = roundTrip(body) as Block[];
    const embed = parsed.find((b) => b.type === 'embed');
    assert.ok(embed, 'the embed is read back');
    assert.deepEqual(
      parsed,
      body.map((b) => (b.type === 'embed' ? { ...b, network: embed.network } : b)),
    );
  });

  it('writes a caption for the front matter as one line', () => {
    const caption: RichText = { text: 'a *b*\nc', marks: [{ type: 'em', start: 0, end: 1 }] };
    assert.equal(inlineMarkdown(caption, false), '*a* \\*b\\*\\\nc');
  });
});
