import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { type Article, blockTexts, plain, readArticleFile } from '../article/index.ts';
import { describe, it } from 'node:test';
import { HEADING_PAUSE_MS, headlineRepeatsLead, PARAGRAPH_PAUSE_MS, speakableSentences } from './speakable.ts';

const article: Pick<Article, 'headline' | 'lead' | 'body'> = {
  headline: 'Koalition der Willigen: Was nun?',
  lead: 'In Paris treffen sich Vertreter aus 31 Ländern. Es geht um die Ukraine.',
  body: [
    { type: 'paragraph', text: 'Am 3. März sprach Selenskyj. Er sagte viel.', marks: [] },
    { type: 'subheading', level: 2, text: '  Selenskyj kritisiert die USA  ', marks: [] },
    { type: 'paragraph', text: 'Die US-Regierung schweigt. 😀', marks: [] },
    { type: 'quote', text: '„Wir erwarten Entscheidungen.“', marks: [] },
    { type: 'paragraph', text: '   ', marks: [] },
  ],
};
const lexicon = [{ word: 'Selenskyj', spoken: 'Selenski' }];

describe('speakableSentences', () => {
  const sentences = speakableSentences(article, 'de', lexicon);

  it('reads headline, lead and body blocks in order, one entry per sentence', () => {
    assert.deepEqual(
      sentences.map((s) => [s.blockIndex, s.sentenceIndex]),
      [
        [-2, 0],
        [-1, 0],
        [-1, 1],
        [0, 0],
        [0, 1],
        [1, 0],
        [2, 0],
        [3, 0],
      ],
    );
  });

  it('applies the lexicon, then normalises', () => {
    assert.deepEqual(
      sentences.map((s) => s.spoken),
      [
        'Koalition der Willigen: Was nun?',
        'In Paris treffen sich Vertreter aus einunddreißig Ländern.',
        'Es geht um die Ukraine.',
        'Am dritten März sprach Selenski.',
        'Er sagte viel.',
        'Selenski kritisiert die U S A',
        'Die U S Regierung schweigt.',
        'Wir erwarten Entscheidungen.',
      ],
    );
  });

  it("gives offsets into each block's printed text", () => {
    const blockText = (index: number): string =>
      index === -2 ? article.headline : index === -1 ? article.lead : (blockTexts(article.body[index]!)[0]?.text ?? '');
    for (const s of sentences) assert.equal(blockText(s.blockIndex).slice(s.start, s.end), s.original);
    assert.deepEqual(
      sentences.find((s) => s.blockIndex === 1),
      {
        blockIndex: 1,
        part: 0,
        sentenceIndex: 0,
        start: 2,
        end: 30,
        original: 'Selenskyj kritisiert die USA',
        spoken: 'Selenski kritisiert die U S A',
        pauseAfterMs: HEADING_PAUSE_MS,
      },
    );
  });

  it('drops sentences with nothing to say and pauses after the last one spoken', () => {
    const paragraph = sentences.filter((s) => s.blockIndex === 2);
    assert.equal(paragraph.length, 1);
    assert.equal(paragraph[0]?.pauseAfterMs, PARAGRAPH_PAUSE_MS);
  });

  it('pauses 600 ms after headings, 300 ms after a paragraph, 0 ms inside one', () => {
    assert.deepEqual(
      sentences.map((s) => s.pauseAfterMs),
      [600, 0, 300, 0, 300, 600, 300, 300],
    );
  });

  it('keeps a headline with several sentences as one entry', () => {
    const [headline] = speakableSentences(
      { headline: 'Was nun? Europa sucht Antworten.', lead: '', body: [] },
      'de',
      [],
    );
    assert.equal(headline?.original, 'Was nun? Europa sucht Antworten.');
  });

  it('returns nothing for an empty article', () => {
    assert.deepEqual(speakableSentences({ headline: '', lead: ' ', body: [] }, 'de', []), []);
  });

  it('reads links as their text, list items and info boxes one by one, and leaves tables and embeds out', () => {
    const link = { type: 'link' as const, start: 4, end: 10, href: 'https://example.org/' };
    const spoken = speakableSentences(
      {
        headline: '',
        lead: '',
        body: [
          { type: 'paragraph', text: 'Der Rathaus-Link steht hier.', marks: [link] },
          { type: 'list', ordered: false, items: [plain('Erstens Brot'), plain('Zweitens Milch')] },
          { type: 'infobox', title: 'Gut zu wissen', paragraphs: [plain('Der Markt ist montags zu.')] },
          { type: 'table', header: true, rows: [[plain('Partei')], [plain('Stimmen')]], align: [null] },
          { type: 'embed', url: 'https://vimeo.com/1', network: 'Vimeo' },
          { type: 'divider' },
        ],
      },
      'de',
      [],
    );
    assert.deepEqual(
      spoken.map((s) => [s.blockIndex, s.part, s.original]),
      [
        [0, 0, 'Der Rathaus-Link steht hier.'],
        [1, 0, 'Erstens Brot'],
        [1, 1, 'Zweitens Milch'],
        [2, 0, 'Gut zu wissen'],
        [2, 1, 'Der Markt ist montags zu.'],
      ],
    );
  });

  it('reads English articles with English rules', () => {
    const [lead] = speakableSentences({ headline: '', lead: 'Mr. Smith paid $5.', body: [] }, 'en', []);
    assert.equal(lead?.spoken, 'Mister Smith paid five dollars.');
  });
});

describe('a headline the lead begins with', () => {
  it("is read once, as the lead: the seed's headline is its lead's first clause", async () => {
    const seed = new URL('../../../shared/seed/article-2025-03-koalition-der-willigen.txt', import.meta.url);
    const article = await readArticleFile({ path: fileURLToPath(seed), key: 'seed.txt' });
    assert.equal(article.headline, 'In Paris trifft sich die „Koalition der Willigen“');
    const [first, second] = speakableSentences(article, 'de', []);
    assert.equal(first?.blockIndex, -1, 'the voice starts with the lead');
    assert.match(first.original, /^In Paris trifft sich die „Koalition der Willigen“: Es geht um Hilfen/);
    assert.equal(second?.blockIndex, -1);
  });

  it('ignores case, quotes, punctuation and the cut "…" of a long derived headline', () => {
    for (const [headline, lead] of [
      [
        'In Paris trifft sich die „Koalition der Willigen“',
        'In Paris trifft sich die "Koalition der Willigen": Es geht los.',
      ],
      ['Die Linie Nr. 7 fährt wieder', 'Die Linie Nr. 7 fährt wieder. Ab Montag.'],
      ['Der Rat beschließt den Haushalt …', 'Der Rat beschließt den Haushalt für 2026 und 2027 nach langer Debatte.'],
      ['berlin wählt', 'Berlin wählt!'],
    ])
      assert.equal(headlineRepeatsLead(headline!, lead!), true, headline);
  });

  it('is read when it says something else, or only part of a word the lead begins with', () => {
    for (const [headline, lead] of [
      ['Was nun?', 'In Paris treffen sich Vertreter aus 31 Ländern.'],
      ['In Paris trifft sich die Koalition der Willigen heute', 'In Paris trifft sich die Koalition der Willigen.'],
      ['Berlin', 'Berliner wählen.'],
      ['', 'Berlin wählt.'],
      ['🚀', '🚀 Start.'],
    ])
      assert.equal(headlineRepeatsLead(headline!, lead!), false, headline);
    assert.equal(
      speakableSentences({ headline: 'Was nun?', lead: 'Es geht los.', body: [] }, 'de', [])[0]?.blockIndex,
      -2,
    );
  });
});

describe('a very long article', () => {
  it('reads 100,000 characters with emoji and CJK inside German text, dropping what no voice has', () => {
    const p = 'Am 3. März 2025 trafen sich Vertreter aus 31 Ländern in Paris – u. a. die EU und die Nato 🚀 漢字. ';
    const text = p.repeat(Math.ceil(100_000 / p.length));
    const sentences = speakableSentences(
      { headline: 'Lang', lead: 'Kurz.', body: [{ type: 'paragraph', text, marks: [] }] },
      'de',
      [],
    );
    assert.equal(sentences.length, 2 + Math.ceil(100_000 / p.length));
    const last = sentences.at(-1)!;
    assert.equal(text.slice(last.start, last.end), last.original);
    assert.equal(
      last.spoken,
      'Am dritten März zweitausendfünfundzwanzig trafen sich Vertreter aus einunddreißig Ländern in Paris, unter anderem die E U und die Nato.',
    );
    assert.ok(sentences.every((s) => !/[\p{Extended_Pictographic}\p{Script=Han}]/u.test(s.spoken)));
  });
});
