// `blattwerk speech …`: what editors need to check and steer Vorlesen.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type Article, articleText, getArticleBySlug, listPublished, readArticleFile } from '../article/index.ts';
import type { Command } from '../kernel/index.ts';
import { progressBar } from '../progress.ts';
import { generateAudio, requestAudio, speechLanguage } from './generate.ts';
import type { SpeechApp } from './runtime.ts';
import { speakableSentences } from './speakable.ts';
import { addLexiconEntry, listLexicon, removeLexiconEntry } from './store.ts';
import { readVoiceChoice } from './voice.ts';

/** A subcommand: parses its own options; `--data` was taken by the command line, which opened the app. */
function withArgs(args: string[], run: (positionals: string[]) => Promise<number>): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  return run(positionals);
}

type Subcommand = (app: SpeechApp, args: string[]) => Promise<number>;

const text: Subcommand = (app, args) =>
  withArgs(args, async ([target]) => {
    if (!target) throw new Error('speech text needs an article slug or a file');
    let article: Pick<Article, 'headline' | 'lead' | 'body' | 'language'>;
    if (existsSync(target)) {
      const input = await readArticleFile({ path: target, key: basename(target) });
      // Images are not spoken, so their files need not be stored to show what will be said.
      article = { ...input, body: input.body.filter((b) => b.type !== 'image') };
    } else {
      const found = await getArticleBySlug(app.db, target.replace(/^\/?artikel\//, ''));
      if (!found) throw new Error(`no article with slug "${target}" and no such file`);
      article = found;
    }
    const language = speechLanguage(article.language);
    const { engine } = app.speech;
    const voice = engine.voiceFor(language, await readVoiceChoice(app.db, engine.voices));
    process.stderr.write(`engine: ${engine.name}, voice: ${voice}\n`);
    for (const s of speakableSentences(article, language, await listLexicon(app.db)))
      process.stdout.write(`${s.spoken}\n`);
    return 0;
  });

/** Articles whose text contains a word: a lexicon change means their audio must be made again. */
async function requeueMentioning(app: SpeechApp, word: string): Promise<number> {
  let n = 0;
  for (const article of await listPublished(app.db, { limit: 100_000 })) {
    if (articleText(article).includes(word)) {
      await requestAudio(app, app.speech, article);
      n++;
    }
  }
  return n;
}

const lexicon: Subcommand = (app, args) =>
  withArgs(args, async ([action, word, spoken, ...rest]) => {
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

const backfill: Subcommand = (app, args) =>
  withArgs(args, async () => {
    const runtime = app.speech;
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

const subcommands: Record<string, Subcommand> = { text, lexicon, backfill };

export const speechCommands: Record<string, Command<SpeechApp>> = {
  speech: {
    help: `  speech text SLUG|FILE [--data DIR]   print the text exactly as it will be spoken, one sentence a line
  speech lexicon add WORD SPOKEN | list | remove WORD
                                       the pronunciation lexicon (names such as Selenskyj)
  speech backfill [--data DIR]         make the audio that is missing, with a progress bar
`,
    run(app, args) {
      const [name = '', ...rest] = args;
      const sub = subcommands[name];
      if (!sub) throw new Error(`unknown speech command "${name}"; use text, lexicon or backfill`);
      return sub(app, rest);
    },
  },
};
