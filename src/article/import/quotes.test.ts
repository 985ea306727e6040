import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdown } from './markdown.ts';
import { parseMarkdownBody } from './markdown-body.ts';
import { parsePlainText } from './plaintext.ts';
import { typesetQuotes } from './quotes.ts';

describe('straight quotes in plain text', () => {
  const cases: [string, string, string][] = [
    ['de', 'die "Koalition der Willigen": Es', 'die „Koalition der Willigen“: Es'],
    ['de', '"In erster Linie" gehe es', '„In erster Linie“ gehe es'],
    ['de', 'erklärte: "Wir erwarten Entscheidungen." Doch', 'erklärte: „Wir erwarten Entscheidungen.“ Doch'],
    ['de', '("Klammer")', '(„Klammer“)'],
    ['de', 'er sagte – "so" – nichts', 'er sagte – „so“ – nichts'],
    ['en', 'the "coalition of the willing".', 'the “coalition of the willing”.'],
    ['en-GB', '"Yes," she said', '“Yes,” she said'],
    // Not quotes: inches, code, URLs.
    ['de', 'ein 12" Bildschirm', 'ein 12" Bildschirm'],
    ['de', 'tippe `echo "hallo"` ein', 'tippe `echo "hallo"` ein'],
    ['de', 'siehe https://x.example/?q="a" dort', 'siehe https://x.example/?q="a" dort'],
    ['de', 'auf "https://x.example/a". Dann', 'auf „https://x.example/a“. Dann'],
    ['de', 'Mail an mailto:a@b.example"x" hier', 'Mail an mailto:a@b.example"x" hier'],
    // A lone backtick is a character and does not hide the rest.
    ['de', 'ein ` und "so"', 'ein ` und „so“'],
    ['de', 'ein " allein', 'ein „ allein'],
  ];
  for (const [language, input, expected] of cases)
    it(`${language}: ${input}`, () => assert.equal(typesetQuotes(input, language), expected));

  it('typesets the lead, the body, the derived headline and the title header', () => {
    const a = parsePlainText(
      'date 2025-03\ntitle: Die "Willigen"\nkicker: "Gipfel"\n\nDer "Vorspann".\n\nEin "Absatz".\n',
    );
    assert.equal(a.headline, 'Die „Willigen“');
    assert.equal(a.kicker, '„Gipfel“');
    assert.equal(a.lead, 'Der „Vorspann“.');
    assert.equal(a.body[0]?.type === 'paragraph' && a.body[0].text, 'Ein „Absatz“.');
  });
  it('gives an English article English marks', () =>
    assert.equal(parsePlainText('date 2025-03\nlanguage: en\n\nThe "lead" here.\n').lead, 'The “lead” here.'));
  it('lets no quotation run over a paragraph end', () => {
    const a = parsePlainText('date 2025-03\n\nEr sagte: "Ja.\n\n"Nein", sagte sie.\n');
    assert.equal(a.lead, 'Er sagte: „Ja.');
    assert.equal(a.body[0]?.type === 'paragraph' && a.body[0].text, '„Nein“, sagte sie.');
  });
});

describe('straight quotes in Markdown', () => {
  const text = (md: string, language = 'de') => {
    const [b] = parseMarkdownBody(md, language);
    assert.ok(b?.type === 'paragraph');
    return b;
  };
  it('follows a quotation across marks', () =>
    assert.equal(text('Die "*Koalition*" tagt.\n').text, 'Die „Koalition“ tagt.'));
  it('leaves code spans, link targets, autolinks and escapes alone', () => {
    const p = text('Mit `a="b"` und [„Link“](https://x.example/?q="1") und <https://x.example/"y"> und \\"so\\".\n');
    assert.equal(p.text, 'Mit a="b" und „Link“ und https://x.example/"y" und "so".');
    assert.deepEqual(
      p.marks.filter((m) => m.type === 'link').map((m) => m.type === 'link' && m.href),
      ['https://x.example/?q=%221%22', 'https://x.example/%22y%22'],
    );
  });
  it('typesets link text, quotes, list items and info boxes', () => {
    const blocks = parseMarkdownBody(
      '[die "Seite"](https://x.example)\n\n> "Zitat"\n\n- "Punkt"\n\n```infobox Info\n"Kasten"\n```\n',
    );
    assert.deepEqual(
      blocks.map((b) =>
        b.type === 'paragraph' || b.type === 'quote'
          ? b.text
          : b.type === 'list'
            ? b.items[0]!.text
            : b.type === 'infobox'
              ? b.paragraphs[0]!.text
              : b.type,
      ),
      ['die „Seite“', '„Zitat“', '„Punkt“', '„Kasten“'],
    );
  });
  it('uses English marks in an English article, front matter included', () => {
    const a = parseMarkdown('---\ndate: 2025-03\nlanguage: en\nheadline: The "deal"\n---\nA "lead".\n\nMore.\n');
    assert.equal(a.headline, 'The “deal”');
    assert.equal(a.lead, 'A “lead”.');
  });
});

describe('the quote typesetter stays linear', () => {
  // A deadline far above a linear run turns a hang into a named failure; it is not a speed assertion.
  const cases: [string, string][] = [
    ['160,000 spaces', `"a${' '.repeat(160_000)}b"`],
    ['80,000 quotes', '"a '.repeat(80_000)],
    ['80,000 lone backticks and URLs', '` https://x.example/"a '.repeat(20_000)],
  ];
  for (const [name, text] of cases)
    it(`typesets ${name}`, { timeout: 20_000 }, () => assert.ok(typesetQuotes(text, 'de').length >= text.length));
});
