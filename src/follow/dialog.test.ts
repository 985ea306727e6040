// The follow dialog offers what an article is about: every person, place and organisation it names, most
// mentioned first, grouped, folded after a handful; a topic named like an entity is offered once, as the entity.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { importPaths, loadSiteFrame, setSiteSettings } from '../article/index.ts';
import { DIALECTS } from '../store/testing.ts';
import { SEED_FILE, runArticleEvents, startTestApp, type RunningApp } from '../../test/support.ts';
import { HANDFUL } from './views.ts';

const DEMO_PARIS = '/artikel/europas-unterstuetzer-beraten-ueber-sicherheitsgarantien-fuer-kiew';

/** The dialog's groups in order: heading, shown toggles, folded toggles, each toggle as [name, item]. */
function dialogGroups(page: string) {
  const dialog = /<dialog id="folgen-dialog"[\s\S]*?<\/dialog>/.exec(page)?.[0] ?? assert.fail('no dialog');
  const toggles = (part: string) => [...part.matchAll(/data-item="([^"]+)">([^<]+)<\/button>/g)].map((m) => m[2]!);
  return dialog
    .split('<h3>')
    .slice(1)
    .map((part) => {
      const [shown, folded = ''] = part.split('<details class="more">');
      return { heading: part.slice(0, part.indexOf('</h3>')), shown: toggles(shown!), folded: toggles(folded) };
    });
}

for (const dialect of DIALECTS) {
  describe(`the follow dialog (${dialect.name})`, () => {
    let site: RunningApp;
    let seed: string;
    let demo: string;

    before(async () => {
      site = await startTestApp(dialect, { demo: true });
      await importPaths(site.app.db, [fileURLToPath(SEED_FILE)], { listeners: site.app.articleEvents });
      await runArticleEvents(site.app);
      const get = async (path: string) => (await fetch(site.baseUrl + path)).text();
      seed = await get('/artikel/in-paris-trifft-sich-die-koalition-der-willigen');
      demo = await get(DEMO_PARIS);
    });
    after(() => site.stop());

    it('offers everyone and every place the seed names, once each, grouped', () => {
      const groups = dialogGroups(seed);
      assert.deepEqual(
        groups.map((g) => g.heading),
        ['Personen', 'Orte', 'Organisationen'],
      );
      const all = groups.flatMap((g) => [...g.shown, ...g.folded]);
      assert.equal(new Set(all).size, all.length, `offered twice: ${all.join(', ')}`);
      const people = [...groups[0]!.shown, ...groups[0]!.folded];
      const places = [...groups[1]!.shown, ...groups[1]!.folded];
      for (const name of ['Emmanuel Macron', 'Wolodymyr Selenskyj', 'Donald Trump', 'Wladimir Putin', 'Steve Witkoff'])
        assert.ok(people.includes(name), name);
      for (const name of ['Mark Rutte', 'Olaf Scholz', 'Donald Tusk', 'Giorgia Meloni'])
        assert.ok(people.includes(name), name);
      for (const name of ['Paris', 'Ukraine', 'Europa', 'Moskau', 'Kiew', 'Washington', 'Großbritannien', 'Kanada'])
        assert.ok(places.includes(name), name);
      for (const name of ['Norwegen', 'Türkei', 'Polen', 'Italien', 'Vereinigte Staaten'])
        assert.ok(places.includes(name), name);
      assert.ok(groups[2]!.shown.includes('Nato'));
    });

    it('puts the most mentioned first and folds the rest after a handful, not cut off', () => {
      const [people, places] = dialogGroups(seed);
      assert.deepEqual(people!.shown.slice(0, 3), ['Emmanuel Macron', 'Wolodymyr Selenskyj', 'Donald Trump']);
      assert.equal(places!.shown[0], 'Ukraine', 'named twelve times');
      assert.equal(places!.shown.length, HANDFUL);
      assert.ok(places!.folded.length > 0);
      assert.match(seed, /<details class="more"><summary>\d+ weitere<\/summary>/);
    });

    it('offers a topic named like an entity once, as the entity, and leads its follow link there', async () => {
      const groups = dialogGroups(demo);
      const items = [...demo.matchAll(/data-item="([^"]+)">Europa</g)].map((m) => m[1]);
      assert.deepEqual(items, ['entity:europe']);
      const topics = groups.find((g) => g.heading === 'Themen');
      assert.deepEqual(topics?.shown, ['Sicherheitspolitik']);
      const form = await (await fetch(`${site.baseUrl}/folgen?item=topic:europa`)).text();
      assert.ok(form.includes('name="follow" value="entity:europe"'), 'the topic page offers the entity');
      assert.ok(form.includes('<a href="/ort/europe">Europa</a>'), 'and links its page');
    });

    it('has one page for a topic and the entity named alike: the topic page and feeds move to the entity', async () => {
      const moved = async (path: string) => {
        const r = await fetch(site.baseUrl + path, { redirect: 'manual' });
        return [r.status, r.headers.get('location')];
      };
      assert.deepEqual(await moved('/thema/europa'), [301, '/ort/europe']);
      assert.deepEqual(await moved('/thema/europa?seite=1'), [301, '/ort/europe?seite=1']);
      for (const ext of ['xml', 'atom', 'json'])
        assert.deepEqual(await moved(`/thema/europa/feed.${ext}`), [301, `/ort/europe/feed.${ext}`]);
      const page = await (await fetch(`${site.baseUrl}/thema/europa`)).text();
      assert.match(page, /<h1>Europa<\/h1>/);
      assert.ok(page.includes(DEMO_PARIS), "the entity's page lists the topic's article");
      const feed: unknown = await (await fetch(`${site.baseUrl}/thema/europa/feed.json`)).json();
      assert.ok(JSON.stringify(feed).includes(DEMO_PARIS), 'and so does its feed');
      assert.equal((await fetch(`${site.baseUrl}/thema/sicherheitspolitik`)).status, 200, 'other topics stay');
      assert.equal((await fetch(`${site.baseUrl}/ort/europe`)).status, 200);
    });

    it('keeps a section named like an entity as the one page: the entity page moves to the section', async () => {
      // The running server reloads the frame when told of the change; every feature's pages then use it.
      const sectionsAre = async (names: string[]) => {
        while (site.app.features.follow!.site.sections.map((s) => s.name).join() !== names.join()) await setImmediate();
      };
      await setSiteSettings(site.app.db, ['sections=Europa,Politik']);
      await sectionsAre(['Europa', 'Politik']);
      try {
        const r = await fetch(`${site.baseUrl}/ort/europe/feed.xml`, { redirect: 'manual' });
        assert.deepEqual([r.status, r.headers.get('location')], [301, '/thema/europa/feed.xml']);
        const page = await fetch(`${site.baseUrl}/ort/europe`);
        assert.equal(page.url, `${site.baseUrl}/thema/europa`);
        assert.match(await page.text(), /<h1 class="section-name">Europa<\/h1>/);
      } finally {
        await setSiteSettings(site.app.db, ['sections=']);
        await sectionsAre((await loadSiteFrame(site.app.db, site.app.config.siteName)).sections.map((s) => s.name));
      }
    });
  });
}
