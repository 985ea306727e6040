// The search benchmark's corpus: German news articles made from the demo texts and the seed, deterministic for a
// seed, no downloads. Function words and sentence shapes come from a word-level Markov chain over those texts;
// nouns are swapped for words of a large made-up vocabulary (compounds of the texts' nouns, inflected forms,
// names and places of the gazetteer) drawn with a Zipf distribution, so a few words are very common and most
// are rare, as in real news. Lengths are log-normal around 350 words, like agency reports and longer pieces mixed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ArticleInput, type Block, parsePublicationDate, plain } from '../src/article/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(ROOT, 'content/demo');
const SEED = join(ROOT, '../shared/seed/article-2025-03-koalition-der-willigen.txt');
const GAZETTEER = join(ROOT, 'src/follow/entities/data');

/** mulberry32: small, fast and the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The prose of the demo articles and the seed, without front matter, headings or image lines. */
function sourceText(): string {
  const files = readdirSync(DEMO)
    .filter((f) => f.endsWith('.md') || f.endsWith('.txt'))
    .map((f) => join(DEMO, f));
  const texts = [...files, SEED].map((f) => readFileSync(f, 'utf8'));
  // German prose only: the one English demo article would teach the chain English sentences.
  return texts
    .filter((raw) => !/^language: en$/m.test(raw))
    .map((raw) => {
      const body = raw.startsWith('---') ? raw.slice(raw.indexOf('\n---', 3) + 4) : raw;
      return body
        .split('\n')
        .filter((l) => l.trim() && !/^(#|!|>|date |title:|kicker:|authors:|topics:|Foto:|```)/.test(l.trim()))
        .join(' ');
    })
    .join(' ');
}

interface Vocabulary {
  /** Next tokens after each token (with repeats: frequency). "" starts a sentence. */
  chain: Map<string, string[]>;
  /** Made-up and real nouns, most common first. */
  nouns: string[];
  people: string[];
  places: string[];
  /** The texts' own nouns and names, replaced wherever they stand. */
  source: Set<string>;
}

const SUFFIXES = ['', '', '', 's', 'en', 'n', 'e', 'es', 'er'];
const JOINTS = ['', '', 's', 'en', 'n'];

function vocabulary(rand: () => number): Vocabulary {
  const tokens = sourceText()
    .split(/\s+/)
    .filter((t) => t && !/^[-–—•*_]+$/.test(t));
  const chain = new Map<string, string[]>();
  let previous = '';
  for (const t of tokens) {
    const next = chain.get(previous) ?? [];
    next.push(t);
    chain.set(previous, next);
    previous = /[.!?]["“”«»]?$/.test(t) ? '' : t;
  }
  const baseNouns = [
    ...new Set(tokens.map((t) => t.replace(/[^\p{L}-]/gu, '')).filter((t) => /^\p{Lu}\p{Ll}{3,}$/u.test(t))),
  ];
  const nouns = new Set<string>(baseNouns);
  // Compounds as German builds them: Haushalt + s + debatte. 60,000 of them make the long tail.
  while (nouns.size < 60_000) {
    const a = baseNouns[Math.floor(rand() * baseNouns.length)]!;
    const b = baseNouns[Math.floor(rand() * baseNouns.length)]!;
    if (a === b) continue;
    const joint = JOINTS[Math.floor(rand() * JOINTS.length)]!;
    nouns.add(`${a}${joint}${b.toLowerCase()}${SUFFIXES[Math.floor(rand() * SUFFIXES.length)]}`);
  }
  // Ranks as in a real archive: the everyday nouns of news lead, the texts' own nouns ("Koalition", "Gipfel")
  // are spread log-uniformly over ranks 50 to 20,000 (a few percent of articles down to a handful), compounds
  // fill the rest. Drawn by `zipf`, rank 1 is in about 60 % of the articles, rank 100 in about 10 %.
  const tail = [...nouns].slice(baseNouns.length);
  for (let i = tail.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [tail[i], tail[j]] = [tail[j]!, tail[i]!];
  }
  const everyday = new Set(EVERYDAY_NOUNS);
  for (const n of baseNouns)
    if (!everyday.has(n)) tail.splice(Math.floor(Math.exp(Math.log(50) + rand() * Math.log(400))), 0, n);
  tail.unshift(...EVERYDAY_NOUNS);
  const json = (f: string) => JSON.parse(readFileSync(join(GAZETTEER, f), 'utf8')) as { name: { de: string } }[];
  const given = JSON.parse(readFileSync(join(GAZETTEER, 'given-names.json'), 'utf8')) as string[];
  // Shuffled: the gazetteer lists the seed's people first, who would otherwise lead every article.
  const people = json('people.json').map((p) => p.name.de);
  for (let i = people.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [people[i], people[j]] = [people[j]!, people[i]!];
  }
  const surnames = people.map((p) => p.split(' ').at(-1)!);
  for (let i = 0; i < 3000; i++)
    people.push(
      `${given[Math.floor(rand() * given.length)]} ${surnames[Math.floor(rand() * surnames.length)]}${['', 'er', 'mann', 'ski', 'ow'][i % 5]}`,
    );
  const places = json('places.json').map((p) => p.name.de);
  const source = new Set([...baseNouns, ...surnames.slice(0, json('people.json').length)]);
  return { chain, nouns: tail, people, places, source };
}

/** The commonest nouns of German news, most common first (frequency lists of newspaper corpora, from memory). */
const EVERYDAY_NOUNS = [
  'Jahr', 'Prozent', 'Euro', 'Millionen', 'Menschen', 'Zeit', 'Stadt', 'Regierung', 'Land', 'Tag', 'Woche',
  'Ende', 'Frage', 'Polizei', 'Unternehmen', 'Milliarden', 'Kinder', 'Bundesregierung', 'Beginn', 'Angaben',
  'Präsident', 'Monate', 'Welt', 'Leben', 'Arbeit', 'Partei', 'Geld', 'Kritik', 'Teil', 'Zahl', 'Saison',
  'Spiel', 'Grund', 'Problem', 'Stunden', 'Minuten', 'Ziel', 'Schule', 'Gericht', 'Familie',
]; // prettier-ignore

/**
 * Zipf–Mandelbrot ranks (weight 1 / (rank + 10)) by inverse CDF on a precomputed table: the offset flattens the
 * head, so the commonest noun is in about 60 % of the articles rather than all of them, as in real news.
 */
function zipf(n: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 10);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export const TOPICS = [
  'Ukraine', 'Europa', 'Auenstadt', 'Bildung', 'Verkehr', 'Klima', 'Wirtschaft', 'Kultur', 'Sport', 'Gesundheit',
  'Wohnen', 'Digitales', 'Justiz', 'Migration', 'Energie', 'Landwirtschaft', 'Wissenschaft', 'Bundestag',
  'Kommunalpolitik', 'Umwelt', 'Sicherheit', 'Arbeit', 'Finanzen', 'Medien', 'Gesellschaft', 'Reise', 'Technik',
  'Nahost', 'USA', 'China', 'Afrika', 'Lateinamerika', 'Asien', 'Landtag', 'Polizei', 'Feuerwehr', 'Schule',
  'Hochschule', 'Theater', 'Musik', 'Literatur', 'Film', 'Fußball', 'Handball', 'Radsport', 'Wetter', 'Haushalt',
  'Rente', 'Steuern', 'Bahn',
]; // prettier-ignore

export interface CorpusOptions {
  count: number;
  seed?: number;
}

/** A generated article, ready for the store: its input and a few figures for queries to aim at. */
export interface CorpusArticle {
  input: ArticleInput;
  words: number;
}

/** Yields `count` articles; the same seed gives the same corpus. */
export function* corpus(options: CorpusOptions): Generator<CorpusArticle> {
  const rand = random(options.seed ?? 20251127);
  const v = vocabulary(rand);
  const noun = zipf(v.nouns.length, rand);
  const person = zipf(v.people.length, rand);
  const place = zipf(v.places.length, rand);
  const topic = zipf(TOPICS.length, rand);
  const authors = Array.from({ length: 200 }, (_, i) => v.people[v.people.length - 1 - i]!);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;

  /** An article's own subjects: it comes back to them, as real articles do (term frequency for the ranking). */
  let theme: string[] = [];

  function word(token: string, first: boolean): string {
    // Nouns (capitalised, not at a sentence's start, or one of the texts' nouns anywhere) all become words of
    // the big vocabulary: kept, the few texts' own nouns would be in most articles. Quotes around them stay.
    const lead = /^[„"“‚'(]*/u.exec(token)![0];
    const core = token.slice(lead.length).replace(/[^\p{L}].*$/u, '');
    if (!v.source.has(core) && (first || !/^\p{Lu}\p{Ll}{3,}/u.test(core))) return token;
    const tail = token.slice(lead.length + core.length);
    const r = rand();
    const w = r < 0.15 ? pick(theme) : r < 0.23 ? v.people[person()]! : r < 0.3 ? v.places[place()]! : v.nouns[noun()]!;
    return lead + w + tail;
  }

  function sentence(): string {
    const out: string[] = [];
    let t = '';
    for (let i = 0; i < 40; i++) {
      const next = v.chain.get(t);
      if (!next) break;
      t = pick(next);
      out.push(word(t, i === 0));
      if (/[.!?]["“”«»]?$/.test(t)) break;
    }
    const s = out.join(' ');
    return /[.!?]["“”«»]?$/.test(s) ? s : `${s}.`;
  }

  function sentences(words: number): string {
    const out: string[] = [];
    let n = 0;
    while (n < words) {
      const s = sentence();
      out.push(s);
      n += s.split(' ').length;
    }
    return out.join(' ');
  }

  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;
  for (let i = 0; i < options.count; i++) {
    theme = [v.nouns[noun()]!, v.nouns[noun()]!, v.nouns[noun()]!, v.people[person()]!, v.places[place()]!];
    const words = Math.round(Math.min(2500, Math.max(80, Math.exp(Math.log(350) + 0.6 * gauss()))));
    const lead = sentences(30);
    const body: Block[] = [];
    let written = 0;
    while (written < words) {
      const length = 40 + Math.floor(rand() * 80);
      if (body.length && rand() < 0.12) body.push({ type: 'subheading', level: 2, ...plain(sentence().slice(0, 60)) });
      else body.push({ type: 'paragraph', ...plain(sentences(length)) });
      written += length;
    }
    const headline = sentence()
      .replace(/[.!?]$/, '')
      .split(' ')
      .slice(0, 10)
      .join(' ');
    const day = new Date(start + Math.floor(rand() * span)).toISOString().slice(0, 10);
    const published = parsePublicationDate(day);
    if (typeof published === 'string') throw new Error(`bench: bad date ${day}: ${published}`);
    const topics = [...new Set([TOPICS[topic()]!, ...(rand() < 0.5 ? [TOPICS[topic()]!] : [])])];
    yield {
      words,
      input: {
        importKey: `bench-${i}`,
        kicker: rand() < 0.8 ? v.nouns[noun()]! : undefined,
        headline: headline.slice(0, 300),
        lead,
        body,
        authors: [pick(authors), ...(rand() < 0.2 ? [pick(authors)] : [])].filter((a, j, all) => all.indexOf(a) === j),
        topics,
        language: 'de',
        published,
        // One in fifty is a draft: the benchmark's queries must never return it.
        status: rand() < 0.02 ? 'draft' : 'published',
      },
    };
  }
}
