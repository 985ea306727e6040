// Reading an import file: size, encoding and format checks come before any parsing.
import { constants, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { checkArticleInput, LIMITS } from '../limits.ts';
import type { ArticleInput, ImageFile } from '../model.ts';
import { InputError } from './errors.ts';
import { parseMarkdown } from './markdown.ts';
import { parsePlainText } from './plaintext.ts';

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
  options: { headline?: string | undefined; onWarning?: (message: string) => void } = {},
): Promise<ArticleInput<ImageFile>> {
  const format = FORMATS[extname(file.path).toLowerCase()];
  if (!format)
    throw new InputError(
      `unknown format "${extname(file.path) || 'no extension'}": use .txt (plain text) or .md (Markdown)`,
    );
  const text = decode(await readRegularFile(file.path, LIMITS.fileBytes));
  if (text.trim() === '') throw new InputError('the file is empty');
  const input: ArticleInput<ImageFile> =
    format === 'markdown' ? parseMarkdown(text, options) : parsePlainText(text, options);
  checkArticleInput(input);
  // Without an explicit id, the file's place in its collection and its date identify the article.
  input.importKey ??= `file:${file.key}@${input.published.value}`;
  return input;
}

/**
 * A regular file's bytes, at most `limit`. Opened without blocking and checked on the open handle, so a FIFO (which
 * would wait for a writer forever) or a device such as /dev/zero (endless) is refused, not read.
 */
export async function readRegularFile(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputError(`not a regular file (${kindOf(info)}): only files are imported`);
    if (info.size > limit) throw new InputError(`file is ${mb(info.size)} MB, over the ${mb(limit)} MB limit`);
    // The size may grow after the check: read one byte past the limit to notice, never more.
    const buf = Buffer.alloc(limit + 1);
    let length = 0;
    while (length < buf.length) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw new InputError(`file is over the ${mb(limit)} MB limit`);
    return buf.subarray(0, length);
  } finally {
    await handle.close();
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a file';
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
