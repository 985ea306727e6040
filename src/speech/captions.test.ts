import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Article } from '../article/index.ts';
import { ARTWORK_SIZE, renderArtwork } from './artwork.ts';
import { chapters, printedText, vttTime, webVtt } from './captions.ts';
import type { SentenceTiming } from './store.ts';
import { parseWebVtt } from './test-webvtt.ts';

const article: Pick<Article, 'headline' | 'lead' | 'body'> = {
  headline: 'Gipfel in Paris',
  lead: 'Es geht um <Hilfen> & mehr. Zweiter Satz --> hier.',
  body: [
    { type: 'subheading', level: 2, text: 'Was nun?', marks: [] },
    { type: 'paragraph', text: 'Ein Absatz.', marks: [] },
    {
      type: 'list',
      ordered: false,
      items: [
        { text: 'Erster Punkt.', marks: [] },
        { text: 'Zweiter.', marks: [] },
      ],
    },
    { type: 'subheading', level: 2, text: 'Danach', marks: [] },
    { type: 'infobox', title: 'Info', paragraphs: [{ text: 'Im Kasten.', marks: [] }] },
  ],
};

const at = (block: number, start: number, end: number, startMs: number, endMs: number, part?: number) =>
  ({ block, start, end, startMs, endMs, ...(part === undefined ? {} : { part }) }) satisfies SentenceTiming;

const timings: SentenceTiming[] = [
  at(-2, 0, 15, 0, 1200),
  at(-1, 0, 27, 1800, 4100),
  at(-1, 28, 50, 4100, 6000),
  at(0, 0, 8, 6600, 7500),
  at(1, 0, 11, 8100, 9000),
  at(2, 0, 13, 9300, 10_400, 0),
  at(2, 0, 8, 10_700, 11_300, 1),
  at(3, 0, 6, 11_900, 12_500),
  at(4, 0, 4, 13_100, 13_600, 0),
  at(4, 0, 10, 14_200, 3_725_042, 1),
];

describe('WebVTT from the sentence timings', () => {
  const cues = parseWebVtt(webVtt(article, timings));

  it('parses strictly, one cue per sentence, at its exact times', () => {
    assert.equal(cues.length, timings.length);
    assert.deepEqual(
      cues.map((c) => [c.startMs, c.endMs]),
      timings.map((t) => [t.startMs, t.endMs]),
    );
    assert.deepEqual(
      cues.map((c) => c.id),
      timings.map((_, i) => String(i + 1)),
    );
  });
  it('carries each sentence as printed, escaped where WebVTT needs it', () => {
    assert.deepEqual(
      cues.map((c) => c.text),
      timings.map((t) => printedText(article, t.block, t.part).slice(t.start, t.end)),
    );
    assert.equal(cues[1]!.text, 'Es geht um <Hilfen> & mehr.');
    assert.equal(cues[2]!.text, 'Zweiter Satz --> hier.');
    assert.equal(cues[6]!.text, 'Zweiter.');
    assert.equal(cues[9]!.text, 'Im Kasten.');
  });
  it('writes hours when a text runs over an hour', () => {
    assert.equal(vttTime(3_725_042), '01:02:05.042');
    assert.equal(vttTime(0), '00:00:00.000');
  });
  it('is refused by the checker when broken', () => {
    assert.throws(() => parseWebVtt('WEBVTT\n\n00:01.000 --> 00:00.500\nx\n'), /ends before it starts/);
    assert.throws(() => parseWebVtt('WEBVTT\n\n00:01.000 --> 00:02.000\na --> b\n'), /"-->"/);
    assert.throws(() => parseWebVtt('WEBVT\n\n'), /signature/);
  });
});

describe('chapters from the subheadings', () => {
  it('opens with the headline at 0 and starts each chapter where its subheading is read', () =>
    assert.deepEqual(chapters(article, timings), {
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Gipfel in Paris' },
        { startTime: 6.6, title: 'Was nun?' },
        { startTime: 11.9, title: 'Danach' },
      ],
    }));
});

describe('the podcast cover', () => {
  it('is a square RGB PNG Apple accepts (1400–3000 px, under 512 KB)', async () => {
    const png = await renderArtwork({ site: 'Blattwerk', subject: 'Meine News', label: 'Vorlesen' });
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.deepEqual([width, height], [ARTWORK_SIZE, ARTWORK_SIZE]);
    assert.ok(width >= 1400 && width <= 3000);
    assert.equal(png[25], 2, 'colour type 2: RGB without alpha');
    assert.ok(png.length < 512 * 1024, `${png.length} bytes`);
  });
});
