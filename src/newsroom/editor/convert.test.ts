// The editor's document and the content model, both ways: every block and mark survives the round trip, and a
// document the model cannot hold is refused with a reason that names it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block, ImageRef } from '../../article/index.ts';
import { DocumentError, fromDoc, toDoc, type DocJson } from './convert.ts';

const IMAGE: ImageRef = { id: 'a'.repeat(32), width: 1600, height: 900, focal: { x: 40, y: 30 }, shareBytes: 12345 };
const lookup = (id: string) => Promise.resolve(id === IMAGE.id ? IMAGE : undefined);
const src = (i: ImageRef) => `/bilder/${i.id}/full-800.webp`;

/** One of every block, with every mark, overlapping marks and a line break. */
const BODY: Block[] = [
  {
    type: 'paragraph',
    text: 'Ein Satz mit Link und fett kursiv.\nZweite Zeile.',
    marks: [
      { type: 'link', start: 12, end: 16, href: 'https://example.org/a?b=c' },
      { type: 'strong', start: 21, end: 33 },
      { type: 'em', start: 26, end: 33 },
    ],
  },
  { type: 'subheading', level: 2, text: 'Zwischentitel', marks: [] },
  { type: 'subheading', level: 3, text: 'Kleiner Titel', marks: [{ type: 'em', start: 0, end: 7 }] },
  { type: 'quote', text: 'Wir schaffen das.', marks: [], cite: 'Angela Merkel' },
  { type: 'quote', text: 'Ohne Quelle.', marks: [] },
  {
    type: 'list',
    ordered: false,
    items: [
      { text: 'Eins', marks: [{ type: 'strong', start: 0, end: 4 }] },
      { text: 'Zwei', marks: [] },
    ],
  },
  { type: 'list', ordered: true, items: [{ text: 'Drei', marks: [] }], start: 3 },
  { type: 'list', ordered: true, items: [{ text: 'Erstens', marks: [] }] },
  { type: 'infobox', title: 'Zum Thema', paragraphs: [{ text: 'Kasten', marks: [{ type: 'em', start: 0, end: 6 }] }] },
  {
    type: 'table',
    header: true,
    rows: [
      [
        { text: 'Partei', marks: [] },
        { text: 'Prozent', marks: [] },
      ],
      [
        { text: 'A', marks: [{ type: 'strong', start: 0, end: 1 }] },
        { text: '30', marks: [] },
      ],
    ],
    align: [null, 'right'],
  },
  { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', network: 'YouTube' },
  { type: 'divider' },
  {
    type: 'image',
    image: IMAGE,
    alt: 'Ein Bild',
    caption: { text: 'Unterschrift', marks: [{ type: 'em', start: 0, end: 5 }] },
    credit: 'Foto: Jemand',
  },
  { type: 'image', image: IMAGE, alt: 'Ohne Unterschrift' },
];

describe('editor document ↔ content model', () => {
  it('round-trips every block and mark unchanged', async () => {
    const doc = JSON.parse(JSON.stringify(toDoc(BODY, src))) as DocJson;
    assert.deepEqual(await fromDoc(doc, lookup), BODY);
  });

  it('round-trips each block on its own', async () => {
    for (const block of BODY) assert.deepEqual(await fromDoc(toDoc([block], src), lookup), [block], block.type);
  });

  it('gives an empty body as one empty paragraph and reads it back as no blocks', async () => {
    const doc = toDoc([], src);
    assert.deepEqual(doc, { type: 'doc', content: [{ type: 'paragraph' }] });
    assert.deepEqual(await fromDoc(doc, lookup), []);
  });

  it('merges touching spans of one mark', async () => {
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'ab', marks: [{ type: 'strong' }] },
            { type: 'text', text: 'cd', marks: [{ type: 'strong' }, { type: 'em' }] },
          ],
        },
      ],
    };
    assert.deepEqual(await fromDoc(doc, lookup), [
      {
        type: 'paragraph',
        text: 'abcd',
        marks: [
          { type: 'strong', start: 0, end: 4 },
          { type: 'em', start: 2, end: 4 },
        ],
      },
    ]);
  });

  const refused: [string, unknown, RegExp][] = [
    ['an unknown node', { type: 'doc', content: [{ type: 'script', content: [] }] }, /Unknown node type: script/],
    [
      'an unknown mark',
      {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'font' }] }] }],
      },
      /no mark type font/i,
    ],
    [
      'a block inside a paragraph',
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'divider' }] }] },
      /Invalid content/,
    ],
    [
      'a list item outside a list',
      { type: 'doc', content: [{ type: 'list_item', content: [{ type: 'paragraph' }] }] },
      /Invalid content/,
    ],
    ['no document at all', 'hello', /article model/],
    ['an empty document', { type: 'doc', content: [] }, /Invalid content/],
    [
      'a heading of level 1',
      { type: 'doc', content: [{ type: 'subheading', attrs: { level: 1 } }] },
      /level must be 2 or 3/,
    ],
    [
      'an image that was never uploaded',
      { type: 'doc', content: [{ type: 'figure', attrs: { id: 'b'.repeat(32), alt: 'x' } }] },
      /no stored image/,
    ],
    [
      'an image without alt text',
      { type: 'doc', content: [{ type: 'figure', attrs: { id: IMAGE.id, alt: ' ' } }] },
      /alt text/,
    ],
    [
      'a table with uneven rows',
      {
        type: 'doc',
        content: [
          {
            type: 'table',
            content: [
              { type: 'table_row', content: [{ type: 'table_cell' }, { type: 'table_cell' }] },
              { type: 'table_row', content: [{ type: 'table_cell' }] },
            ],
          },
        ],
      },
      /row 2 has 1 cells, the first row 2/,
    ],
    [
      'a merged table cell',
      {
        type: 'doc',
        content: [
          {
            type: 'table',
            content: [
              { type: 'table_row', content: [{ type: 'table_cell', attrs: { colspan: 2 } }] },
              { type: 'table_row', content: [{ type: 'table_cell' }, { type: 'table_cell' }] },
            ],
          },
        ],
      },
      /merged cells/,
    ],
  ];
  for (const [what, doc, reason] of refused)
    it(`refuses ${what}, naming it`, async () => {
      await assert.rejects(fromDoc(doc, lookup), (err: Error) => {
        assert.ok(err instanceof DocumentError);
        assert.match(err.message, reason);
        return true;
      });
    });
});
