// Whether an edit needs new audio: the speech hash.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePublicationDate, type Article } from '../article/index.ts';
import type { Store } from '../store/db.ts';
import { MIGRATIONS } from '../migrations.ts';
import { DIALECTS, openTestStore } from '../store/testing.ts';
import { speechPlan } from './generate.ts';
import { setVoiceChoice } from './voice.ts';

const engine = { voices: [''], voiceFor: () => 'test-voice' };

function article(text: string): Article {
  const published = parsePublicationDate('2025-03-01');
  if (typeof published === 'string') throw new Error(published);
  return {
    id: 'a',
    slug: 'treffen',
    importKey: null,
    status: 'published',
    language: 'de',
    kicker: null,
    headline: 'Treffen',
    lead: 'Ein Vorspann.',
    body: [{ type: 'paragraph', text, marks: [] }],
    authors: [],
    topics: [],
    published,
    updatedAt: null,
    createdAt: new Date(),
    sourceUrl: null,
    leadImage: null,
    version: 1,
    state: 'published',
    createdBy: null,
    scheduledAt: null,
    embargoUntil: null,
    keepDate: false,
    stateNote: null,
    corrections: [],
    seo: { title: '', description: '' },
  };
}

for (const dialect of DIALECTS) {
  describe(`speech hash (${dialect.name})`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(dialect, MIGRATIONS);
    });
    after(() => store.close());

    it('speaks in the chosen voice, one the engine has, and hashes it (new audio then)', async () => {
      const choosing = { voices: ['', 'f3'], voiceFor: (_: string, choice = '') => `test-voice${choice}` };
      const text = article('Es kamen fünf Leute zum Treffen.');
      const standard = await speechPlan(store.db, choosing, text);
      await setVoiceChoice(store.db, 'f3');
      try {
        const chosen = await speechPlan(store.db, choosing, text);
        assert.equal(chosen.choice, 'f3');
        assert.equal(chosen.voice, 'test-voicef3');
        assert.notEqual(chosen.textHash, standard.textHash, 'the audio made before is stale');
        const other = await speechPlan(store.db, engine, text);
        assert.equal(other.choice, '', 'an engine without that voice speaks its standard one');
      } finally {
        await setVoiceChoice(store.db, '');
      }
      assert.equal((await speechPlan(store.db, choosing, text)).textHash, standard.textHash);
    });

    it('changes when the printed text moves the sentences though the spoken text stays ("5" → "fünf")', async () => {
      const digits = await speechPlan(store.db, engine, article('Es kamen 5 Leute zum Treffen. Dann gingen sie.'));
      const words = await speechPlan(store.db, engine, article('Es kamen fünf Leute zum Treffen. Dann gingen sie.'));
      assert.deepEqual(
        words.sentences.map((s) => s.spoken),
        digits.sentences.map((s) => s.spoken),
        'both are spoken alike',
      );
      assert.notDeepEqual(
        words.sentences.map((s) => s.end),
        digits.sentences.map((s) => s.end),
      );
      // Same hash would keep the old audio, whose sentence spans would cut "Treffen" on the page.
      assert.notEqual(words.textHash, digits.textHash);
    });

    it('stays the same for the same text', async () => {
      const one = await speechPlan(store.db, engine, article('Es kamen fünf Leute.'));
      const two = await speechPlan(store.db, engine, { ...article('Es kamen fünf Leute.'), version: 2 });
      assert.equal(one.textHash, two.textHash);
    });
  });
}
