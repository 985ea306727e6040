// The Nu HTML Checker (vnu.jar, the W3C validator's engine) over many documents in one Java start, which alone
// takes seconds. Needs `java` (scripts/test-prereqs.sh installs Debian's runtime).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

export interface NuDocument {
  /** What the finding lines call this document (a page path, a stylesheet's URL). */
  name: string;
  body: string;
  type: 'html' | 'css';
}

interface NuMessage {
  type: string;
  subType?: string;
  url?: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/** Errors (and fatal errors) the checker reports, one readable line each; warnings and infos are not counted. */
export async function nuErrors(documents: NuDocument[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'blattwerk-nu-'));
  try {
    const files = documents.map((d, i) => {
      const file = join(dir, `${i}.${d.type}`);
      writeFileSync(file, d.body);
      return file;
    });
    const { stdout } = await promisify(execFile)(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', '--also-check-css', ...files],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const { messages } = JSON.parse(stdout) as { messages: NuMessage[] };
    const nameOf = (url = '') => documents[Number(/\/(\d+)\.(?:html|css)$/.exec(url)?.[1])]?.name ?? url;
    return messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal')
      .map((m) => `${nameOf(m.url)}:${m.lastLine ?? '?'}: ${m.message} [${(m.extract ?? '').replace(/\s+/g, ' ')}]`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
