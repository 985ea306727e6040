// The one ordered, append-only list of migrations, kept by the composition root and handed to the store. Each
// feature owns its migration functions; this list only orders them. Never edit or reorder a shipped entry (the
// names and positions are what existing databases recorded): append a new one.
import { upgradeBodies } from './article/migrate-bodies.ts';
import { up as imagesUp } from './article/images/migrations.ts';
import {
  addPageVersions,
  addSeoFields,
  addWorkflow,
  createArticleEventsTable,
  createArticleTables,
  createPagesTable,
} from './article/migrations.ts';
import { addNotice, up as deliveryUp } from './follow/delivery/migrations.ts';
import { createEntityChoices, createSearchMatches, up as followUp } from './follow/migrations.ts';
import { readsUp, up as searchUp } from './search/migrations.ts';
import { up as newsroomUp } from './newsroom/migrations.ts';
import { moveSeoToArticles, up as editorUp } from './newsroom/editor/migrations.ts';
import { up as apiUp, webhooksUp } from './newsroom/api/migrations.ts';
import { up as shareUp } from './share/migrations.ts';
import { createSpeechTables } from './speech/migrations.ts';
import { createJobKeysTable, createJobsTable, createPageChangesTable, type Migration } from './store/migrations.ts';
import { createRateLimitsTable } from './store/rate-limits.ts';

export const MIGRATIONS: Migration[] = [
  { name: 'articles, authors, topics, revisions', up: createArticleTables },
  { name: 'jobs', up: createJobsTable },
  { name: 'speech lexicon and article audio', up: createSpeechTables },
  { name: 'follow: entities, article_entities, followers, follows', up: followUp },
  { name: 'follow delivery: push and mail subscriptions, deliveries, fan-outs', up: deliveryUp },
  { name: 'share counts per article, target and day', up: shareUp },
  { name: 'article bodies: plain-text blocks become rich blocks with no marks', up: (tx) => upgradeBodies(tx) },
  { name: 'page changes: stale page keys for other processes', up: createPageChangesTable },
  { name: 'rate limits per client address and reader', up: createRateLimitsTable },
  { name: 'images: originals stored once, variants per focal point; articles.lead_image', up: imagesUp },
  { name: 'article events', up: createArticleEventsTable },
  { name: 'search: documents (FTS5 or tsvector) and indexed words', up: searchUp },
  { name: 'newsroom: staff, sessions, passkeys, one-time links, challenges, audit log', up: newsroomUp },
  { name: 'pages: Impressum, Datenschutz, Kontakt', up: createPagesTable },
  { name: "follow: followed searches' matching articles", up: createSearchMatches },
  { name: 'workflow: article states, schedule, embargo, owner; corrections', up: addWorkflow },
  { name: 'newsroom editor: SEO fields, presence', up: editorUp },
  { name: 'api: scoped tokens', up: apiUp },
  { name: 'api: webhooks and their delivery log', up: webhooksUp },
  { name: 'follow delivery: a notice (publication or correction) in the outbox and fan-out keys', up: addNotice },
  { name: 'articles: SEO/social title and description', up: addSeoFields },
  { name: "newsroom editor: its SEO fields move to the article's columns", up: moveSeoToArticles },
  {
    name: 'search: an index of rows numbered past their day (date filters); GIN without a pending list',
    up: readsUp,
  },
  { name: "follow: editors' per-article entity choices", up: createEntityChoices },
  { name: 'jobs: idempotency keys for the pg-boss queue', up: createJobKeysTable },
  { name: 'pages: a version per page (the page editor) and who saved it last', up: addPageVersions },
];
