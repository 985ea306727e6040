// The seed's plain-text format: a `date YYYY-MM[-DD]` line that may carry page furniture, optional `key: value`
// header lines, then paragraphs separated by blank lines. The first paragraph is the lead.
import { parsePublicationDate, plain, type ArticleInput, type Block } from '../model.ts';
import { splitSentences } from '../sentences.ts';
import { InputError, splitList } from './errors.ts';
import { typesetQuotes } from './quotes.ts';

export interface PlainTextOptions {
  headline?: string | undefined;
  importKey?: string | undefined;
}

const HEADER_KEYS = new Set(['title', 'kicker', 'authors', 'author', 'topics', 'language', 'source']);

/** Lines made only of reader controls ("Vorlesen 0:00 0:00 · News folgen · Artikel teilen") never reach the article. */
const FURNITURE =
  /^(?:\s|[·|•,\-–]|vorlesen|anh[öo]ren|\d{1,2}:\d{2}|news folgen|folgen|artikel teilen|teilen|merken|drucken|kommentare)*$/i;

export function parsePlainText(text: string, options: PlainTextOptions = {}): ArticleInput<never> {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) throw new InputError('the file is empty');
  const dateLine = /^\s*date\s+(\S+)(.*)$/i.exec(lines[first]!);
  if (!dateLine)
    throw new InputError('missing date: the first line must start with "date YYYY-MM" or "date YYYY-MM-DD"');
  const published = parsePublicationDate(dateLine[1]!);
  if (typeof published === 'string') throw new InputError(published);
  if (!FURNITURE.test(dateLine[2]!))
    throw new InputError(`unexpected text after the date on the first line: "${dateLine[2]!.trim().slice(0, 60)}"`);

  const headers = new Map<string, string>();
  let i = first + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const header = /^([a-z]+):\s*(.+)$/i.exec(line.trim());
    if (!header || !HEADER_KEYS.has(header[1]!.toLowerCase())) break;
    headers.set(header[1]!.toLowerCase(), header[2]!.trim());
  }

  const language = headers.get('language') ?? 'de';
  const typeset = (t: string | undefined) => (t === undefined ? undefined : typesetQuotes(t, language));
  const paragraphs = splitParagraphs(lines.slice(i))
    .filter((p) => !FURNITURE.test(p))
    .map((p) => typesetQuotes(p, language));
  const [lead, ...rest] = paragraphs;
  if (lead === undefined) throw new InputError('no text after the date line');
  const body: Block<never>[] = rest.map((p) =>
    isSubheading(p) ? { type: 'subheading', level: 2, ...plain(p) } : { type: 'paragraph', ...plain(p) },
  );

  const headline = options.headline ?? typeset(headers.get('title')) ?? headlineFromLead(lead, language);
  return {
    importKey: options.importKey,
    kicker: typeset(headers.get('kicker')),
    headline,
    lead,
    body,
    authors: splitList(headers.get('authors') ?? headers.get('author') ?? ''),
    topics: splitList(headers.get('topics') ?? ''),
    language,
    published,
    sourceUrl: headers.get('source'),
    status: 'published',
  };
}

function splitParagraphs(lines: string[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      if (current.length) paragraphs.push(current.join(' ').replace(/\s+/g, ' ').trim());
      current = [];
    } else {
      current.push(line.trim());
    }
  }
  return paragraphs;
}

/** German subheadings are short standalone lines with no closing full stop; they may end with "?" or "!". */
export function isSubheading(paragraph: string): boolean {
  if (paragraph.length > 100 || paragraph.split(' ').length > 14) return false;
  if (/[.,;:…–-]$/.test(paragraph)) return false;
  return /^[\p{Lu}\p{N}"„«‚']/u.test(paragraph);
}

/**
 * The lead's first sentence, or the part before its colon when that alone reads as a headline. Vorlesen's
 * sentence splitter finds the sentence, so "Nr. 7" or "z. B." do not end it.
 */
export function headlineFromLead(lead: string, language = 'de'): string {
  const sentence = splitSentences(lead, language.startsWith('en') ? 'en' : 'de')[0]?.text ?? lead;
  const colon = sentence.indexOf(': ');
  const beforeColon = colon > 0 ? sentence.slice(0, colon) : '';
  let headline = beforeColon.split(' ').length >= 3 ? beforeColon : sentence.replace(/\.$/, '');
  if (headline.length > 110) headline = `${headline.slice(0, 110).replace(/\s+\S*$/, '')} …`;
  return headline;
}
