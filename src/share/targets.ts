// Share targets: where each network's share form lives and how the article's title, text and URL go into it.
// Every URL is built here, on the server; nothing on our pages talks to a network before the reader clicks.

/** What is shared: the article (title and canonical URL) and, for a quote, the quote as text. */
export interface Shared {
  title: string;
  url: string;
  /** The quote ("„…“") or a short teaser; goes before title and URL where a target has one text field. */
  text?: string;
}

/** Targets that are links (counted on our server, then redirected); copy, print and the share sheet act in the page. */
export const LINK_TARGETS = [
  'mail',
  'whatsapp',
  'telegram',
  'threads',
  'x',
  'facebook',
  'linkedin',
  'xing',
  'bluesky',
  'reddit',
  'mastodon',
] as const;
export type LinkTarget = (typeof LINK_TARGETS)[number];

export const TARGET_NAMES: Record<LinkTarget, string> = {
  mail: 'E-Mail',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  threads: 'Threads',
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  xing: 'Xing',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  mastodon: 'Mastodon',
};

export const isLinkTarget = (t: string): t is LinkTarget => (LINK_TARGETS as readonly string[]).includes(t);

const q = encodeURIComponent;

/** One text for targets with a single field: quote or teaser, then title, then the URL. */
export function message(s: Shared): string {
  return [s.text, s.title, s.url].filter(Boolean).join('\n\n');
}

/**
 * The target's share URL. Facebook, LinkedIn and Xing take only the URL (they read title and image from our
 * Open Graph tags); Mastodon needs the reader's instance, checked by `instanceHost` first.
 */
export function targetUrl(target: LinkTarget, s: Shared, instance?: string): string {
  const withText = s.text ? `${s.text}\n\n${s.title}` : s.title;
  switch (target) {
    case 'mail':
      return `mailto:?subject=${q(s.title)}&body=${q(message({ ...s, title: '' }))}`;
    case 'whatsapp':
      return `https://wa.me/?text=${q(message(s))}`;
    case 'telegram':
      return `https://t.me/share/url?url=${q(s.url)}&text=${q(withText)}`;
    case 'threads':
      return `https://www.threads.net/intent/post?text=${q(message(s))}`;
    case 'x':
      return `https://x.com/intent/tweet?text=${q(withText)}&url=${q(s.url)}`;
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?u=${q(s.url)}`;
    case 'linkedin':
      return `https://www.linkedin.com/sharing/share-offsite/?url=${q(s.url)}`;
    case 'xing':
      return `https://www.xing.com/spi/shares/new?url=${q(s.url)}`;
    case 'bluesky':
      return `https://bsky.app/intent/compose?text=${q(message(s))}`;
    case 'reddit':
      return `https://www.reddit.com/submit?url=${q(s.url)}&title=${q(s.title)}`;
    case 'mastodon': {
      const host = instanceHost(instance ?? '');
      if (!host) throw new Error(`share: "${instance}" is not a Mastodon instance host name`);
      return `https://${host}/share?text=${q(message(s))}`;
    }
  }
}

/**
 * The host name of a Fediverse instance as a reader types it ("mastodon.social", "https://chaos.social/",
 * "@me@norden.social"), lower-cased and in ASCII; undefined unless it has the shape of a public host name.
 */
export function instanceHost(input: string): string | undefined {
  const bare = input
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^.*@/, '')
    .replace(/\/+$/, '');
  if (!bare || /[/?#:\\\s]/.test(bare)) return undefined;
  let host: string;
  try {
    host = new URL(`https://${bare}`).hostname;
  } catch {
    return undefined;
  }
  return HOST.test(host) ? host : undefined;
}

/** Labels of letters, digits and inner hyphens; at least two; a top-level label that is not a number. */
export const HOST = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The `text=` value of a URL text fragment for a quote (https://wicg.github.io/scroll-to-text-fragment/): a short
 * quote in full, a long one or one across paragraphs as its first and last words ("start,end"). `-`, `&` and `,`
 * are syntax there, so they are percent-encoded along with everything encodeURIComponent encodes.
 */
export function textDirective(quote: string): string {
  const blocks = quote
    .split(/\s*\n\s*/)
    .map((b) => b.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const first = (blocks[0] ?? '').split(' ');
  const last = (blocks.at(-1) ?? '').split(' ');
  if (blocks.length === 1 && first.length <= 8) return fragmentEncode(blocks[0]!);
  return `${fragmentEncode(first.slice(0, 4).join(' '))},${fragmentEncode(last.slice(-4).join(' '))}`;
}

export function fragmentEncode(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D');
}

/** A quote as readers see it shared: one line, typographic quotes in the article's language. */
export function quoteText(quote: string, language: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return language.startsWith('de') ? `„${flat}“` : `“${flat}”`;
}

/** Whether every paragraph of the quote appears in the article's text (so our links never carry made-up quotes). */
export function quoteInText(quote: string, articleText: string): boolean {
  const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
  const haystack = flat(articleText);
  const blocks = quote
    .split(/\s*\n\s*/)
    .map(flat)
    .filter(Boolean);
  return blocks.length > 0 && blocks.every((b) => haystack.includes(b));
}
