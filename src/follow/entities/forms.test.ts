import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recognizeEntities } from './index.ts';
import type { Language } from './index.ts';

type Case = { text: string; ids: string[]; language?: Language };

const idsIn = ({ text, language }: Case): string[] =>
  recognizeEntities(text, { language: language ?? 'de' })
    .entities.map((mention) => mention.entity.id)
    .sort();

function table(cases: Case[]): void {
  for (const testCase of cases) {
    it(`${JSON.stringify(testCase.text)} → ${testCase.ids.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(idsIn(testCase), [...testCase.ids].sort());
    });
  }
}

describe('forms, aliases and transliterations', () => {
  table([
    { text: 'Emmanuel Macron reist ab.', ids: ['emmanuel-macron'] },
    { text: 'Gastgeber Macron empfing sie.', ids: ['emmanuel-macron'] },
    { text: 'Selensky sagte, Selenskij meinte, Zelenskyy said.', ids: ['wolodymyr-selenskyj'] },
    { text: 'Volodymyr Zelensky met Vladimir Putin.', ids: ['wolodymyr-selenskyj', 'wladimir-putin'], language: 'en' },
    { text: 'Von der Leyen sprach zuerst.', ids: ['ursula-von-der-leyen'] },
    { text: 'Die Grünen fordern mehr; Grünen-Chefin Brantner auch.', ids: ['gruene'] },
    { text: 'Frank-Walter Steinmeier lud ein.', ids: ['frank-walter-steinmeier'] },
    { text: 'J.D. Vance and JD Vance and Vance.', ids: ['jd-vance'], language: 'en' },
    { text: 'Xi Jinping traf Xi.', ids: ['xi-jinping'] },
    { text: 'Markus Söder, Soeder', ids: ['markus-soeder'] },
    { text: 'Erdogan und Erdoğan', ids: ['recep-tayyip-erdogan'] },
    { text: 'Selen\u00ADskyj, mit weichem Trennstrich', ids: ['wolodymyr-selenskyj'] },
    {
      text: 'Moskau, Kiew, Kyjiw, Kyiv, Warschau, Peking, Brüssel',
      ids: ['moscow', 'kyiv', 'warsaw', 'beijing', 'brussels'],
    },
    {
      text: 'Moscow, Kiev, Warsaw, Beijing, Brussels, Washington',
      ids: ['moscow', 'kyiv', 'warsaw', 'beijing', 'brussels', 'washington'],
      language: 'en',
    },
    { text: 'Die Türkei und Türkiye', ids: ['turkey'] },
    { text: 'Amerika und die Vereinigten Staaten', ids: ['united-states'] },
    { text: 'Die Vereinten Nationen, die Uno und die UN', ids: ['united-nations'] },
    { text: 'Der IWF heißt auch IMF.', ids: ['imf'] },
    { text: 'Zurich and Gdansk', ids: ['zurich', 'gdansk'], language: 'en' },
    { text: 'Sachsen-Anhalt grenzt an Sachsen.', ids: ['saxony-anhalt', 'saxony'] },
    { text: 'Frankfurt (Oder) ist nicht Frankfurt.', ids: ['frankfurt-oder', 'frankfurt'] },
    { text: 'Nordamerika und Lateinamerika', ids: ['north-america', 'latin-america'] },
    { text: 'across the Americas', ids: ['americas'], language: 'en' },
  ]);
});

describe('German genitives and possessives', () => {
  table([
    { text: 'Macrons Rede', ids: ['emmanuel-macron'] },
    { text: 'Emmanuel Macrons Rede', ids: ['emmanuel-macron'] },
    { text: 'Selenskyjs Berater', ids: ['wolodymyr-selenskyj'] },
    { text: 'Polens Premier', ids: ['poland'] },
    { text: 'Italiens Ministerpräsidentin', ids: ['italy'] },
    { text: 'Trumps Sondergesandter', ids: ['donald-trump'] },
    { text: 'Unterstützer Kiews', ids: ['kyiv'] },
    { text: "Merz' Rede und Paris' Bürgermeisterin", ids: ['friedrich-merz', 'paris'] },
    { text: 'des Kremls, des Bundestages, des Weißen Hauses', ids: ['kremlin', 'bundestag', 'white-house'] },
    { text: "Trump's and Zelensky’s envoys", ids: ['donald-trump', 'wolodymyr-selenskyj'], language: 'en' },
  ]);
});

describe('hyphenated compounds', () => {
  table([
    { text: 'die US-Regierung', ids: ['united-states'] },
    { text: 'US-Delegationen', ids: ['united-states'] },
    { text: 'EU-Mitglieder', ids: ['european-union'] },
    { text: 'Neue EU-Regeln', ids: ['european-union'] },
    { text: 'Nato-Staaten und Nato-Generalsekretär', ids: ['nato'] },
    { text: 'Ukraine-Krieg', ids: ['ukraine'] },
    { text: 'G7-Gipfel', ids: ['g7'] },
    { text: 'die EU-Kommission', ids: ['european-commission'] },
    { text: 'der UN-Sicherheitsrat', ids: ['un-security-council'] },
    { text: 'Anti-Trump-Proteste', ids: ['donald-trump'] },
  ]);
});

// Precision: what must not become an entity. Closed compounds ("Kremlchef") are left out on purpose: matching
// inside words would find "Rom" in "Roman" and "EU" in "neue".
describe('false positives', () => {
  table([
    { text: 'neue Regeln', ids: [] },
    { text: 'Die neue Regierung', ids: [] },
    { text: 'Parisienne', ids: [] },
    { text: 'Europäer und Ukrainerinnen', ids: [] },
    { text: 'russische Truppen und die Russen', ids: [] },
    { text: 'Amerikaner', ids: [] },
    { text: 'Kremlchef', ids: [] },
    { text: 'Trumpf und Polenta und Romantik', ids: [] },
    { text: 'Donald und Mark, ohne Nachnamen', ids: [] },
    { text: 'Das Essen ist fertig.', ids: [] },
    { text: 'eine grüne Wiese', ids: [] },
    // The demo youth council's list: "Grüne" alone names no party; "die Grünen" does.
    { text: 'Die Liste Grüne Bänke holt vier Sitze.', ids: [] },
    { text: 'tell us who knows', ids: [], language: 'en' },
    { text: 'Vorlesen 0:00 0:00 News folgen Artikel teilen', ids: [] },
  ]);
});

// Decided and kept on purpose, so that a change shows up here: homographs the gazetteer cannot tell apart.
describe('known trade-offs', () => {
  table([
    { text: 'Selbst wenn Amerika heute', ids: ['united-states'] },
    { text: 'Spaziergang im Grünen', ids: ['gruene'] },
    { text: 'Jordan Bardella said', ids: ['jordan'], language: 'en' },
    { text: 'Paris Hilton', ids: ['paris'], language: 'en' },
  ]);
});

describe('counting', () => {
  it('counts one mention per occurrence, whichever form', () => {
    const text = 'Macron kam. Emmanuel Macron sprach. Macrons Plan.';
    const [macron] = recognizeEntities(text).entities;
    assert.equal(macron?.entity.id, 'emmanuel-macron');
    assert.equal(macron.count, 3);
    assert.equal(macron.firstOffset, 0);
  });
});
