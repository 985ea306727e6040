// What Apple Podcasts (Podcasts Connect's feed validation, "A Podcaster's Guide to RSS") and Podcast Index (the
// podcast namespace) check in a feed, over the feed as fast-xml-parser reads it (attributes as "@_name"). Each
// failed check is one line; an empty list means the feed passes. docs/architecture.md names the same checks.

type Attrs = Record<string, string>;

export interface PodcastItem {
  title?: string;
  link?: string;
  guid?: string | ({ '#text': string } & Attrs);
  pubDate?: string;
  description?: string;
  enclosure: Attrs;
  'itunes:duration'?: string;
  'itunes:explicit'?: string;
  'itunes:image'?: Attrs;
  'podcast:transcript': Attrs[];
  'podcast:chapters': Attrs;
}

export interface PodcastChannel {
  title?: string;
  link?: string;
  description?: string;
  language?: string;
  'atom:link'?: Attrs;
  'itunes:image': Attrs;
  'itunes:author'?: string;
  'itunes:owner'?: { 'itunes:name'?: string; 'itunes:email'?: string };
  'itunes:explicit'?: string | boolean;
  'itunes:category'?: Attrs & { 'itunes:category'?: Attrs };
  'itunes:block'?: string;
  'podcast:guid'?: string;
  'podcast:locked'?: string | ({ '#text': string } & Attrs);
  item: PodcastItem[];
}

/** Apple's category "News" and its subcategories (Apple Podcasts categories list). */
const NEWS = [
  'Daily News',
  'Politics',
  'News Commentary',
  'Business News',
  'Tech News',
  'Sports News',
  'Entertainment News',
];
const TRANSCRIPT_TYPES = [
  'text/vtt',
  'text/html',
  'application/json',
  'application/x-subrip',
  'application/srt',
  'text/plain',
];
const UUID5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const web = (url: string | undefined) => url !== undefined && /^https?:\/\/[^\s]+$/.test(url);
/** An element's text, whether the parser gave a string or an object with attributes. */
const text = (v: string | ({ '#text': string } & Attrs) | undefined): string =>
  typeof v === 'object' ? v['#text'] : (v ?? '');

export function podcastProblems(c: PodcastChannel): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(!!c.title?.trim(), 'channel: <title> is required');
  need(!!c.description?.trim(), 'channel: <description> is required');
  need(Buffer.byteLength(c.description ?? '') <= 4000, 'channel: <description> is over 4000 bytes');
  need(/^[a-z]{2,3}(?:-[A-Za-z]{2})?$/.test(c.language ?? ''), 'channel: <language> must be an ISO 639 code');
  need(web(c.link), 'channel: <link> must be the website');
  need(c['atom:link']?.['@_rel'] === 'self' && web(c['atom:link']['@_href']), 'channel: atom:link rel="self"');
  need(/^https?:\/\/\S+\.(?:png|jpe?g)$/.test(c['itunes:image']['@_href'] ?? ''), 'channel: itunes:image (PNG/JPEG)');
  need(['true', 'false'].includes(String(c['itunes:explicit'])), 'channel: itunes:explicit must be true or false');
  const category = c['itunes:category'];
  need(category?.['@_text'] === 'News', 'channel: itunes:category must be an Apple category');
  need(
    category?.['itunes:category'] === undefined || NEWS.includes(category['itunes:category']['@_text'] ?? ''),
    'channel: the itunes:category subcategory must be one of News',
  );
  need(!!c['itunes:author']?.trim(), 'channel: itunes:author');
  need(!!c['itunes:owner']?.['itunes:name']?.trim(), 'channel: itunes:owner with itunes:name');
  need(UUID5.test(c['podcast:guid'] ?? ''), 'channel: podcast:guid must be a UUIDv5');
  need(['yes', 'no'].includes(text(c['podcast:locked'])), 'channel: podcast:locked yes or no');
  need(c.item.length > 0, 'channel: at least one episode (Apple refuses an empty feed)');

  const guids = new Set<string>();
  const enclosures = new Set<string>();
  for (const [n, i] of c.item.entries()) {
    const at = `item ${n + 1}`;
    need(!!i.title?.trim(), `${at}: <title>`);
    need(!!i.description?.trim(), `${at}: <description>`);
    need(web(i.enclosure['@_url']) && Number(i.enclosure['@_length']) > 0, `${at}: enclosure url and length`);
    need(i.enclosure['@_type'] === 'audio/mpeg', `${at}: enclosure type audio/mpeg`);
    const guid = text(i.guid);
    need(guid !== '' && !guids.has(guid), `${at}: a unique <guid>`);
    guids.add(guid);
    need(!enclosures.has(i.enclosure['@_url'] ?? ''), `${at}: an enclosure URL used before`);
    enclosures.add(i.enclosure['@_url'] ?? '');
    need(!Number.isNaN(Date.parse(i.pubDate ?? '')) && /GMT$/.test(i.pubDate ?? ''), `${at}: RFC 2822 <pubDate>`);
    need(/^(?:\d+:)?\d{1,2}:\d\d$|^\d+$/.test(i['itunes:duration'] ?? ''), `${at}: itunes:duration`);
    need(['true', 'false'].includes(String(i['itunes:explicit'])), `${at}: itunes:explicit`);
    for (const t of i['podcast:transcript'])
      need(web(t['@_url']) && TRANSCRIPT_TYPES.includes(t['@_type'] ?? ''), `${at}: podcast:transcript url and type`);
    need(
      web(i['podcast:chapters']['@_url']) && i['podcast:chapters']['@_type'] === 'application/json+chapters',
      `${at}: podcast:chapters url and type`,
    );
  }
  return problems;
}
