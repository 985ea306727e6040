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

/** Error and warning texts are `printable`: one line each, whatever the file held. `refused`: the article changed
 * between this import's read and its save; nothing was written. */
export type ImportResult = (
  | { path: string; ok: true; article: Article; outcome: SaveOutcome }
  | { path: string; ok: false; error: string; refused?: true }
) & { warnings?: string[] };

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
    const warnings: string[] = [];
    if ('error' in file) {
      result = { path: file.path, ok: false, error: file.error };
    } else {
      try {
        const onWarning = (w: string) => warnings.push(printable(w));
        const parsed = await readArticleFile(file, { headline: options.headline, onWarning });
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
          result = { path: file.path, ok: false, error: printable(err.message), refused: true };
        else {
          const reason = err instanceof InputError ? err.message : `could not save: ${(err as Error).message}`;
          result = { path: file.path, ok: false, error: printable(reason) };
        }
      }
    }
    if (warnings.length) result.warnings = warnings;
    results.push(result);
    options.onResult?.(result, results.length, files.length);
  }
  return results;
}

/**
 * One line a terminal shows as it is: line breaks, controls and bidi or other invisible format characters (a file
 * name or field holding U+202E would reorder the line) are written as `\u{…}` escapes.
 */
export function printable(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu,
    (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`,
  );
}
