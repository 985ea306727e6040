// Reading an import file: size, encoding and format checks come before any parsing.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import type { ArticleInput, ImageFile } from '../model.ts';
import { InputError } from './errors.ts';
import { parseMarkdown } from './markdown.ts';
import { parsePlainText } from './plaintext.ts';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const FORMATS: Record<string, 'text' | 'markdown'> = { '.txt': 'text', '.md': 'markdown', '.markdown': 'markdown' };

export interface ImportFile {
  path: string;
  /** Stable within a collection: the path below the folder given, or the file name. */
  key: string;
}

/** Expands folders (recursively, importable extensions only, hidden files skipped); files are taken as given. */
export async function collectFiles(paths: string[]): Promise<(ImportFile | { path: string; error: string })[]> {
  const out: (ImportFile | { path: string; error: string })[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      out.push({ path, error: 'no such file or folder' });
      continue;
    }
    if (!info.isDirectory()) {
      out.push({ path, key: basename(path) });
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const files = entries
      .filter(
        (e) =>
          e.isFile() &&
          FORMATS[extname(e.name).toLowerCase()] &&
          !relative(path, join(e.parentPath, e.name))
            .split('/')
            .some((p) => p.startsWith('.')),
      )
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const file of files) out.push({ path: file, key: relative(path, file) });
  }
  return out;
}

export async function readArticleFile(
  file: ImportFile,
  options: { headline?: string | undefined } = {},
): Promise<ArticleInput<ImageFile>> {
  const format = FORMATS[extname(file.path).toLowerCase()];
  if (!format)
    throw new InputError(
      `unknown format "${extname(file.path) || 'no extension'}": use .txt (plain text) or .md (Markdown)`,
    );
  const info = await stat(file.path);
  if (info.size > MAX_FILE_BYTES)
    throw new InputError(`file is ${(info.size / 1024 / 1024).toFixed(1)} MB, over the 2 MB limit`);
  const text = decode(await readFile(file.path));
  if (text.trim() === '') throw new InputError('the file is empty');
  const input: ArticleInput<ImageFile> =
    format === 'markdown' ? parseMarkdown(text, options) : parsePlainText(text, options);
  // Without an explicit id, the file's place in its collection and its date identify the article.
  input.importKey ??= `file:${file.key}@${input.published.value}`;
  return input;
}

/** UTF-8 only: a BOM is dropped, CRLF and CR become LF; binary or invalid bytes are refused. */
export function decode(bytes: Buffer): string {
  if (bytes.includes(0)) throw new InputError('binary file (contains NUL bytes), not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('not valid UTF-8 text (save the file as UTF-8)');
  }
  // Control characters other than tab and newline have no place in an article (and would break XML feeds).
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
