// Imports files one article per transaction: a bad file is reported and the others go on.
import type { Kysely } from 'kysely';
import type { FileStore } from '../../store/files.ts';
import type { Database } from '../../store/schema.ts';
import type { ArticleEventListeners } from '../events.ts';
import type { Article } from '../model.ts';
import { saveArticle, StaleVersionError, versionByImportKey, type SaveOutcome } from '../store.ts';
import { InputError } from './errors.ts';
import { collectFiles, readArticleFile } from './files.ts';
import { storeImages } from './images.ts';

/** `refused`: the article changed between this import's read and its save; nothing was written. */
export type ImportResult =
  | { path: string; ok: true; article: Article; outcome: SaveOutcome }
  | { path: string; ok: false; error: string; refused?: true };

export interface ImportOptions {
  headline?: string | undefined;
  /** Where the images an article names are stored (`files/` under the data directory). */
  files?: FileStore | undefined;
  /** Called after each file, in order: the CLI prints or draws progress from it. */
  onResult?: (result: ImportResult, done: number, total: number) => void;
  /** Who imports, recorded on each article event; `import` by default. */
  by?: string;
  /** The handlers of article events (audio, recognition, fan-out): their jobs are queued with each save. */
  listeners?: ArticleEventListeners;
}

export async function importPaths(
  db: Kysely<Database>,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  const files = await collectFiles(paths);
  const results: ImportResult[] = [];
  for (const file of files) {
    let result: ImportResult;
    if ('error' in file) {
      result = { path: file.path, ok: false, error: file.error };
    } else {
      try {
        const parsed = await readArticleFile(file, { headline: options.headline });
        const expectedVersion = parsed.importKey ? await versionByImportKey(db, parsed.importKey) : 0;
        const input = await storeImages(parsed, file.path, db, options.files);
        const { article, outcome } = await saveArticle(db, input, {
          by: options.by ?? 'import',
          expectedVersion,
          ...(options.listeners ? { listeners: options.listeners } : {}),
        });
        result = { path: file.path, ok: true, article, outcome };
      } catch (err) {
        // Bad input names its reason; anything else (a database error) still must not stop the other files.
        if (err instanceof StaleVersionError)
          result = { path: file.path, ok: false, error: err.message, refused: true };
        else {
          const reason = err instanceof InputError ? err.message : `could not save: ${(err as Error).message}`;
          result = { path: file.path, ok: false, error: reason };
        }
      }
    }
    results.push(result);
    options.onResult?.(result, results.length, files.length);
  }
  return results;
}
