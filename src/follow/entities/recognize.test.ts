import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { entityIndex, recognizeEntities } from './index.ts';
import type { Entity, Recognition } from './index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const seedPath = path.resolve(repoRoot, '../shared/seed/article-2025-03-koalition-der-willigen.txt');

function readSeed(): string {
  if (!existsSync(seedPath)) {
    assert.fail(`the seed article is missing: expected ${seedPath} (shared/ must sit beside the repository)`);
  }
  return readFileSync(seedPath, 'utf8');
}

const ids = (result: Recognition): string[] => result.entities.map((mention) => mention.entity.id).sort();
const countOf = (result: Recognition, id: string): number | undefined =>
  result.entities.find((mention) => mention.entity.id === id)?.count;

// Everything the seed mentions, and nothing else: this is the precision check on a real article.
const SEED_ENTITIES = [
  'canada',
  'donald-trump',
  'donald-tusk',
  'emmanuel-macron',
  'europe',
  'european-union',
  'giorgia-meloni',
  'italy',
  'kremlin',
  'kyiv',
  'mark-rutte',
  'moscow',
  'nato',
  'norway',
  'olaf-scholz',
  'paris',
  'poland',
  'steve-witkoff',
  'turkey',
  'ukraine',
  'united-kingdom',
  'united-states',
  'washington',
  'white-house',
  'wladimir-putin',
  'wolodymyr-selenskyj',
];
const FURNITURE = ['Vorlesen', 'News folgen', 'Artikel teilen', 'News', 'Artikel', 'folgen', 'teilen'];

describe('recognizeEntities on the seed article', () => {
  const variants = (): [string, string][] => {
    const text = readSeed();
    return [
      ['full file, page furniture included', text],
      ['body alone', text.slice(text.indexOf('\n') + 1)],
    ];
  };

  it('finds exactly the people, places and organisations of the article', () => {
    for (const [label, text] of variants()) {
      assert.deepEqual(ids(recognizeEntities(text)), SEED_ENTITIES, label);
    }
  });

  it('lets every form of an entity meet: names, surnames, genitives, compounds', () => {
    const result = recognizeEntities(readSeed());
    // Emmanuel Macron, Macron ×4, Macrons ×2.
    assert.equal(countOf(result, 'emmanuel-macron'), 7);
    // Wolodymyr Selenskyj and Selenskyj ×4.
    assert.equal(countOf(result, 'wolodymyr-selenskyj'), 5);
    // USA ×3, Amerika, US-Regierung, US-Delegationen.
    assert.equal(countOf(result, 'united-states'), 6);
    // Nato-Staaten, Nato-Generalsekretär; EU-Mitglieder, "für die EU".
    assert.equal(countOf(result, 'nato'), 2);
    assert.equal(countOf(result, 'european-union'), 2);
    // "Trumps Sondergesandter", "Polens Premier", "Italiens Ministerpräsidentin", "Unterstützer Kiews".
    for (const id of ['donald-trump', 'poland', 'italy', 'kyiv']) assert.ok(countOf(result, id), id);
  });

  it('reports where each entity is first mentioned, most mentioned first', () => {
    const text = readSeed();
    const result = recognizeEntities(text);
    const macron = result.entities.find((mention) => mention.entity.id === 'emmanuel-macron');
    assert.equal(text.slice(macron?.firstOffset, (macron?.firstOffset ?? 0) + 15), 'Emmanuel Macron');
    const counts = result.entities.map((mention) => mention.count);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
  });

  it('takes nothing from the page furniture, as entity or proposal, in either language', () => {
    const text = readSeed();
    const furnitureEnd = text.indexOf('\n');
    for (const language of ['de', 'en'] as const) {
      for (const sample of [text, text.slice(0, furnitureEnd)]) {
        const result = recognizeEntities(sample, { language });
        for (const mention of result.entities) assert.ok(mention.firstOffset > furnitureEnd, mention.entity.id);
        for (const proposal of result.proposals) {
          assert.ok(!FURNITURE.some((word) => proposal.name.includes(word)), `${language}: ${proposal.name}`);
        }
      }
    }
  });

  it('proposes nothing from the article: its names are all known, the rest are nouns', () => {
    assert.deepEqual(recognizeEntities(readSeed()).proposals, []);
  });
});

describe('recognizeEntities on English text', () => {
  it('finds the same entities under their English forms', () => {
    const result = recognizeEntities('Zelensky met Macron in Paris.', { language: 'en' });
    assert.deepEqual(ids(result), ['emmanuel-macron', 'paris', 'wolodymyr-selenskyj']);
    assert.deepEqual(result.proposals, []);
  });

  it('reads possessives and abbreviations', () => {
    const text = "Zelensky's talks with the U.S. and the UK at the UN in Kyiv; Trump’s envoy flew to Moscow.";
    assert.deepEqual(ids(recognizeEntities(text, { language: 'en' })), [
      'donald-trump',
      'kyiv',
      'moscow',
      'united-kingdom',
      'united-nations',
      'united-states',
      'wolodymyr-selenskyj',
    ]);
  });
});

describe('recognizeEntities with extra entities', () => {
  const hegseth: Entity = {
    id: 'pete-hegseth',
    kind: 'person',
    name: { de: 'Pete Hegseth', en: 'Pete Hegseth' },
    aliases: ['Hegseth'],
  };

  it('recognises an editor’s entity instead of proposing it', () => {
    const text = 'Am Montag sagte Pete Hegseth, Hegseths Plan stehe.';
    assert.deepEqual(recognizeEntities(text).proposals, [{ name: 'Pete Hegseth', count: 1 }]);
    const result = recognizeEntities(text, { extra: [hegseth] });
    assert.equal(countOf(result, 'pete-hegseth'), 2);
    assert.deepEqual(result.proposals, []);
  });

  it('lets an extra entity replace a built-in one with the same id', () => {
    const trump: Entity = {
      id: 'donald-trump',
      kind: 'person',
      name: { de: 'Donald Trump', en: 'Donald Trump' },
      aliases: ['Trump', 'POTUS'],
    };
    const index = entityIndex([trump]);
    assert.equal(countOf(recognizeEntities('POTUS said', { index, language: 'en' }), 'donald-trump'), 1);
    assert.equal(index.entities.filter((entity) => entity.id === 'donald-trump').length, 1);
  });

  it('checks extra entities like the built-in ones', () => {
    assert.throws(() => entityIndex([{ ...hegseth, id: 'Pete Hegseth' }]), /extra\[0\].*slug/);
  });

  it('rejects two extra entities with one id', () => {
    assert.throws(() => entityIndex([hegseth, hegseth]), /pete-hegseth.*twice/);
  });
});
