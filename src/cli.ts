// The `blattwerk` command.
import cluster from 'node:cluster';
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
  serve [--port N] [--data DIR] [--processes N] [--no-worker]
                                       run the web server (env PORT, BLATTWERK_DATA, DATABASE_URL;
                                       flags win). A new database gets the demo articles. --processes N
                                       serves from N processes on one port (all cores); --no-worker
                                       leaves background jobs to \`blattwerk worker\`.
  import [--data DIR] [--headline T] PATH…
                                       import .txt (seed format) and .md (front matter) files or folders;
                                       prints each article's URL path or the error
  export [--data DIR] FOLDER           every article as Markdown (the import format) with its images
  backup [--data DIR] FOLDER           copy database and files into a new folder while the site runs
  restore [--data DIR] FOLDER          restore such a backup into an empty data directory (or database)
${siteCommand.help}${FEATURES.flatMap((f) => Object.values(f.commands ?? {}).map((c) => c.help)).join('')}  worker [--data DIR] [--concurrency N]
                                       run background jobs only, N at a time (default 2; serve runs
                                       them too)
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
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        processes: { type: 'string' },
        'no-worker': { type: 'boolean' },
      },
      strict: true,
    });
    const processes = whole(values.processes ?? '1', '--processes');
    const jobs = !values['no-worker'];
    if (processes === 1) return serveHere({ ...values, jobs, demo: true });
    // Several processes: this one opens the database first (migrations run once, the demo comes in once), runs
    // the jobs and keeps N web processes alive; they share the port (node:cluster hands out the connections).
    if (cluster.isWorker) return serveHere({ ...values, jobs: false, demo: false });
    const app = await open(values);
    await importDemoIfNew(app);
    const worker = jobs ? startAppWorker(app) : undefined;
    let stopping = false;
    cluster.on('exit', (child, code, signal) => {
      if (stopping) return;
      app.log(`web process ${child.process.pid} ended (${signal ?? code}); starting another`);
      cluster.fork();
    });
    for (let i = 0; i < processes; i++) cluster.fork();
    app.log(`Blattwerk runs ${processes} web processes${jobs ? ' and the jobs' : ''} (${app.dialect})`);
    const stop = () => {
      stopping = true;
      app.log('shutting down');
      cluster.disconnect(
        () => void (worker?.stop() ?? Promise.resolve()).then(() => app.close()).then(() => process.exit(0)),
      );
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
    const { values } = parseArgs({
      args,
      options: { data: { type: 'string' }, concurrency: { type: 'string' } },
      strict: true,
    });
    const concurrency = whole(values.concurrency ?? '2', '--concurrency');
    const app = await open({ data: values.data });
    const worker = startAppWorker(app, true, concurrency);
    app.log(`Blattwerk worker runs jobs, ${concurrency} at a time (${app.dialect}, data in ${app.config.dataDir})`);
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

/** One web process: the server, and the jobs and demo import when it is the only process. */
async function serveHere(o: { port?: string; data?: string; jobs: boolean; demo: boolean }): Promise<number> {
  // Serving runs until a signal: the app is closed by the shutdown below, not by withApp.
  const app = await open(o);
  const config = app.config;
  const worker = o.jobs ? startAppWorker(app) : undefined;
  if (o.demo) await importDemoIfNew(app);
  const server = createAppServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  app.log(
    `Blattwerk serves http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/ (${app.dialect}, data in ${config.dataDir}${o.jobs ? '' : ', no jobs'}${cluster.isWorker ? `, process ${process.pid}` : ''})`,
  );
  const stop = () => {
    app.log('shutting down');
    server.close(() => void (worker?.stop() ?? Promise.resolve()).then(() => app.close()).then(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A web process of `serve --processes`: the primary's disconnect ends it like a signal.
  if (cluster.isWorker) cluster.worker?.once('disconnect', stop);
  return new Promise<number>(() => {});
}

/** A count from the command line: a whole number from 1 to 64. */
function whole(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 64)
    throw new UsageError(`${flag} "${text}" must be a whole number from 1 to 64`);
  return n;
}

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
