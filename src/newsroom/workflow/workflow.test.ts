// The workflow over HTTP and through the job queue, on every dialect: who may take which step (403 otherwise),
// the embargo even by hand, scheduled publishing exactly once (also after a downtime, and with two workers),
// withdrawn articles gone from the page (410), feeds, sitemap and search, revisions with diff and restore,
// corrections on the page, in JSON-LD, in the feeds and on the transparency page, each step in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAppWorker } from '../../app.ts';
import {
  EmbargoError,
  getArticleById,
  listEvents,
  parsePublicationDate,
  saveArticle,
  type Article,
  type ArticleInput,
} from '../../article/index.ts';
import type { App } from '../../kernel/index.ts';
import { randomBytes } from 'node:crypto';
import { startWorker } from '../../store/jobs.ts';
import { DIALECTS, type TestDatabase } from '../../store/testing.ts';
import { runArticleEvents, startTestApp, type RunningApp } from '../../../test/support.ts';
import { listAudit } from '../audit.ts';
import type { NewsroomApp } from '../context.ts';
import { activeStaff, StaffClient } from '../testing.ts';
import { berlinLocal } from './panel.ts';
import { publishJob } from './schedule.ts';

type Person = Awaited<ReturnType<typeof activeStaff>>;

const today = () => {
  const p = parsePublicationDate(new Date().toISOString().slice(0, 10));
  if (typeof p === 'string') throw new Error(p);
  return p;
};

let n = 0;
async function draft(app: App, owner: Person | null, input: Partial<ArticleInput> = {}): Promise<Article> {
  const { article } = await saveArticle(
    app.db,
    {
      headline: `Testmeldung ${++n} über den Haushalt`,
      lead: 'Der Bundestag berät den Haushalt.',
      body: [{ type: 'paragraph', text: 'Die Koalition hat sich auf einen Entwurf geeinigt.', marks: [] }],
      authors: ['Lena Hartmann'],
      topics: ['Haushalt'],
      language: 'de',
      published: today(),
      status: 'draft',
      ...input,
    },
    { by: owner?.email ?? 'import', ...(owner ? { createdBy: owner.id } : {}), listeners: app.articleEvents },
  );
  return article;
}

/** A reader following the topic "Haushalt" with one push device: fan-outs write one delivery row for them. */
async function follower(app: App): Promise<string> {
  // Written as rows: the follow feature's own helpers are not this feature's to import.
  const f = { id: randomBytes(16).toString('hex') };
  const at = new Date().toISOString();
  await app.db
    .insertInto('followers')
    .values({ id: f.id, token_hash: randomBytes(32).toString('hex'), created_at: at, last_seen_at: at })
    .execute();
  await app.db.insertInto('follows').values({ follower_id: f.id, item: 'topic:haushalt', created_at: at }).execute();
  await app.db
    .insertInto('push_subscriptions')
    .values({
      id: `sub-${f.id}`,
      follower_id: f.id,
      endpoint: `https://push.invalid/${f.id}`,
      p256dh: 'x',
      auth: 'y',
      created_at: new Date().toISOString(),
      failures: 0,
      last_error: null,
    })
    .execute();
  return f.id;
}

const deliveries = async (app: App, articleId: string) =>
  (await app.db.selectFrom('deliveries').select('follower_id').where('article_id', '=', articleId).execute()).length;

const published = async (app: App, articleId: string) =>
  (await listEvents(app.db, articleId)).filter((e) => e.type === 'article.published').length;

/** Runs every runnable job of the app (the failing push sends go back to the queue for later). */
const drain = (app: RunningApp['app']) => startAppWorker(app, false).drain();

for (const dialect of DIALECTS) {
  describe(`newsroom workflow (${dialect.name})`, () => {
    let site: RunningApp;
    let contributor: Person;
    let author: Person;
    let editor: Person;
    before(async () => {
      site = await startTestApp(dialect);
      contributor = await activeStaff(site.app, 'mitarbeit@example.org', 'contributor');
      author = await activeStaff(site.app, 'autorin@example.org', 'author');
      editor = await activeStaff(site.app, 'redaktion@example.org', 'editor');
    });
    after(() => site.stop());

    const as = (p: Person) => {
      const c = new StaffClient(site.baseUrl);
      c.cookies.set('bw_staff', p.token);
      return c;
    };
    async function step(p: Person, article: Article, path: string, fields: Record<string, string> = {}) {
      const c = as(p);
      const csrf = await c.csrf(`/redaktion/artikel/${article.id}/status`);
      return c.post(`/redaktion/artikel/${article.id}/${path}`, { csrf, ...fields });
    }
    const state = async (a: Article) => (await getArticleById(site.app.db, a.id))!.state;

    it("links a published article's reader page in the staff page's language, and the switch keeps the page", async () => {
      const article = await draft(site.app, editor);
      assert.equal((await step(editor, article, 'veroeffentlichen')).status, 303);
      const slug = (await getArticleById(site.app.db, article.id))!.slug;
      const german = await (await as(editor).get(`/redaktion/artikel/${article.id}/status`)).text();
      assert.match(german, new RegExp(`<a href="/artikel/${slug}">Ansehen</a>`));
      assert.match(german, new RegExp(`<a class="lang" href="/en/redaktion/artikel/${article.id}/status"`));
      const english = await (await as(editor).get(`/en/redaktion/artikel/${article.id}/status`)).text();
      assert.match(english, new RegExp(`<a href="/en/artikel/${slug}">View</a>`));
      assert.match(english, new RegExp(`<a class="lang" href="/redaktion/artikel/${article.id}/status"`));
    });

    it('lets Mitarbeit only submit, Autor/in publish their own, Redaktion everything; refuses the rest with 403', async () => {
      const mine = await draft(site.app, contributor);
      assert.equal((await step(contributor, mine, 'veroeffentlichen')).status, 403, 'contributor cannot publish');
      assert.equal(
        (await step(contributor, mine, 'planen', { at: berlinLocal(new Date(Date.now() + 3600_000)) })).status,
        403,
      );
      const other = await draft(site.app, author);
      assert.equal((await step(contributor, other, 'einreichen')).status, 403, 'not their article');
      // Submitted from the editor, the contributor lands on the status page: the editor no longer opens it for them.
      const submitted = await step(contributor, mine, 'einreichen', { zurueck: `/redaktion/artikel/${mine.id}` });
      assert.equal(submitted.status, 303);
      assert.equal(submitted.headers.get('location'), `/redaktion/artikel/${mine.id}/status?ok=submit`);
      assert.equal(await state(mine), 'review');
      assert.equal((await step(contributor, mine, 'einreichen')).status, 409, 'already in review');
      assert.equal((await step(author, mine, 'veroeffentlichen')).status, 403, "an author cannot publish another's");
      assert.equal((await step(author, mine, 'zurueckgeben', { note: 'Quelle fehlt' })).status, 403);
      const returned = await step(editor, mine, 'zurueckgeben', { note: 'Bitte <Quelle> nennen' });
      assert.equal(returned.status, 303);
      const page = await (await as(contributor).get(`/redaktion/artikel/${mine.id}/status`)).text();
      assert.match(page, /Bitte &lt;Quelle&gt; nennen/, 'the note is shown, escaped');
      assert.doesNotMatch(page, /action="[^"]*\/veroeffentlichen"/, 'no publish button for a contributor');

      const own = await draft(site.app, author);
      assert.equal((await step(author, own, 'veroeffentlichen')).status, 303);
      assert.equal(await state(own), 'published');
      assert.equal(
        (await step(author, own, 'zurueckziehen', { note: 'Falsch' })).status,
        403,
        'withdrawing is Redaktion',
      );
      assert.equal((await step(editor, own, 'zurueckziehen', { note: '' })).status, 400, 'a withdrawal needs a reason');
      assert.equal((await step(editor, own, 'zurueckziehen', { note: 'Rechtliche Gründe' })).status, 303);
      assert.equal((await step(editor, own, 'zurueckziehen', { note: 'Noch einmal' })).status, 409);
      assert.equal((await step(author, own, 'wiederveroeffentlichen')).status, 403);
      assert.equal((await step(editor, own, 'wiederveroeffentlichen')).status, 303);
      assert.equal(await state(own), 'published');
      const stale = await step(editor, own, 'zurueckziehen', { note: 'x', version: '1' });
      assert.equal(stale.status, 409, 'a step based on an old version is refused');
      assert.match(await stale.text(), /inzwischen geändert/);

      const actions = (await listAudit(site.app.db, { limit: 50 }))
        .filter((e) => e.subject === own.id)
        .map((e) => e.action);
      assert.deepEqual(actions.reverse(), ['article.publish', 'article.withdraw', 'article.republish']);
      const anonymous = await new StaffClient(site.baseUrl).post(`/redaktion/artikel/${own.id}/zurueckziehen`, {});
      assert.ok([401, 403].includes(anonymous.status), `anonymous: ${anonymous.status}`);
    });

    it('lists drafts, review, scheduled, published and withdrawn on the dashboard, filtered by author, topic and headline', async () => {
      const a = await draft(site.app, contributor, {
        headline: 'Kürbisernte im <Spreewald>',
        topics: ['Landwirtschaft'],
      });
      const b = await draft(site.app, contributor, { headline: 'Kürbissuppe für alle', authors: ['Jonas Weber'] });
      await step(contributor, b, 'einreichen');
      const c = as(contributor);
      const section = (page: string, id: string) =>
        page.slice(page.indexOf(`id="liste-${id}"`), page.indexOf('</section>', page.indexOf(`id="liste-${id}"`)));
      const all = await (await c.get('/redaktion?q=k%C3%BCrbis')).text();
      assert.match(
        section(all, 'entwuerfe'),
        new RegExp(`href="/redaktion/artikel/${a.id}">Kürbisernte im &lt;Spreewald&gt;</a>`),
      );
      assert.match(section(all, 'pruefung'), new RegExp(`href="/redaktion/artikel/${b.id}"`));
      assert.doesNotMatch(all, /Testmeldung/, 'the headline filter');
      const byTopic = await (await c.get('/redaktion?q=k%C3%BCrbis&thema=landwirtschaft')).text();
      assert.match(byTopic, new RegExp(a.id));
      assert.doesNotMatch(byTopic, new RegExp(b.id));
      const byAuthor = await (await c.get('/redaktion?autor=jonas-weber')).text();
      assert.match(byAuthor, new RegExp(b.id));
      assert.doesNotMatch(byAuthor, new RegExp(a.id));
      assert.equal((await c.get('/redaktion?q=100%25_%21')).status, 200, 'wildcards are only text');
    });

    it('takes a time a few seconds past as now, and refuses one that has passed', async () => {
      const a = await draft(site.app, author);
      const passed = await step(author, a, 'planen', { at: berlinLocal(new Date(Date.now() - 5 * 60_000)) });
      assert.equal(passed.status, 400);
      assert.match(await passed.text(), /Der Zeitpunkt liegt in der Vergangenheit/);
      assert.equal(await state(a), 'draft', 'nothing changed');
      const justNow = await step(author, a, 'planen', { at: berlinLocal(new Date(Date.now() - 20_000)) });
      assert.equal(justNow.status, 303, 'the minute the form was filled in');
      assert.equal(await state(a), 'scheduled');
    });

    it('holds the embargo against every way of publishing, by hand too', async () => {
      const a = await draft(site.app, author);
      const embargo = new Date(Date.now() + 2 * 3600_000);
      const early = await step(author, a, 'planen', {
        at: berlinLocal(new Date(Date.now() + 3600_000)),
        embargo: berlinLocal(embargo),
      });
      assert.equal(early.status, 409, 'a schedule before the embargo');
      const ok = await step(author, a, 'planen', {
        at: berlinLocal(new Date(embargo.getTime() + 60_000)),
        embargo: berlinLocal(embargo),
      });
      assert.equal(ok.status, 303);
      assert.equal(await state(a), 'scheduled');
      const byHand = await step(editor, a, 'veroeffentlichen');
      assert.equal(byHand.status, 409);
      assert.match(await byHand.text(), /Sperrfrist bis/);
      const current = (await getArticleById(site.app.db, a.id))!;
      await assert.rejects(
        saveArticle(site.app.db, { ...inputOf(current), status: 'published' }, { by: 'import', id: a.id }),
        EmbargoError,
      );
      assert.equal(await state(a), 'scheduled');
      assert.equal(await published(site.app, a.id), 0);
    });

    it('withdraws: 410 with a note, gone from feeds, sitemap, search, lists and its audio', async () => {
      const a = await draft(site.app, editor, { headline: 'Zurückgezogene Meldung über Zwiebelkuchen' });
      await step(editor, a, 'veroeffentlichen');
      await runArticleEvents(site.app);
      const slug = (await getArticleById(site.app.db, a.id))!.slug;
      const get = (path: string) => fetch(site.baseUrl + path);
      assert.equal((await get(`/artikel/${slug}`)).status, 200);
      assert.match(await (await get('/feed.xml')).text(), new RegExp(slug));
      for (const part of ['/sitemap-de-1.xml', '/sitemap-en-1.xml'])
        assert.match(await (await get(part)).text(), new RegExp(slug), part);
      assert.match(await (await get('/api/v1/search?q=Zwiebelkuchen')).text(), new RegExp(a.id));
      const hash = 'a'.repeat(22);
      await site.app.files.put(`audio/${a.id}.mp3`, Buffer.from('ID3 not really audio'));
      const audio = {
        state: 'ready' as const,
        text_hash: hash,
        voice: 'test',
        file_key: `audio/${a.id}.mp3`,
        updated_at: new Date().toISOString(),
      };
      await site.app.db
        .insertInto('article_audio')
        .values({ article_id: a.id, ...audio })
        .onConflict((oc) => oc.column('article_id').doUpdateSet(audio))
        .execute();
      const audioPath = `/audio/${a.id}/${hash}.mp3`;
      assert.equal((await get(audioPath)).status, 200, 'its audio while published');
      assert.equal((await step(editor, a, 'zurueckziehen', { note: 'Die Quelle hat <widerrufen>' })).status, 303);
      await runArticleEvents(site.app);
      const gone = await get(`/artikel/${slug}`);
      assert.equal(gone.status, 410);
      const body = await gone.text();
      assert.match(body, /zurückgezogen/);
      assert.match(body, /Die Quelle hat &lt;widerrufen&gt;/);
      for (const path of [
        '/feed.xml',
        '/feed.atom',
        '/feed.json',
        '/sitemap-de-1.xml',
        '/sitemap-en-1.xml',
        '/',
        '/thema/haushalt',
        '/autor/lena-hartmann',
      ])
        assert.doesNotMatch(await (await get(path)).text(), new RegExp(slug), path);
      assert.doesNotMatch(await (await get('/api/v1/search?q=Zwiebelkuchen')).text(), new RegExp(a.id), 'search');
      assert.equal((await get(audioPath)).status, 404, 'no audio for a withdrawn article');
    });

    it('publishes a scheduled article once, at its time, with the scheduled time as its date', async () => {
      const reader = await follower(site.app);
      const a = await draft(site.app, editor);
      const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
      assert.equal((await step(editor, a, 'planen', { at: berlinLocal(at) })).status, 303);
      // Two workers and two direct runs of the job at once: one publication.
      while (Date.now() < at.getTime()) await new Promise((r) => setTimeout(r, 100));
      const newsroom = site.app.features.newsroom as NewsroomApp;
      const job = publishJob(newsroom);
      const payload = { articleId: a.id, at: at.toISOString() };
      const fake = (id: string) => ({ id, name: 'workflow.publish' as const, payload, attempts: 1, maxAttempts: 8 });
      const signal = new AbortController().signal;
      const results = await Promise.all([
        job(fake('x1'), signal),
        job(fake('x2'), signal),
        startAppWorker(site.app, false).drain(),
        startWorker(site.app.db, { handlers: site.app.jobs() }, false).drain(),
      ]);
      assert.deepEqual(results.slice(0, 2), ['done', 'done']);
      await drain(site.app);
      const article = (await getArticleById(site.app.db, a.id))!;
      assert.equal(article.state, 'published');
      assert.equal(article.published.instant.toISOString(), at.toISOString(), 'dated at the scheduled time');
      assert.equal(await published(site.app, a.id), 1, 'one published event');
      assert.equal(await deliveries(site.app, a.id), 1, 'one notification for the follower');
      const audit = (await listAudit(site.app.db, { action: 'article.publish' })).filter((e) => e.subject === a.id);
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, 'schedule');
      assert.ok(reader);
    });

    it('keeps revisions with a word diff, and restores one as a new version', async () => {
      const a = await draft(site.app, editor, { importKey: `rev-${dialect.name}` });
      await step(editor, a, 'veroeffentlichen');
      const v1 = (await getArticleById(site.app.db, a.id))!;
      const { article: v2 } = await saveArticle(
        site.app.db,
        { ...inputOf(v1), lead: 'Der Bundesrat <stimmt> dem Haushalt zu.' },
        { by: editor.email, id: a.id, listeners: site.app.articleEvents },
      );
      const c = as(editor);
      const page = await (
        await c.get(`/redaktion/artikel/${a.id}/fassungen?von=${v1.version}&bis=${v2.version}`)
      ).text();
      assert.match(
        page,
        /<del[^>]*>Bundestag berät den<\/del><ins[^>]*>Bundesrat &lt;stimmt&gt; dem<\/ins> Haushalt <ins[^>]*>zu<\/ins>\./,
      );
      assert.match(
        page,
        new RegExp(`<td>${v1.version}</td><td>${editor.email.replace('.', '\\.')}</td>`),
        'who saved it',
      );
      const csrf = await c.csrf(`/redaktion/artikel/${a.id}/fassungen`);
      const r = await c.post(`/redaktion/artikel/${a.id}/fassungen/wiederherstellen`, {
        csrf,
        fassung: String(v1.version),
        version: String(v2.version),
        zurueck: `/redaktion/artikel/${a.id}/fassungen`,
      });
      assert.equal(r.status, 303);
      const v3 = (await getArticleById(site.app.db, a.id))!;
      assert.equal(v3.lead, v1.lead);
      assert.equal(v3.version, v2.version + 1, 'a new version');
      assert.equal((await step(author, v3, 'fassungen/wiederherstellen', { fassung: '1' })).status, 403);
      assert.equal((await c.get(`/redaktion/artikel/${a.id}/fassungen?von=999&bis=1`)).status, 404);
    });

    it('shows corrections under the text, in JSON-LD, feeds and the transparency page', async () => {
      const a = await draft(site.app, editor, { headline: 'Meldung mit Korrektur' });
      await step(editor, a, 'veroeffentlichen');
      assert.equal(
        (await step(editor, a, 'korrektur', { kind: 'update', note: 'Inzwischen hat auch der Bundesrat zugestimmt.' }))
          .status,
        303,
      );
      assert.equal((await step(author, a, 'korrektur', { kind: 'correction', note: 'x' })).status, 403);
      assert.equal(
        (
          await step(editor, a, 'korrektur', {
            kind: 'correction',
            wrong: 'Der Haushalt umfasst 400 Milliarden Euro.',
            note: 'Der Haushalt umfasst 480 Milliarden Euro.',
            substantive: '1',
          })
        ).status,
        303,
      );
      await drain(site.app);
      const article = (await getArticleById(site.app.db, a.id))!;
      assert.equal(article.corrections.length, 2);
      const html = await (await fetch(`${site.baseUrl}/artikel/${article.slug}`)).text();
      assert.match(
        html,
        /Aktualisiert am <time[^>]*>[^<]+<\/time>:<\/strong> Inzwischen hat auch der Bundesrat zugestimmt\./,
      );
      assert.match(
        html,
        /Korrektur vom <time[^>]*>[^<]+<\/time>:<\/strong> In einer früheren Fassung hieß es: „Der Haushalt umfasst 400 Milliarden Euro\.“ Richtig ist: Der Haushalt umfasst 480/,
      );
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as {
        correction: { '@type': string; text: string; datePublished: string }[];
        dateModified: string;
      };
      assert.equal(ld.correction.length, 1, 'an update is no correction');
      assert.equal(ld.correction[0]!['@type'], 'CorrectionComment');
      assert.match(ld.correction[0]!.text, /480 Milliarden/);
      assert.equal(ld.dateModified, article.updatedAt!.toISOString());
      const atom = await (await fetch(`${site.baseUrl}/feed.atom`)).text();
      const entry = atom.split('<entry>').find((e) => e.includes(`/artikel/${article.slug}"`)) ?? '';
      assert.match(entry, new RegExp(`<updated>${article.updatedAt!.toISOString()}</updated>`));
      for (const path of ['/korrekturen', '/corrections']) {
        const page = await (await fetch(site.baseUrl + path)).text();
        const first = page.indexOf('480 Milliarden');
        const second = page.indexOf('Bundesrat zugestimmt');
        assert.ok(first > 0 && second > first, `${path}: newest first`);
      }
      const front = await (await fetch(`${site.baseUrl}/`)).text();
      assert.match(front, /href="\/korrekturen"/, 'the footer links the transparency page');
      const audit = (await listAudit(site.app.db, { action: 'article.correct' })).filter((e) => e.subject === a.id);
      assert.deepEqual(
        audit.map((e) => e.detail?.substantive),
        [true, false],
      );
    });
  });

  describe(`scheduled publishing across a downtime (${dialect.name})`, () => {
    let testDb: TestDatabase;
    before(async () => {
      testDb = await dialect.create();
    });
    after(() => testDb.cleanup());

    it('publishes once after a restart when the time passed while the server was down', async () => {
      let site = await startTestApp(dialect, { database: testDb });
      const editor = await activeStaff(site.app, 'redaktion@example.org', 'editor');
      await follower(site.app);
      const a = await draft(site.app, editor);
      const c = new StaffClient(site.baseUrl);
      c.cookies.set('bw_staff', editor.token);
      const csrf = await c.csrf(`/redaktion/artikel/${a.id}/status`);
      const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
      assert.equal((await c.post(`/redaktion/artikel/${a.id}/planen`, { csrf, at: berlinLocal(at) })).status, 303);
      await site.stop();
      while (Date.now() < at.getTime() + 500) await new Promise((r) => setTimeout(r, 100));
      site = await startTestApp(dialect, { database: testDb });
      try {
        assert.equal((await getArticleById(site.app.db, a.id))!.state, 'scheduled', 'nothing ran while down');
        await drain(site.app);
        await drain(site.app);
        const article = (await getArticleById(site.app.db, a.id))!;
        assert.equal(article.state, 'published');
        assert.equal(article.published.instant.toISOString(), at.toISOString());
        assert.equal(await published(site.app, a.id), 1);
        assert.equal(await deliveries(site.app, a.id), 1);
      } finally {
        await site.stop();
      }
    });
  });
}

function inputOf(a: Article): ArticleInput {
  return {
    headline: a.headline,
    lead: a.lead,
    body: a.body,
    authors: a.authors.map((x) => x.name),
    topics: a.topics.map((x) => x.name),
    language: a.language,
    published: a.published,
    status: a.status,
    ...(a.importKey ? { importKey: a.importKey } : {}),
  };
}
