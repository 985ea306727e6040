// Link targets in article text: http, https and mailto only, checked when text comes in and again when it is
// rendered, so a stored `javascript:` can never become a live link. Embeds are links to known networks.

const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * The normalised URL for a link written in an article, or a reason it is refused. Whitespace, control characters
 * and backslashes are refused rather than cleaned up: browsers strip or reinterpret them (`java\tscript:`).
 */
export function checkHref(raw: string): { href: string } | { error: string } {
  const shown = JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
  if (/[\s\u0000-\u001f\u007f\\]/.test(raw))
    return { error: `link ${shown} contains whitespace or control characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `link ${shown} is not an absolute URL (http, https or mailto)` };
  }
  if (!SCHEMES.has(url.protocol)) return { error: `link ${shown} must use http, https or mailto` };
  if (url.protocol !== 'mailto:' && (url.hostname === '' || url.username !== '' || url.password !== ''))
    return { error: `link ${shown} needs a host and no user name or password` };
  return { href: url.href };
}

/** True when `href` is what `checkHref` would keep: the renderer links nothing else. */
export function isSafeHref(href: string): boolean {
  const checked = checkHref(href);
  return 'href' in checked && checked.href === href;
}

/** True for a link that leaves this site (marked on the page); mailto links are not. */
export function isExternal(href: string, baseUrl: string): boolean {
  if (!/^https?:/i.test(href)) return false;
  return new URL(href).origin !== new URL(baseUrl).origin;
}

// Networks whose posts and videos an article may embed as a link card, by host (and its subdomains).
const NETWORKS: [host: string, name: string][] = [
  ['youtube.com', 'YouTube'],
  ['youtu.be', 'YouTube'],
  ['vimeo.com', 'Vimeo'],
  ['bsky.app', 'Bluesky'],
  ['instagram.com', 'Instagram'],
  ['tiktok.com', 'TikTok'],
  ['facebook.com', 'Facebook'],
  ['threads.net', 'Threads'],
  ['x.com', 'X'],
  ['twitter.com', 'X'],
  ['mastodon.social', 'Mastodon'],
  ['social.bund.de', 'Mastodon'],
  ['linkedin.com', 'LinkedIn'],
];

/** The network an https URL belongs to, or undefined for any other link. */
export function embedNetwork(href: string): string | undefined {
  if (!href.startsWith('https://')) return undefined;
  const host = new URL(href).hostname;
  return NETWORKS.find(([h]) => host === h || host.endsWith(`.${h}`))?.[1];
}
