import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recognizeEntities } from './index.ts';
import type { Language } from './index.ts';

type Case = { text: string; names: string[]; why: string };

function table(language: Language, cases: Case[]): void {
  for (const { text, names, why } of cases) {
    it(`${why}: ${JSON.stringify(text)}`, () => {
      const { proposals } = recognizeEntities(text, { language });
      assert.deepEqual(
        proposals.map((proposal) => proposal.name),
        names,
      );
    });
  }
}

describe('German proposals: a first name and a surname, nothing else', () => {
  table('de', [
    { text: 'Gestern sagte Steve Bannon, es reiche.', names: ['Steve Bannon'], why: 'first name + surname' },
    {
      text: 'Außenministerin Katherina Reiche sagte',
      names: ['Katherina Reiche'],
      why: 'a title before the name is left out',
    },
    { text: 'Es sprach Hans Peter Müller.', names: ['Hans Peter Müller'], why: 'two first names' },
    {
      text: 'Ein Treffen mit Annegret Kramp-Karrenbauer',
      names: ['Annegret Kramp-Karrenbauer'],
      why: 'double surname',
    },
    { text: 'Es kam Charles de Gaulle.', names: ['Charles de Gaulle'], why: 'particle' },
    {
      text: 'Gestern sagte Pete Hegseth Reportern, dass',
      names: ['Pete Hegseth'],
      why: 'one surname, not the noun after it',
    },
    { text: 'Er traf Joe Kent, den Direktor.', names: ['Joe Kent'], why: 'a surname that is also a first name' },
    { text: 'Steve Bannon sagte, es reiche.', names: [], why: 'a sentence start says nothing' },
    { text: 'Ende Februar traf Premier Donald Tusk den Kanzler.', names: [], why: 'nouns and known people' },
    { text: 'Trumps Sondergesandter Steve Witkoff fiel auf.', names: [], why: 'known people are entities' },
    { text: 'In der Koalition der Willigen und im Weißen Haus', names: [], why: 'capitalised nouns and adjectives' },
    { text: 'Er arbeitet bei der Deutschen Bank.', names: [], why: 'organisations are not guessed in German' },
    { text: 'Im April Wahlen abzuhalten', names: [], why: 'months are not first names' },
    { text: 'Ein Teil der Mark der Marke', names: [], why: 'an article alone is no name particle' },
    { text: 'Gestern kam Ursula von der Meyer.', names: ['Ursula von der Meyer'], why: 'an article after a particle' },
    { text: 'Die Art Weise', names: [], why: 'first names that are German nouns are removed' },
    { text: 'Vorlesen 0:00 0:00 News folgen Artikel teilen', names: [], why: 'page furniture' },
  ]);

  it('counts a genitive with its name', () => {
    const text = 'Gestern sagte Pete Hegseth, Pete Hegseths Team sei bereit.';
    assert.deepEqual(recognizeEntities(text).proposals, [{ name: 'Pete Hegseth', count: 2 }]);
  });
});

describe('English proposals: runs of capitalised words inside a sentence', () => {
  table('en', [
    {
      text: 'Defense Secretary Pete Hegseth told Fox News that',
      names: ['Pete Hegseth', 'Fox News'],
      why: 'titles cut away',
    },
    { text: 'He met Charles de Gaulle in Paris.', names: ['Charles de Gaulle'], why: 'particle' },
    { text: 'On Monday Jane Doe said so.', names: ['Jane Doe'], why: 'days cut away' },
    { text: 'Prime Minister Keir Starmer spoke.', names: [], why: 'titles and known people' },
    { text: 'Jane Doe said so.', names: [], why: 'a sentence start says nothing' },
    { text: 'Zelensky Criticises New American Stance On Talks', names: [], why: 'a Title Case headline' },
    { text: 'the Quick Brown Fox Jumps Over Lazy Dogs today', names: [], why: 'runs longer than four words' },
    { text: 'Vorlesen 0:00 0:00 News folgen Artikel teilen', names: [], why: 'page furniture' },
  ]);
});

describe('proposals and entities', () => {
  it('never proposes what it recognises', () => {
    const { entities, proposals } = recognizeEntities('Gestern sagte Emmanuel Macron, Steve Bannon komme.');
    assert.deepEqual(
      entities.map((mention) => mention.entity.id),
      ['emmanuel-macron'],
    );
    assert.deepEqual(proposals, [{ name: 'Steve Bannon', count: 1 }]);
  });
});
