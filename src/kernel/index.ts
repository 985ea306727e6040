// The shapes every feature plugs into: the running app, a feature, a command, routes and jobs. It imports only
// the lower layers (store, web, config), never a feature, so any file may import it without a cycle. Hooks that
// belong to a feature (the publishing core's article hooks) are added here by that feature through declaration
// merging, as job payloads and tables are.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Dialect } from '../store/db.ts';
import type { JobHandlers } from '../store/jobs.ts';
import type { FileStore } from '../store/files.ts';
import type { Database } from '../store/schema.ts';
import type { Pipeline } from '../web/pipeline.ts';
import type { SiteFrame } from '../web/layout.ts';

export type { Dialect } from '../store/db.ts';
export type { JobHandlers } from '../store/jobs.ts';
export type { Page } from '../web/http.ts';
export type { Principal, RequestContext, Route } from '../web/server.ts';
export type { Pipeline, Refusal, Sessions } from '../web/pipeline.ts';
export type { SiteFrame } from '../web/layout.ts';
import type { Route } from '../web/server.ts';

/** The running app as every feature sees it; the hooks of the publishing core are merged in by `src/article`. */
export interface App {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  /** Stored files (audio, images, preview images) under the data directory: `FileStore`, so object storage can follow. */
  files: FileStore;
  /** The site's name, description and sections as every page shows them; kept current by the app. */
  site: SiteFrame;
  /** Scripts every page loads (defer), by public URL. */
  scripts: string[];
  /** The one way a state-changing request gets in (origin, limits, body, form token): web/pipeline.ts. */
  pipeline: Pipeline;
  log(message: string): void;
}

/** A `blattwerk` subcommand of a feature: it runs against the app the command line opened; returns the exit code. */
export interface Command<A extends App = App> {
  /** Its lines in `blattwerk help`, indented by two spaces. */
  help: string;
  run(app: A, args: string[]): Promise<number>;
}

/**
 * Vorlesen, News folgen and Artikel teilen plug in through this one shape. `init` returns the feature's own view
 * of the app (the app plus the feature's state: keys, engines, senders); every other hook receives that value,
 * so a feature's state lives in what it returned, not in a module-level registry.
 */
export interface Feature<A extends App = App> {
  name: string;
  /** Runs once at start: register assets, create keys; returns the app with this feature's state. */
  init(app: App): Promise<A>;
  /** Runs once at shutdown, after the worker stopped: close sockets and pools. */
  close?(app: A): void;
  routes?(app: A): Route[];
  /**
   * The feature's stylesheets for reader pages, appended to site.css after every init, which every reader page
   * carries inline: no stylesheet request stands before its first paint.
   */
  styles?: URL[];
  /** Scripts every page loads (defer), by public URL: for what every page has, like the masthead's search box. */
  scripts?(app: A): string[];
  jobs?(app: A): JobHandlers;
  /** `blattwerk <name> …` commands. */
  commands?: Record<string, Command<A>>;
}
