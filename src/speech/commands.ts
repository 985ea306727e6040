// `blattwerk speech …`: what editors need to check and steer Vorlesen.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openApp, type App, type Command } from '../app.ts';
import { readArticleFile } from '../article/import/files.ts';
import { articleText, type Article } from '../article/model.ts';
import { getArticleBySlug, listPublished } from '../article/store.ts';
import { loadConfig } from '../config.ts';
import { progressBar } from '../progress.ts';
import type { Store } from '../store/db.ts';
import { generateAudio, requestAudio, speechLanguage } from './generate.ts';
import { speechRuntime } from './runtime.ts';
import { speakableSentences } from './speakable.ts';
import { addLexiconEntry, listLexicon, removeLexiconEntry } from './store.ts';

async function withApp(
  args: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
  run: (app: App & { store: Store }, positionals: string[], values: Record<string, unknown>) => Promise<number>,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, ...options },
    allowPositionals: true,
    strict: true,
  });
  const app = await openApp(loadConfig({ data: typeof values.data === 'string' ? values.data : undefined }));
  try {
    return await run(app, positionals, values);
  } finally {
    await app.close();
  }
}

const text: Command = (args) =>
  withApp(args, {}, async (app, [target]) => {
    if (!target) throw new Error('speech text needs an article slug or a file');
    let article: Pick<Article, 'headline' | 'lead' | 'body' | 'language'>;
    if (existsSync(target)) {
      article = await readArticleFile({ path: target, key: basename(target) });
    } else {
      const found = await getArticleBySlug(app.db, target.replace(/^\/?artikel\//, ''));
      if (!found) throw new Error(`no article with slug "${target}" and no such file`);
      article = found;
    }
    const language = speechLanguage(article.language);
    const { engine } = speechRuntime(app);
    process.stderr.write(`engine: ${engine.name}, voice: ${engine.voiceFor(language)}\n`);
    for (const s of speakableSentences(article, language, await listLexicon(app.db)))
      process.stdout.write(`${s.spoken}\n`);
    return 0;
  });

/** Articles whose text contains a word: a lexicon change means their audio must be made again. */
async function requeueMentioning(app: App, word: string): Promise<number> {
  let n = 0;
  for (const article of await listPublished(app.db, { limit: 100_000 })) {
    if (articleText(article).includes(word)) {
      await requestAudio(app, speechRuntime(app), article);
      n++;
    }
  }
  return n;
}

const lexicon: Command = (args) =>
  withApp(args, {}, async (app, [action, word, spoken, ...rest]) => {
    switch (action ?? '') {
      case 'list':
        for (const e of await listLexicon(app.db)) process.stdout.write(`${e.word}\t${e.spoken}\n`);
        return 0;
      case 'add': {
        if (!word || !spoken || rest.length)
          throw new Error('usage: speech lexicon add WORD SPOKEN (quote SPOKEN if it has spaces)');
        await addLexiconEntry(app.db, word, spoken);
        process.stdout.write(
          `added: ${word} → ${spoken}; ${await requeueMentioning(app, word)} article(s) queued for new audio\n`,
        );
        return 0;
      }
      case 'remove': {
        if (!word) throw new Error('usage: speech lexicon remove WORD');
        if (!(await removeLexiconEntry(app.db, word))) throw new Error(`"${word}" is not in the lexicon`);
        process.stdout.write(
          `removed: ${word}; ${await requeueMentioning(app, word)} article(s) queued for new audio\n`,
        );
        return 0;
      }
      default:
        throw new Error('usage: speech lexicon add WORD SPOKEN | list | remove WORD');
    }
  });

const backfill: Command = (args) =>
  withApp(args, {}, async (app) => {
    const runtime = speechRuntime(app);
    process.stderr.write(`engine: ${runtime.engine.name}\n`);
    const articles = await listPublished(app.db, { limit: 100_000 });
    const progress = process.stderr.isTTY ? progressBar() : undefined;
    const counts: Record<string, number> = {};
    let failed = 0;
    for (const [i, article] of articles.entries()) {
      try {
        const outcome = await generateAudio(app, runtime, article.id);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (!progress) process.stdout.write(`/artikel/${article.slug}: ${outcome}\n`);
      } catch (err) {
        failed++;
        progress?.clear();
        process.stdout.write(`/artikel/${article.slug}: error: ${(err as Error).message}\n`);
      }
      progress?.draw(i + 1, articles.length);
    }
    progress?.clear();
    process.stderr.write(
      `${
        Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ') || 'nothing to do'
      }${failed ? `, ${failed} failed` : ''}\n`,
    );
    return failed ? 1 : 0;
  });

const subcommands: Record<string, Command> = { text, lexicon, backfill };

export const speechCommands = {
  speech: {
    help: `  speech text SLUG|FILE [--data DIR]   print the text exactly as it will be spoken, one sentence a line
  speech lexicon add WORD SPOKEN | list | remove WORD
                                       the pronunciation lexicon (names such as Selenskyj)
  speech backfill [--data DIR]         make the audio that is missing, with a progress bar
`,
    run: (args: string[]) => {
      const [name = '', ...rest] = args;
      const sub = subcommands[name];
      if (!sub) throw new Error(`unknown speech command "${name}"; use text, lexicon or backfill`);
      return sub(rest);
    },
  },
};
