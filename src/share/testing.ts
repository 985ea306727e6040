// Test data shared by Artikel teilen's tests.

/** Quotes, ampersand, angle brackets, umlauts, emoji, right-to-left text, exactly 500 characters. */
export const HOSTILE_TITLE =
  `"Zitat" & <b>Größe</b> 'eins' 🎉👍🏽 שלום עולם مرحبا + 100% #1 ?a=b&c=d — ${'Überlänge '.repeat(60)}`.slice(0, 500);

/** Title and URL read back from a target's share URL the way the target's server would read them. */
export function decodeTarget(target: string, href: string): { title: string | undefined; url: string } {
  const p = new URL(href).searchParams;
  const lastTwo = (text: string) => text.split('\n\n').slice(-2) as [string, string];
  switch (target) {
    case 'mail':
      return { title: p.get('subject') ?? undefined, url: p.get('body')!.split('\n\n').pop()! };
    case 'whatsapp':
    case 'threads':
    case 'bluesky':
    case 'mastodon': {
      const [title, url] = lastTwo(p.get('text')!);
      return { title, url };
    }
    case 'telegram':
    case 'x':
      return { title: p.get('text')!.split('\n\n').pop(), url: p.get('url')! };
    case 'reddit':
      return { title: p.get('title')!, url: p.get('url')! };
    case 'facebook':
      return { title: undefined, url: p.get('u')! };
    default:
      return { title: undefined, url: p.get('url')! };
  }
}
