// `blattwerk share stats [SLUG]`: the share counts for editors, per article and target, or per day for one article.
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { getArticleBySlug } from '../article/index.ts';
import type { App } from '../kernel/index.ts';
import type { Database } from '../store/schema.ts';
import { shareDays, shareTotals, type ShareTotal } from './counts.ts';

export const SHARE_HELP =
  '  share stats [--data DIR] [SLUG]      share counts per article and target; with SLUG also per day\n';

export function shareCommand(
  app: App,
  args: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [sub, slug, ...rest] = positionals;
  if (sub !== 'stats' || rest.length)
    throw Object.assign(new Error('usage: blattwerk share stats [--data DIR] [SLUG]'), {
      code: 'ERR_PARSE_ARGS_USAGE',
    });
  return shareStats(app.db, slug, out);
}

export async function shareStats(
  db: Kysely<Database>,
  slug: string | undefined,
  out: (text: string) => void,
): Promise<number> {
  if (slug !== undefined && !(await getArticleBySlug(db, slug))) throw new Error(`no article with the slug "${slug}"`);
  const totals = await shareTotals(db, slug);
  if (slug === undefined) {
    out(totals.length ? formatTotals(totals) : 'No shares counted yet.\n');
    return 0;
  }
  const days = await shareDays(db, slug);
  const sum = totals.reduce((s, t) => s + t.count, 0);
  let text = `${slug}: ${sum} ${sum === 1 ? 'share' : 'shares'}\n`;
  for (const t of totals) text += `  ${t.target.padEnd(10)} ${String(t.count).padStart(6)}\n`;
  const byDay = groupBy(days, (d) => d.day);
  if (byDay.size) text += 'per day (Europe/Berlin):\n';
  for (const [day, rows] of byDay) text += `  ${day}  ${rows.map((r) => `${r.target} ${r.count}`).join(', ')}\n`;
  out(text);
  return 0;
}

/** One line per article, most shared first: total, slug, and the targets it was shared to. */
export function formatTotals(totals: ShareTotal[]): string {
  const bySlug = groupBy(totals, (t) => t.slug);
  const lines = [...bySlug].map(([slug, rows]) => ({ slug, sum: rows.reduce((s, r) => s + r.count, 0), rows }));
  lines.sort((a, b) => b.sum - a.sum || a.slug.localeCompare(b.slug));
  return ` total  article\n${lines.map((l) => `${String(l.sum).padStart(6)}  ${l.slug}  (${l.rows.map((r) => `${r.target} ${r.count}`).join(', ')})`).join('\n')}\n`;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
