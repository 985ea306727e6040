// The `blattwerk` command.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createAppServer,
  FEATURES,
  importDemoIfNew,
  openApp,
  siteData,
  startAppWorker,
  type OpenedApp,
} from './app.ts';
import {
  articlePath,
  exportArticles,
  importPaths,
  printable,
  siteCommand,
  type ImportResult,
} from './article/index.ts';
import { loadConfig, type ConfigFlags } from './config.ts';
import { MIGRATIONS } from './migrations.ts';
import { progressBar } from './progress.ts';
import { backup, restore } from './store/backup/index.ts';

const HELP = `blattwerk – a self-hostable news platform

Usage: blattwerk <command> [options]

Commands:
  serve [--port N] [--data DIR]        run the web server (env PORT, BLATTWERK_DATA, DATABASE_URL;
                                       flags win). A new database gets the demo articles.
  import [--data DIR] [--headline T] PATH…
                                       import .txt (seed format) and .md (front matter) files or folders;
                                       prints each article's URL path or the error
  export [--data DIR] FOLDER           every article as Markdown (the import format) with its images
  backup [--data DIR] FOLDER           copy database and files into a new folder while the site runs
  restore [--data DIR] FOLDER          restore such a backup into an empty data directory (or database)
${siteCommand.help}${FEATURES.flatMap((f) => Object.values(f.commands ?? {}).map((c) => c.help)).join('')}  worker [--data DIR]                  run background jobs only (serve runs them too)
  help                                 show this help

Environment: DATABASE_URL=postgres://… selects PostgreSQL (default: SQLite in DIR/blattwerk.db),
BLATTWERK_BASE_URL sets the public origin, HOST the listen address (default 127.0.0.1).
`;

type Command = (args: string[]) => Promise<number>;

/** The one way every command opens the app (config from flags and environment, then every feature's init). */
const open = (flags: ConfigFlags): Promise<OpenedApp> => openApp(loadConfig(flags));

/** Runs a command against the opened app and closes it when the command is done. */
async function withApp<T>(flags: ConfigFlags, run: (app: OpenedApp) => Promise<T>): Promise<T> {
  const app = await open(flags);
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

/** A feature's command: `--data DIR` (anywhere before `--`) is the command line's; the rest is the feature's. */
function featureCommand(name: string): Command {
  return (args) => {
    const { tokens } = parseArgs({
      args,
      options: { data: { type: 'string' } },
      allowPositionals: true,
      strict: false,
      tokens: true,
    });
    let data: string | undefined;
    const taken = new Set<number>();
    for (const t of tokens) {
      if (t.kind !== 'option' || t.name !== 'data') continue;
      if (t.value === undefined) throw new UsageError('--data needs a directory');
      data = t.value;
      taken.add(t.index);
      if (t.inlineValue === false) taken.add(t.index + 1);
    }
    return withApp({ data }, (app) => app.commands[name]!(args.filter((_, i) => !taken.has(i))));
  };
}

const commands: Record<string, Command> = {
  site: featureCommand('site'),
  ...Object.fromEntries(
    FEATURES.flatMap((f) => Object.keys(f.commands ?? {}).map((name) => [name, featureCommand(name)])),
  ),
  async serve(args) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, data: { type: 'string' } },
      strict: true,
    });
    // Serving runs until a signal: the app is closed by the shutdown below, not by withApp.
    const app = await open(values);
    const config = app.config;
    const worker = startAppWorker(app);
    await importDemoIfNew(app);
    const server = createAppServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    app.log(
      `Blattwerk serves http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/ (${app.dialect}, data in ${config.dataDir})`,
    );
    const stop = () => {
      app.log('shutting down');
      server.close(
        () =>
          void worker
            .stop()
            .then(() => app.close())
            .then(() => process.exit(0)),
      );
      server.closeIdleConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {});
  },

  import(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { data: { type: 'string' }, headline: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) throw new UsageError('import needs at least one file or folder');
    return withApp({ data: values.data }, async (app) => {
      const progress = process.stderr.isTTY ? progressBar() : undefined;
      const results = await importPaths(app.db, positionals, {
        headline: values.headline,
        files: app.files,
        listeners: app.articleEvents,
        onResult(result, done, total) {
          progress?.clear();
          process.stdout.write(`${line(result)}\n`);
          for (const w of result.warnings ?? []) process.stderr.write(`${printable(result.path)}: warning: ${w}\n`);
          if (total > 3) progress?.draw(done, total);
        },
      });
      progress?.clear();
      const failed = results.filter((r) => !r.ok).length;
      const refused = results.filter((r) => !r.ok && r.refused).length;
      if (values.headline !== undefined && results.length > 1)
        process.stderr.write('note: --headline was applied to every file\n');
      process.stderr.write(
        `${results.length - failed} imported, ${refused ? `${refused} refused (changed meanwhile), ` : ''}${failed - refused} failed\n`,
      );
      return failed ? 1 : 0;
    });
  },

  export(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { data: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('export needs one folder to write the articles into');
    return withApp({ data: values.data }, async (app) => {
      const results = await exportArticles(app.db, app.files, positionals[0]!, (r) => {
        process.stdout.write(`${r.file}\n`);
        if (r.differs)
          process.stderr.write(`${r.file}: warning: importing it again would change ${printable(r.differs)}\n`);
      });
      const inexact = results.filter((r) => r.differs).length;
      process.stderr.write(`${results.length} articles exported${inexact ? `, ${inexact} not exactly` : ''}\n`);
      return inexact ? 1 : 0;
    });
  },

  async backup(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { data: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('backup needs one folder to write the backup into');
    const manifest = await backup(siteData(loadConfig({ data: values.data })), positionals[0]!, {
      version: VERSION,
    });
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, manifest.database.bytes);
    process.stderr.write(
      `backup of the ${manifest.dialect} database (${manifest.migrations.length} migrations) and ${manifest.files.length} files, ${megabytes(bytes)} MB, in ${positionals[0]}\n`,
    );
    return 0;
  },

  async restore(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { data: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('restore needs the backup folder');
    const config = loadConfig({ data: values.data });
    const manifest = await restore(positionals[0]!, siteData(config), { migrations: MIGRATIONS.map((m) => m.name) });
    process.stderr.write(
      `restored the backup of ${manifest.createdAt} (${manifest.files.length} files) into ${manifest.dialect === 'sqlite' ? config.dataDir : 'the database'}\n`,
    );
    return 0;
  },

  async worker(args) {
    const { values } = parseArgs({ args, options: { data: { type: 'string' } }, strict: true });
    const app = await open({ data: values.data });
    const worker = startAppWorker(app);
    app.log(`Blattwerk worker runs jobs (${app.dialect}, data in ${app.config.dataDir})`);
    const stop = () =>
      void worker
        .stop()
        .then(() => app.close())
        .then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {});
  },

  help() {
    process.stdout.write(HELP);
    return Promise.resolve(0);
  },
};

function line(r: ImportResult): string {
  if (!r.ok) return `${printable(r.path)}: ${r.refused ? 'refused' : 'error'}: ${r.error}`;
  return `${articlePath(r.article)}${r.outcome === 'created' ? '' : ` (${r.outcome})`}`;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  const command = name === '--help' || name === '-h' ? commands.help : commands[name];
  if (!command) {
    process.stderr.write(`blattwerk: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`blattwerk ${name}: ${(err as Error).message}\n`);
    return usage ? 2 : 1;
  }
}
