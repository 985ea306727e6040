// `blattwerk search reindex`: rebuilds the index from the articles (after an upgrade that changes stemming, or to
// repair). Entries are replaced one batch at a time, so search keeps answering meanwhile.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { getArticlesByIds } from '../article/index.ts';
import type { App, Command } from '../kernel/index.ts';
import { progressBar } from '../progress.ts';
import { writeDocumentIn } from './document.ts';

const BATCH = 200;

export async function reindex(app: App, onProgress?: (done: number, total: number) => void): Promise<number> {
  const ids = (
    await app.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()
  ).map((r) => r.id);
  await app.db.deleteFrom('search_words').execute();
  for (let i = 0; i < ids.length; i += BATCH) {
    const articles = await getArticlesByIds(app.db, ids.slice(i, i + BATCH));
    await app.db.transaction().execute(async (tx) => {
      for (const a of articles) if (a.status === 'published') await writeDocumentIn(tx, app.dialect, a);
    });
    onProgress?.(Math.min(i + BATCH, ids.length), ids.length);
  }
  // What is no longer published (or no longer there) leaves the index.
  const stale = sql`select id from search_documents d where not exists
    (select 1 from articles a where a.id = d.article_id and a.status = 'published')`;
  await app.db.transaction().execute(async (tx) => {
    if (app.dialect === 'sqlite') await sql`delete from search_fts where rowid in (${stale})`.execute(tx);
    await sql`delete from search_documents where id in (${stale})`.execute(tx);
  });
  return ids.length;
}

export const searchCommands: Record<string, Command> = {
  search: {
    help: `  search reindex [--data DIR]          rebuild the search index from the published articles
`,
    async run(app, args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
      if (positionals[0] !== 'reindex' || positionals.length > 1)
        throw new Error(`unknown search command "${positionals.join(' ')}"; use reindex`);
      const progress = process.stderr.isTTY ? progressBar() : undefined;
      const started = Date.now();
      const n = await reindex(app, (done, total) => progress?.draw(done, total));
      progress?.clear();
      process.stderr.write(`indexed ${n} published articles in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    },
  },
};
