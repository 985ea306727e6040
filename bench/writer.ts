// The newsroom beside the benchmark, in its own process as an editor's import would be: every second it saves
// one published article (each in turn, the measured one too) with a changed lead, and finishes the audio of the
// article saved the second before (its audio record written again, as a speech job does when it completes).
// Speech synthesis itself is left out: it is CPU work of the speech worker, not of the page cache measured here.
import { listPublished, saveArticle } from '../src/article/store.ts';
import { getAudio, setAudio } from '../src/speech/store.ts';
import { MIGRATIONS } from '../src/migrations.ts';
import { openStore } from '../src/store/db.ts';

const store = await openStore({ dataDir: process.argv[2]!, databaseUrl: undefined, migrations: MIGRATIONS });
const articles = await listPublished(store.db, { limit: 1000 });
let saves = 0;
let audio = 0;
let stopping = false;
process.on('SIGTERM', () => (stopping = true));

for (let i = 0; !stopping; i++) {
  const started = Date.now();
  const article = articles[i % articles.length]!;
  await saveArticle(store.db, {
    importKey: article.importKey ?? undefined,
    kicker: article.kicker ?? undefined,
    headline: article.headline,
    lead: `${article.lead.replace(/ \(Stand \d+\)$/, '')} (Stand ${i})`,
    body: article.body,
    authors: article.authors.map((a) => a.name),
    topics: article.topics.map((t) => t.name),
    language: article.language,
    published: article.published,
    sourceUrl: article.sourceUrl ?? undefined,
    status: 'published',
  });
  saves++;
  const previous = i > 0 ? articles[(i - 1) % articles.length]! : undefined;
  const record = previous && (await getAudio(store.db, previous.id));
  if (previous && record) {
    const { textHash, voice, fileKey, bytes, durationMs, timings } = record;
    await setAudio(
      store.db,
      previous.id,
      record.state === 'ready' && fileKey !== null && bytes !== null && durationMs !== null
        ? { state: 'ready', textHash, voice, fileKey, bytes, durationMs, timings }
        : { state: 'pending', textHash, voice },
    );
    audio++;
  }
  await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
}
await store.close();
process.stdout.write(JSON.stringify({ saves, audio }));
