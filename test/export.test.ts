// Export → import round trip on both databases: the demo content, the seed and an article of hostile text
// (Markdown syntax, HTML, escapes) come back as the same article models and the same rendered pages.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  exportArticles,
  getArticleBySlug,
  importPaths,
  loadSiteFrame,
  listPublished,
  parsePublicationDate,
  saveArticle,
  setSiteSettings,
  type Article,
  type ArticleInput,
  type PublicationDate,
} from '../src/article/index.ts';
import { DIALECTS } from '../src/store/testing.ts';
import { importSeed, runArticleEvents, startTestApp, type RunningApp } from './support.ts';

/** Text an editor could type that Markdown would read as syntax, in every field and block. */
function hostile(leadImage: Article['leadImage']): ArticleInput {
  const t = (text: string) => ({ text, marks: [] });
  return {
    importKey: 'id:feindlich',
    kicker: '<script>alert("k")</script> # *K*',
    headline: '# 1. *Nicht* _fett_ [Link](https://x.example) | `Code` & <b>HTML</b>',
    lead: '> Kein Zitat: **fett**? \\ Backslash, &amp; Entität, <i>kursiv</i>.',
    ...(leadImage ? { leadImage: { ...leadImage, caption: t('Foto: sieht aus wie ein Nachweis') } } : {}),
    body: [
      t('1. Mai: kein Listenpunkt, *kein* Stern, _kein_ Strich, [keine] Klammer, `kein` Code.'),
      t('# keine Überschrift\n- kein Punkt\n> kein Zitat\n---\n<https://www.youtube.com/watch?v=x>'),
      {
        text: 'Echte Marken: fett, kursiv und ein Link.',
        marks: [
          { type: 'strong', start: 14, end: 18 },
          { type: 'em', start: 20, end: 26 },
          { type: 'link', start: 35, end: 39, href: 'https://example.org/a_(b)?c=1&d=*' },
        ],
      },
      { ...t('Überschrift mit # am Ende #'), type: 'subheading', level: 2 },
      { ...t('„Wir bleiben“, sagt sie. *Punkt*'), type: 'quote', cite: 'Eine [Sprecherin] | Partei' },
      { type: 'list', ordered: true, start: 2, items: [t('1. zwei'), t('* drei | vier')] },
      { type: 'list', ordered: true, items: [t('eigene Liste')] },
      {
        type: 'table',
        header: true,
        align: ['left', 'right'],
        rows: [
          [t('Partei | Liste'), t('Stimmen')],
          [t('*Grüne*'), t('12 | 13')],
        ],
      },
      { type: 'infobox', title: 'Gut `zu` wissen <b>', paragraphs: [t('```'), t('~~~ Zaun')] },
      { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', network: 'YouTube' },
      { type: 'divider' },
    ].map((b) => ('type' in b ? b : { ...b, type: 'paragraph' })) as ArticleInput['body'],
    authors: ['Lena *Hartmann*', 'Jan [Meier]'],
    topics: ['C#', 'Pipes | Tabellen'],
    language: 'de',
    published: parsePublicationDate('2025-03-27T14:30:00+01:00') as PublicationDate,
    status: 'published',
  };
}

/** The article as readers and feeds see it: everything but the ids and times of this site's rows. */
function model(a: Article): unknown {
  const rest: Partial<Article> = { ...a };
  for (const key of ['id', 'importKey', 'createdAt', 'updatedAt', 'version'] as const) delete rest[key];
  return rest;
}

async function page(site: RunningApp, path: string): Promise<string> {
  const res = await fetch(site.baseUrl + path);
  assert.equal(res.status, 200, path);
  const body = await res.text();
  return body.replaceAll(site.baseUrl, 'ORIGIN').replaceAll(encodeURIComponent(site.baseUrl), 'ORIGIN');
}

for (const dialect of DIALECTS) {
  describe(`export and import (${dialect.name})`, () => {
    let source: RunningApp;
    let copy: RunningApp;
    let dir: string;
    before(async () => {
      source = await startTestApp(dialect, { demo: true });
      await importSeed(source.app);
      const withImage = (await listPublished(source.app.db, { limit: 100 })).find((a) => a.leadImage);
      await saveArticle(source.app.db, hostile(withImage?.leadImage ?? null), {
        by: 'test',
        listeners: source.app.articleEvents,
      });
      await runArticleEvents(source.app);
      copy = await startTestApp(dialect);
      dir = await mkdtemp(join(tmpdir(), 'blattwerk-export-'));
    });
    after(async () => {
      await source.stop();
      await copy.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('exports every article exactly, and importing the export gives the same articles and pages', async () => {
      const out = join(dir, 'export');
      const results = await exportArticles(source.app.db, source.app.files, out);
      const articles = await listPublished(source.app.db, { limit: 100 });
      assert.equal(results.length, articles.length);
      assert.deepEqual(
        results.filter((r) => r.differs),
        [],
      );
      const first = await readFile(join(out, results[0]!.file), 'utf8');
      assert.match(first, /^---\nid: /);
      assert.ok(
        (await readdir(out)).some((f) => !f.endsWith('.md')),
        'images sit in folders beside the files',
      );

      const imported = await importPaths(copy.app.db, [out], {
        files: copy.app.files,
        listeners: copy.app.articleEvents,
      });
      assert.deepEqual(
        imported.filter((r) => !r.ok),
        [],
      );
      await runArticleEvents(copy.app);
      // Site settings are not articles (a backup carries them, an export does not): give the copy the same sections.
      const sections = await source.app.db
        .selectFrom('site_meta')
        .select('value')
        .where('key', '=', 'site.sections')
        .executeTakeFirstOrThrow();
      await setSiteSettings(copy.app.db, [`sections=${(JSON.parse(sections.value) as string[]).join(',')}`]);
      copy.app.site = await loadSiteFrame(copy.app.db, copy.app.config.siteName);
      assert.ok(articles.some((a) => a.headline.startsWith('# 1. *Nicht*')));
      assert.ok(articles.some((a) => a.leadImage) && articles.some((a) => a.body.some((b) => b.type === 'table')));
      for (const a of articles) {
        const again = await getArticleBySlug(copy.app.db, a.slug);
        assert.ok(again, a.slug);
        assert.deepEqual(model(again), model(a), a.slug);
        assert.equal(await page(copy, `/artikel/${a.slug}`), await page(source, `/artikel/${a.slug}`), a.slug);
      }
      assert.equal(await page(copy, '/'), await page(source, '/'));
    });
  });
}
