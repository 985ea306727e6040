// The sitemaps: /sitemap.xml is an index of parts, one series per language (`/sitemap-de-1.xml`, …), each part
// the front page or published articles in that language's addresses, every place naming its versions in both
// languages (hreflang). The protocol allows 50,000 URLs and 50 MB per file: parts of 10,000 stay under 50 MB
// with any base URL shorter than about 1,500 characters (slugs are at most 80 characters and a suffix).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { escapeHtml as x } from '../web/html.ts';
import { localePath, LOCALES, type Locale } from '../web/i18n.ts';
import { listSitemapEntries, sitemapPartChanges } from './store.ts';
import { articlePath } from './views.ts';

export const URLS_PER_SITEMAP = 10_000;

/** A part's address: `/sitemap-de-1.xml`, numbered from 1. */
export const sitemapPartPath = (locale: Locale, part: number) => `/sitemap-${locale}-${part + 1}.xml`;

/** The index of every part in both languages; `perPart` is injectable for tests. */
export async function sitemapIndex(db: Kysely<Database>, baseUrl: string, perPart = URLS_PER_SITEMAP): Promise<string> {
  const changes = await sitemapPartChanges(db, perPart);
  // A site without articles still has its front page in part 0.
  const parts = changes.length ? changes : [{ part: 0, lastModified: undefined }];
  return `<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${LOCALES.flatMap((l) =>
  parts.map(
    (p) =>
      `<sitemap><loc>${x(baseUrl + sitemapPartPath(l, p.part))}</loc>${p.lastModified ? `<lastmod>${x(p.lastModified)}</lastmod>` : ''}</sitemap>`,
  ),
).join('\n')}
</sitemapindex>
`;
}

/** Part `part` (from 0) in `locale`'s addresses, or undefined when the site has no such part. */
export async function sitemapPart(
  db: Kysely<Database>,
  baseUrl: string,
  locale: Locale,
  part: number,
  perPart = URLS_PER_SITEMAP,
): Promise<string | undefined> {
  // Place 0 is the front page; article n (from 0) is at place n + 1.
  const first = part * perPart;
  const articles = await listSitemapEntries(db, {
    offset: Math.max(0, first - 1),
    limit: first === 0 ? perPart - 1 : perPart,
  });
  if (part > 0 && articles.length === 0) return undefined;
  const entries = [
    ...(part === 0 ? [{ path: '/', lastModified: undefined }] : []),
    ...articles.map((a) => ({ path: articlePath(a), lastModified: a.lastModified })),
  ];
  const href = (l: Locale, path: string) => x(baseUrl + localePath(l, path));
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${entries
  .map(
    (e) =>
      `<url><loc>${href(locale, e.path)}</loc>${e.lastModified ? `<lastmod>${x(e.lastModified)}</lastmod>` : ''}${LOCALES.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${href(l, e.path)}"/>`).join('')}</url>`,
  )
  .join('\n')}
</urlset>
`;
}
