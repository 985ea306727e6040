// German search on both databases, table-driven: inflections, spelled-out umlauts and ß, compounds the stemmer
// cannot split, phrases, exclusions, OR, filters, and drafts or withdrawn articles never found.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  articleEventJob,
  getArticleById,
  parsePublicationDate,
  saveArticle,
  type ArticleInput,
} from '../article/index.ts';
import type { App } from '../kernel/index.ts';
import { MIGRATIONS } from '../migrations.ts';
import type { Store } from '../store/db.ts';
import { startWorker } from '../store/jobs.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { matchesQuery, QueryError, reindex, searchArticles, searchFeature, type SearchRequest } from './index.ts';
import { dayRows, removeDocument, writeDocument } from './document.ts';
import { term } from './text.ts';

const handlers = searchFeature.articleEvents ?? {};

function article(key: string, over: Partial<ArticleInput> & { date?: string; text?: string }): ArticleInput {
  const published = parsePublicationDate(over.date ?? '2025-03-27');
  if (typeof published === 'string') throw new Error(published);
  return {
    importKey: key,
    headline: key,
    lead: '',
    body: [{ type: 'paragraph', text: over.text ?? '', marks: [] }],
    authors: [],
    topics: [],
    language: 'de',
    published,
    status: 'published',
    ...over,
  };
}

/** The corpus: headline = import key = slug, so results read as slugs. */
const CORPUS: ArticleInput[] = [
  article('koalition', {
    kicker: 'Ukraine',
    lead: 'Die Koalition der Willigen berät über Bodentruppen.',
    text: 'Präsident Selenskyjs Forderung: Die Länder Europas sollen Truppen schicken. Der Gipfels Ergebnis ist offen.',
    topics: ['Ukraine'],
    authors: ['Anna Muster'],
    date: '2025-03-27',
  }),
  article('gipfel', {
    lead: 'Ein Gipfel in München.',
    text: 'Das Land stellt eine Bodentruppe. Selenskyj reist an. Die Straße ist gesperrt.',
    topics: ['Europa'],
    authors: ['Ben Beispiel'],
    date: '2025-03-10',
  }),
  article('umschrift', {
    lead: 'Aus Muenchen berichtet.',
    text: 'Die Strasse vor dem Rathaus bleibt zu. Die Waffenruhe hält.',
    topics: ['Bayern'],
    date: '2025-02-01',
  }),
  article('summit', {
    language: 'en',
    lead: 'Leaders of many countries met in Paris.',
    text: 'The summits ended without a ceasefire.',
    topics: ['Europa'],
    date: '2025-03-28',
  }),
  // The words of a phrase in order, and the same words apart: the phrase is looked for among articles with all.
  article('reihenfolge', { lead: 'Im kommenden Jahr baut die Kommune.', date: '2024-06-01' }),
  article('durcheinander', { lead: 'Im Jahr danach, im kommenden Sommer, baut die Kommune.', date: '2024-06-02' }),
  article('entwurf', { status: 'draft', lead: 'Geheime Bodentruppen und ein Geheimtreffen.' }),
  article('zurueckgezogen', { lead: 'Ein Geheimtreffen mit Bodentruppen.' }),
];

for (const dialect of DIALECTS) {
  describe(`search (${dialect.name})`, () => {
    let store: Store;
    let app: App;
    const ids = new Map<string, string>();
    const run = () =>
      startWorker(store.db, { handlers: { 'article.event': articleEventJob(handlers, app) } }, false).drain();

    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
      // searchArticles and the handler read only the database and its dialect.
      app = { db: store.db, dialect: store.dialect } as App;
      for (const input of CORPUS) {
        const saved = await saveArticle(store.db, input, { by: 'test', listeners: handlers });
        ids.set(input.headline, saved.article.id);
      }
      const withdrawn = CORPUS.at(-1) as ArticleInput;
      await saveArticle(store.db, { ...withdrawn, status: 'draft' }, { by: 'test', listeners: handlers });
      await store.db
        .insertInto('entities')
        .values({
          id: 'wolodymyr-selenskyj',
          kind: 'person',
          name: 'Wolodymyr Selenskyj',
          name_en: 'Volodymyr Zelenskyy',
          aliases: '[]',
          status: 'active',
          merged_into: null,
          created_at: '2025-03-01T00:00:00Z',
        })
        .execute();
      await store.db
        .insertInto('article_entities')
        .values({ article_id: ids.get('gipfel') ?? '', entity_id: 'wolodymyr-selenskyj', mentions: 1 })
        .execute();
      await run();
    });
    after(() => store.close());

    const found = async (req: Partial<SearchRequest> & { q: string }) =>
      (await searchArticles(app, { perPage: 50, ...req })).hits.map((h) => h.slug).sort();

    const CASES: [string, Partial<SearchRequest> & { q: string }, string[]][] = [
      ['plural finds singular', { q: 'Bodentruppen' }, ['gipfel', 'koalition']],
      ['singular finds plural', { q: 'Bodentruppe' }, ['gipfel', 'koalition']],
      ['umlaut plural finds the singular', { q: 'Länder' }, ['gipfel', 'koalition']],
      ['singular finds the umlaut plural', { q: 'Land' }, ['gipfel', 'koalition']],
      ['genitive of a name finds the name', { q: 'Selenskyjs' }, ['gipfel', 'koalition']],
      ['a name finds its genitive', { q: 'Selenskyj' }, ['gipfel', 'koalition']],
      ['genitive finds the noun', { q: 'Gipfels' }, ['gipfel', 'koalition']],
      ['noun finds the genitive', { q: 'Gipfel' }, ['gipfel', 'koalition']],
      ['ß finds ss', { q: 'Straße' }, ['gipfel', 'umschrift']],
      ['ss finds ß', { q: 'Strasse' }, ['gipfel', 'umschrift']],
      ['ü finds ue', { q: 'München' }, ['gipfel', 'umschrift']],
      ['ue finds ü', { q: 'Muenchen' }, ['gipfel', 'umschrift']],
      ['lower case and no umlaut', { q: 'munchen' }, ['gipfel', 'umschrift']],
      // Compounds: the stemmer does not split them, so a part does not find the whole (documented).
      ['a compound is not found by its last part', { q: 'Ruhe' }, []],
      ['nor by its first part', { q: 'Boden' }, []],
      ['"Truppen" finds only the word Truppen, not Bodentruppen', { q: 'Truppen' }, ['koalition']],
      ['all words must match', { q: 'Bodentruppen München' }, ['gipfel']],
      ['a phrase', { q: '"Koalition der Willigen"' }, ['koalition']],
      ['a phrase in other order is not found', { q: '"Willigen der Koalition"' }, []],
      ['a phrase of words found apart elsewhere', { q: '"im kommenden Jahr"' }, ['reihenfolge']],
      ['a phrase and a word', { q: '"im kommenden Jahr" Kommune' }, ['reihenfolge']],
      ['a phrase or a word', { q: '"im kommenden Jahr" OR Sommer' }, ['durcheinander', 'reihenfolge']],
      ['a phrase with an excluded phrase', { q: 'Kommune -"im kommenden Jahr"' }, ['durcheinander']],
      ['a phrase within dates', { q: '"im kommenden" Kommune', from: '2024-06-02' }, ['durcheinander']],
      ['a hyphenated word is a phrase', { q: 'Koalition-der-Willigen' }, ['koalition']],
      ['an exclusion', { q: 'Bodentruppen -München' }, ['koalition']],
      ['an excluded phrase', { q: 'Bodentruppen -"Koalition der Willigen"' }, ['gipfel']],
      ['OR', { q: 'Waffenruhe OR Willigen' }, ['koalition', 'umschrift']],
      ['ODER', { q: 'Waffenruhe ODER Willigen' }, ['koalition', 'umschrift']],
      ['OR binds two words, the rest must match', { q: 'Waffenruhe OR Willigen Muenchen' }, ['umschrift']],
      ['English words are stemmed in English', { q: 'summit' }, ['summit']],
      ['English plural', { q: 'country' }, ['summit']],
      ['topic filter', { q: 'Gipfel', topic: 'ukraine' }, ['koalition']],
      ['author filter', { q: 'Bodentruppen', author: 'ben-beispiel' }, ['gipfel']],
      ['entity filter', { q: 'Selenskyj', entity: 'wolodymyr-selenskyj' }, ['gipfel']],
      ['from (inclusive)', { q: 'Bodentruppen', from: '2025-03-27' }, ['koalition']],
      ['to (inclusive)', { q: 'Bodentruppen', to: '2025-03-10' }, ['gipfel']],
      ['from and to', { q: 'Bodentruppen', from: '2025-03-10', to: '2025-03-26' }, ['gipfel']],
      ['to before every match', { q: 'Bodentruppen', to: '2025-03-09' }, []],
      ['from after every match', { q: 'Bodentruppen', from: '2025-03-28' }, []],
      ['from after to', { q: 'Bodentruppen', from: '2025-03-28', to: '2025-03-01' }, []],
      ['language filter', { q: 'Europa OR summit', language: 'en' }, ['summit']],
      ['a draft is never found', { q: 'Geheime' }, []],
      ['a withdrawn article is never found', { q: 'Geheimtreffen' }, []],
      ['no words, no results', { q: '  ' }, []],
    ];
    for (const [name, req, expected] of CASES)
      it(`${name}: ${JSON.stringify(req)}`, async () => {
        assert.deepEqual(await found(req), expected);
      });

    it('ranks a headline match over a body match and newer over older', async () => {
      const r = await searchArticles(app, { q: 'Gipfel' });
      assert.deepEqual(
        r.hits.map((h) => h.slug),
        ['gipfel', 'koalition'],
      );
      assert.equal(r.total, 2);
      assert.ok((r.hits[0]?.score ?? 0) > (r.hits[1]?.score ?? 0));
    });

    it('returns kicker, headline, date and a snippet with the words found marked', async () => {
      const r = await searchArticles(app, { q: 'Selenskyj Forderung' });
      const hit = r.hits[0];
      assert.equal(hit?.slug, 'koalition');
      assert.equal(hit.kicker, 'Ukraine');
      assert.equal(hit.date, '2025-03-27');
      assert.deepEqual(
        hit.snippet.filter((s) => s.hit).map((s) => s.text),
        ['Selenskyjs', 'Forderung'],
      );
      assert.ok(
        hit.snippet
          .map((s) => s.text)
          .join('')
          .startsWith('Präsident Selenskyjs Forderung'),
      );
    });

    it('pages through results', async () => {
      const first = await searchArticles(app, { q: 'Bodentruppen', perPage: 1 });
      const second = await searchArticles(app, { q: 'Bodentruppen', perPage: 1, page: 2 });
      assert.equal(first.total, 2);
      assert.equal(first.hits.length, 1);
      assert.equal(second.hits.length, 1);
      assert.notEqual(first.hits[0]?.slug, second.hits[0]?.slug);
    });

    it('suggests a spelling that finds something', async () => {
      const r = await searchArticles(app, { q: 'Koalitoin' });
      assert.equal(r.total, 0);
      assert.equal(r.suggestion, 'koalition');
      assert.equal((await searchArticles(app, { q: 'Xylophon' })).suggestion, undefined);
    });

    it('matchesQuery decides from the article itself, drafts never match', async () => {
      assert.equal(await matchesQuery(app, ids.get('koalition') ?? '', '"Koalition der Willigen" -München'), true);
      assert.equal(await matchesQuery(app, ids.get('gipfel') ?? '', 'Bodentruppen -München'), false);
      assert.equal(await matchesQuery(app, ids.get('entwurf') ?? '', 'Bodentruppen'), false);
      assert.equal(await matchesQuery(app, ids.get('zurueckgezogen') ?? '', 'Geheimtreffen'), false);
    });

    it('publishing, changing and withdrawing reach the index through the article events', async () => {
      const input = article('neu', { lead: 'Ein Zeppelin landet.' });
      await saveArticle(store.db, input, { by: 'test', listeners: handlers });
      await run();
      assert.deepEqual(await found({ q: 'Zeppelin' }), ['neu']);
      await saveArticle(store.db, { ...input, lead: 'Ein Luftschiff landet.' }, { by: 'test', listeners: handlers });
      await run();
      assert.deepEqual(await found({ q: 'Zeppelin' }), []);
      assert.deepEqual(await found({ q: 'Luftschiff' }), ['neu']);
      await saveArticle(
        store.db,
        { ...input, lead: 'Ein Luftschiff landet.', status: 'draft' },
        {
          by: 'test',
          listeners: handlers,
        },
      );
      await run();
      assert.deepEqual(await found({ q: 'Luftschiff' }), []);
    });

    it('reindex rebuilds the index from the articles: published in, drafts and withdrawn out', async () => {
      await sql`delete from search_documents`.execute(store.db);
      if (dialect.name === 'sqlite') await sql`delete from search_fts`.execute(store.db);
      assert.deepEqual(await found({ q: 'Bodentruppen' }), []);
      const n = await reindex(app);
      assert.equal(n, 6, 'koalition, gipfel, umschrift, summit, reihenfolge, durcheinander: drafts are not');
      assert.deepEqual(await found({ q: 'Bodentruppen' }), ['gipfel', 'koalition']);
      assert.deepEqual(await found({ q: 'Geheimtreffen' }), []);
      assert.equal((await searchArticles(app, { q: 'Koalitoin' })).suggestion, 'koalition', 'words counted again');
    });

    it('a date filter finds an article numbered past its day (a day with more than 65,536 articles)', async () => {
      const gipfel = await getArticleById(store.db, ids.get('gipfel') ?? '');
      assert.ok(gipfel);
      const { hi } = dayRows(Math.floor(gipfel.published.instant.getTime() / 86_400_000));
      // A row (of the draft, which is not indexed) takes the day's last number: gipfel indexed again goes past it.
      const day = Math.floor(gipfel.published.instant.getTime() / 86_400_000);
      const at = gipfel.published.instant.toISOString();
      await (
        dialect.name === 'postgres'
          ? sql`insert into search_documents (id, article_id, language, published_at, published_day, document)
            values (${hi}, ${ids.get('entwurf')}, 'de', ${at}, ${day}, ''::tsvector)`
          : sql`insert into search_documents (id, article_id, language, published_at, published_day)
            values (${hi}, ${ids.get('entwurf')}, 'de', ${at}, ${day})`
      ).execute(store.db);
      await removeDocument(store.db, store.dialect, gipfel.id);
      await writeDocument(store.db, store.dialect, gipfel);
      const row = await store.db
        .selectFrom('search_documents')
        .select('id')
        .where('article_id', '=', gipfel.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.id > hi, 'gipfel is numbered past its day');
      assert.deepEqual(await found({ q: 'Bodentruppen', to: '2025-03-10' }), ['gipfel']);
      assert.deepEqual(await found({ q: 'Bodentruppen', from: '2025-03-10', to: '2025-03-10' }), ['gipfel']);
      assert.deepEqual(await found({ q: 'Bodentruppen', from: '2025-03-11', to: '2025-03-26' }), []);
      await store.db.deleteFrom('search_documents').where('id', '=', hi).execute();
    });

    const HOSTILE = [
      '"',
      '"""',
      'Koalition "der',
      "'; drop table articles; --",
      'NEAR(Koalition Willigen)',
      'Koalition*',
      '^Koalition',
      'headline:Koalition',
      'Koalition AND OR NOT',
      '(((',
      ')',
      '{a b}',
      '\0',
      'Koa\0lition',
      '-',
      '- -',
      'OR',
      'OR OR OR',
      '\u202e\u200b',
      '🙂 Koalition',
      "Koalition's \\ ' %_",
      '"a" "b" -',
      '-"',
    ];
    for (const q of HOSTILE)
      it(`a hostile query gives results or a QueryError, never another error: ${JSON.stringify(q)}`, async () => {
        try {
          const r = await searchArticles(app, { q });
          assert.ok(Array.isArray(r.hits));
        } catch (err) {
          assert.ok(err instanceof QueryError, `${String(err)}`);
        }
      });

    it('refuses a 10 KB query, a query of exclusions only and bad filters with clear messages', async () => {
      await assert.rejects(searchArticles(app, { q: 'Koalition '.repeat(1024) }), /at most 500/);
      await assert.rejects(searchArticles(app, { q: '-Koalition' }), (e) => e instanceof QueryError);
      await assert.rejects(searchArticles(app, { q: 'a', from: '27.03.2025' }), /from must be a date/);
      await assert.rejects(searchArticles(app, { q: 'a', to: '2025-02-30' }), /to must be a date/);
      await assert.rejects(searchArticles(app, { q: 'a', perPage: 500 }), /perPage/);
      await assert.rejects(searchArticles(app, { q: 'a', page: 0 }), /page/);
    });

    if (dialect.name === 'postgres')
      it("stems equal PostgreSQL's german configuration for words without spelled-out umlauts", async () => {
        const sample = ['Bodentruppen', 'Länder', 'Gipfels', 'Straße', 'München', 'Koalition', 'Willigen', 'Häuser'];
        for (const w of sample) {
          const { rows } = await sql<{ t: string }>`select to_tsvector('german', ${w})::text as t`.execute(store.db);
          assert.equal(rows[0]?.t.split("'")[1], term(w, 'de'), w);
        }
      });
  });
}
