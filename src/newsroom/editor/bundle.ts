// The editor's browser script, bundled from source by esbuild the first time an editor page is opened (in memory,
// under a content-hashed asset name). Nothing built is committed, so the script can never be older than its
// source; reader pages never name it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { addAssetBytes, assetUrl } from '../../web/assets.ts';

export const ENTRY = fileURLToPath(new URL('./browser/editor.ts', import.meta.url));

let built: Promise<string> | undefined;

/** The bundle's bytes: minified, one IIFE, for the browsers the staff area supports. */
export async function bundleEditor(): Promise<Buffer> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}

/** The script's URL, bundling it on first use. */
export function editorScriptUrl(): Promise<string> {
  built ??= bundleEditor().then(
    (bytes) => {
      addAssetBytes('editor.js', bytes);
      return assetUrl('editor.js');
    },
    (err: unknown) => {
      built = undefined;
      throw err;
    },
  );
  return built;
}
