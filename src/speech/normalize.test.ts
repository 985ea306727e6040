import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyLexicon, normalizeForSpeech, validateLexiconEntry } from './normalize.ts';

// Each expected value is what a German news reader says, written out as the voice should receive it.
const GERMAN: [input: string, spoken: string][] = [
  // Cardinals
  ['0', 'null'],
  ['1', 'eins'],
  ['7', 'sieben'],
  ['11', 'elf'],
  ['12', 'zwölf'],
  ['16', 'sechzehn'],
  ['17', 'siebzehn'],
  ['21', 'einundzwanzig'],
  ['30', 'dreißig'],
  ['67', 'siebenundsechzig'],
  ['99', 'neunundneunzig'],
  ['100', 'hundert'],
  ['101', 'hunderteins'],
  ['111', 'hundertelf'],
  ['230', 'zweihundertdreißig'],
  ['999', 'neunhundertneunundneunzig'],
  ['1000', 'tausend'],
  ['1001', 'tausendeins'],
  ['2100', 'zweitausendeinhundert'],
  ['12.000', 'zwölftausend'],
  ['21.000', 'einundzwanzigtausend'],
  ['101.000', 'hunderteintausend'],
  ['999.999', 'neunhundertneunundneunzigtausendneunhundertneunundneunzig'],
  ['1.000.000', 'eine Million'],
  ['2.000.000', 'zwei Millionen'],
  ['1.500.000 Menschen', 'eine Million fünfhunderttausend Menschen'],
  ['21.000.000', 'einundzwanzig Millionen'],
  ['1.000.000.000', 'eine Milliarde'],
  ['3.000.000.007', 'drei Milliarden sieben'],
  [
    '999.999.999.999',
    'neunhundertneunundneunzig Milliarden neunhundertneunundneunzig Millionen ' +
      'neunhundertneunundneunzigtausendneunhundertneunundneunzig',
  ],
  ['12\u202F000', 'zwölftausend'],
  ['Spitzenvertreter aus 31 Ländern', 'Spitzenvertreter aus einunddreißig Ländern'],
  ['1 Land', 'ein Land'],
  ['Platz 1', 'Platz eins'],
  ['1 Woche', 'eine Woche'],
  ['101 Dalmatiner', 'hundertein Dalmatiner'],
  ['Postleitzahl 01067', 'Postleitzahl null eins null sechs sieben'],
  // Years
  ['Im Februar 2024 sagte er', 'Im Februar zweitausendvierundzwanzig sagte er'],
  ['1990 fiel die Mauer', 'neunzehnhundertneunzig fiel die Mauer'],
  ['im Jahr 1871', 'im Jahr achtzehnhunderteinundsiebzig'],
  ['Seit 1949 gilt das Grundgesetz', 'Seit neunzehnhundertneunundvierzig gilt das Grundgesetz'],
  ['von 1914 bis 1918', 'von neunzehnhundertvierzehn bis neunzehnhundertachtzehn'],
  ['Ende 1999', 'Ende neunzehnhundertneunundneunzig'],
  ['im Jahr 1100', 'im Jahr elfhundert'],
  ['im Jahr 1901', 'im Jahr neunzehnhunderteins'],
  ['1500 Soldaten', 'tausendfünfhundert Soldaten'],
  ['seit 2000', 'seit zweitausend'],
  ['die 1990er-Jahre', 'die neunzehnhundertneunziger Jahre'],
  ['in den 90ern', 'in den Neunzigern'],
  // Ordinals, declined after the word before them
  ['am 3. März', 'am dritten März'],
  ['das 3. Treffen', 'das dritte Treffen'],
  ['Der 3. Oktober ist ein Feiertag', 'Der dritte Oktober ist ein Feiertag'],
  ['den 2. Platz', 'den zweiten Platz'],
  ['des 2. Spieltags', 'des zweiten Spieltags'],
  ['dem 1. Mai', 'dem ersten Mai'],
  ['im 19. Jahrhundert', 'im neunzehnten Jahrhundert'],
  ['zum 100. Mal', 'zum hundertsten Mal'],
  ['zum 12. Mal', 'zum zwölften Mal'],
  ['beim 7. Versuch', 'beim siebten Versuch'],
  ['vom 8. Juni', 'vom achten Juni'],
  ['zur 2. Runde', 'zur zweiten Runde'],
  ['die 2. Bundesliga', 'die zweite Bundesliga'],
  ['in der 3. Liga', 'in der dritten Liga'],
  ['Ende der 2. Runde', 'Ende der zweiten Runde'],
  ['einen 2. Anlauf', 'einen zweiten Anlauf'],
  ['am 3. und 4. März', 'am dritten und vierten März'],
  ['vom 3. bis 5. März', 'vom dritten bis fünften März'],
  ['vom 3.–5. März', 'vom dritten bis fünften März'],
  ['Paris, 3. März', 'Paris, dritter März'],
  ['am 21. Juni', 'am einundzwanzigsten Juni'],
  ['am 20. Juli', 'am zwanzigsten Juli'],
  ['am 31. Dezember', 'am einunddreißigsten Dezember'],
  ['ab 1. Januar', 'ab erstem Januar'],
  ['am 3. März 2025', 'am dritten März zweitausendfünfundzwanzig'],
  ['der 11. September 2001', 'der elfte September zweitausendeins'],
  ['Die Zahl stieg auf 31. Dann kam die Wende.', 'Die Zahl stieg auf einunddreißig. Dann kam die Wende.'],
  // Numeric dates
  ['27.02.2024', 'siebenundzwanzigster Februar zweitausendvierundzwanzig'],
  ['am 27.02.2024', 'am siebenundzwanzigsten Februar zweitausendvierundzwanzig'],
  ['am 1.1.2000', 'am ersten Januar zweitausend'],
  ['seit dem 9.11.1989', 'seit dem neunten November neunzehnhundertneunundachtzig'],
  ['Der 3.10. ist ein Feiertag', 'Der dritte Oktober ist ein Feiertag'],
  ['2024-02-27', 'siebenundzwanzigster Februar zweitausendvierundzwanzig'],
  ['Stand: 2025-03', 'Stand: März zweitausendfünfundzwanzig'],
  // Times and scores
  ['um 14:30 Uhr', 'um vierzehn Uhr dreißig'],
  ['um 14.30 Uhr', 'um vierzehn Uhr dreißig'],
  ['um 9:05 Uhr', 'um neun Uhr fünf'],
  ['um 14 Uhr', 'um vierzehn Uhr'],
  ['um 1 Uhr', 'um ein Uhr'],
  ['um 20:00 Uhr', 'um zwanzig Uhr'],
  ['um 18:45', 'um achtzehn Uhr fünfundvierzig'],
  ['um 0:30 Uhr', 'um null Uhr dreißig'],
  ['Bayern gewann 2:1', 'Bayern gewann zwei zu eins'],
  // Percentages and decimals
  ['12 %', 'zwölf Prozent'],
  ['12%', 'zwölf Prozent'],
  ['12 Prozent', 'zwölf Prozent'],
  ['1 %', 'ein Prozent'],
  ['3,5 %', 'drei Komma fünf Prozent'],
  ['0,8 Promille', 'null Komma acht Promille'],
  ['3,5', 'drei Komma fünf'],
  ['1,5', 'eins Komma fünf'],
  ['3,14', 'drei Komma eins vier'],
  ['3,5 Mrd. Euro', 'drei Komma fünf Milliarden Euro'],
  ['2,4 Mio. Menschen', 'zwei Komma vier Millionen Menschen'],
  ['1 Mio. Euro', 'eine Million Euro'],
  ['1 Mrd. Dollar', 'eine Milliarde Dollar'],
  ['12 Mrd. Euro', 'zwölf Milliarden Euro'],
  ['12 Tsd. Euro', 'zwölftausend Euro'],
  ['Die Kosten stiegen auf 3 Mio. Dann kam die Wende.', 'Die Kosten stiegen auf drei Millionen. Dann kam die Wende.'],
  // Money
  ['5 €', 'fünf Euro'],
  ['3,50 €', 'drei Euro fünfzig'],
  ['1,50 Euro', 'ein Euro fünfzig'],
  ['0,99 €', 'neunundneunzig Cent'],
  ['€ 20', 'zwanzig Euro'],
  ['$5 Mio.', 'fünf Millionen Dollar'],
  ['100 Dollar', 'hundert Dollar'],
  ['20 EUR', 'zwanzig Euro'],
  ['1 Euro', 'ein Euro'],
  // Numbers inside words
  ['ein 40-mal größeres Land', 'ein vierzigmal größeres Land'],
  ['1-mal', 'einmal'],
  ['die 3-jährige Tochter', 'die dreijährige Tochter'],
  ['die 5-Prozent-Hürde', 'die fünf Prozent Hürde'],
  ['ein 10-Punkte-Plan', 'ein zehn Punkte Plan'],
  // Units and ranges
  ['-5 °C', 'minus fünf Grad Celsius'],
  ['100 km/h', 'hundert Kilometer pro Stunde'],
  ['Er ist 1,80 m groß', 'Er ist ein Meter achtzig groß'],
  ['20 km', 'zwanzig Kilometer'],
  ['10-15 Menschen', 'zehn bis fünfzehn Menschen'],
  ['2020–2024', 'zweitausendzwanzig bis zweitausendvierundzwanzig'],
  // Abbreviations
  ['etwa z. B. Kanada', 'etwa zum Beispiel Kanada'],
  ['z.B. Kanada', 'zum Beispiel Kanada'],
  ['u. a. Kanada', 'unter anderem Kanada'],
  ['Nr. 5', 'Nummer fünf'],
  ['d. h. nicht', 'das heißt nicht'],
  ['bzw. die', 'beziehungsweise die'],
  ['ca. 300 Menschen', 'zirka dreihundert Menschen'],
  ['Dr. Müller', 'Doktor Müller'],
  ['Prof. Dr. Meier', 'Professor Doktor Meier'],
  ['Äpfel, Birnen etc.', 'Äpfel, Birnen und so weiter.'],
  ['Äpfel usw. und Birnen', 'Äpfel und so weiter und Birnen'],
  ['v. a. die Ukraine', 'vor allem die Ukraine'],
  ['die sog. Koalition', 'die sogenannte Koalition'],
  ['einen sog. Deal', 'einen sogenannten Deal'],
  ['Art. 5 GG', 'Artikel fünf G G'],
  ['auf andere Art.', 'auf andere Art.'],
  ['§ 218', 'Paragraf zweihundertachtzehn'],
  ['St. Pauli', 'Sankt Pauli'],
  ['Mio. Euro', 'Millionen Euro'],
  // Acronyms and compounds
  ['USA', 'U S A'],
  ['EU', 'E U'],
  ['CDU, SPD und ARD', 'C D U, S P D und A R D'],
  ['NATO', 'Nato'],
  ['Nato', 'Nato'],
  ['UNESCO und Nasa', 'Unesco und Nasa'],
  ['die US-Regierung', 'die U S Regierung'],
  ['Nato-Generalsekretär', 'Nato Generalsekretär'],
  ['EU-Mitglieder', 'E U Mitglieder'],
  ['die U.S.A.', 'die U S A'],
  ['AfD', 'A f D'],
  ['NGOs', 'N G O s'],
  ['G7-Gipfel', 'G sieben Gipfel'],
  ['COVID-19', 'Covid neunzehn'],
  ['CO2', 'C O zwei'],
  ['UNHCR', 'U N H C R'],
  ['laut dpa', 'laut d p a'],
  ['Olaf Scholz (SPD) sagte', 'Olaf Scholz, S P D, sagte'],
  ['König Charles III. besuchte Berlin', 'König Charles der Dritte besuchte Berlin'],
  ['mit Papst Leo XIV. im Vatikan', 'mit Papst Leo dem Vierzehnten im Vatikan'],
  ['Elizabeth II. starb', 'Elizabeth die Zweite starb'],
  ['Er traf John F. Kennedy', 'Er traf John F. Kennedy'],
  ['Staats- und Regierungschefs', 'Staats und Regierungschefs'],
  ['Baden-Württemberg', 'Baden Württemberg'],
  // Marks that are not read
  ['vergangen – und Macrons', 'vergangen, und Macrons'],
  ['und das – so scheint es – um jeden Preis', 'und das, so scheint es, um jeden Preis'],
  ['die "Koalition der Willigen"', 'die Koalition der Willigen'],
  ['„Wir kommen“, sagte er.', 'Wir kommen, sagte er.'],
  ['»Wir kommen«, sagte sie.', 'Wir kommen, sagte sie.'],
  ["Wie geht's?", "Wie geht's?"],
  ['Er zögerte…', 'Er zögerte...'],
  // Characters no voice has
  ['Hallo 😀 Welt', 'Hallo Welt'],
  ['Peking 北京 heute', 'Peking heute'],
  ['Familie 👨‍👩‍👧 heute', 'Familie heute'],
  ['🇩🇪', ''],
  ['Bürger*innen', 'Bürgerinnen'],
  ['Lehrer:innen', 'Lehrerinnen'],
  ['Zusammen\u00ADarbeit', 'Zusammenarbeit'],
  ['Das kostet 5 € 🙂', 'Das kostet fünf Euro'],
  [
    'Die Ukraine verteidige sich gegen ein 40-mal größeres Land.',
    'Die Ukraine verteidige sich gegen ein vierzigmal größeres Land.',
  ],
];

const ENGLISH: [input: string, spoken: string][] = [
  ['31 countries', 'thirty-one countries'],
  ['105 people', 'one hundred and five people'],
  ['12,000 people', 'twelve thousand people'],
  ['1,500,000', 'one million five hundred thousand'],
  ['3.5 percent', 'three point five percent'],
  ['prices rose 12%', 'prices rose twelve percent'],
  ['In 1999, prices rose.', 'In nineteen ninety-nine, prices rose.'],
  ['since 2024.', 'since twenty twenty-four.'],
  ['2024 was a hard year', 'twenty twenty-four was a hard year'],
  ['in 1905', 'in nineteen oh five'],
  ['in 2005', 'in two thousand and five'],
  ['the 1990s', 'the nineteen nineties'],
  ['the 21st century', 'the twenty-first century'],
  ['e.g. Canada', 'for example Canada'],
  ['Mr. Smith and Dr. Jones', 'Mister Smith and Doctor Jones'],
  ['$3.5 billion', 'three point five billion dollars'],
  ['$1', 'one dollar'],
  ['$3.50', 'three dollars fifty'],
  ['at 10:05', 'at ten oh five'],
  ['at 2:30 pm', 'at two thirty P M'],
  ['the US government and NATO', 'the U S government and Nato'],
  ['No. 5', 'number five'],
  ['-5°C', 'minus five degrees Celsius'],
  ['King Charles III visited', 'King Charles the Third visited'],
  ['after World War II ended', 'after World War Two ended'],
  ['Apples & pears etc.', 'Apples and pears et cetera.'],
];

describe('normalizeForSpeech (German)', () => {
  it(`has enough cases (${GERMAN.length})`, () => assert.ok(GERMAN.length >= 110));
  for (const [input, spoken] of GERMAN) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(spoken)}`, () => {
      assert.equal(normalizeForSpeech(input, 'de'), spoken);
    });
  }
});

describe('normalizeForSpeech (English)', () => {
  for (const [input, spoken] of ENGLISH) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(spoken)}`, () => {
      assert.equal(normalizeForSpeech(input, 'en'), spoken);
    });
  }
});

describe('normalizeForSpeech output', () => {
  it('never contains digits for numbers up to 999 999 999 999', () => {
    for (const n of [0, 1, 19, 20, 99, 100, 999, 1000, 10_001, 123_456, 1_000_001, 987_654_321, 999_999_999_999]) {
      const spoken = normalizeForSpeech(`Es waren ${n.toLocaleString('de-DE')} Fälle`, 'de');
      assert.doesNotMatch(spoken, /\d/, spoken);
    }
  });
});

describe('applyLexicon', () => {
  const lexicon = [
    { word: 'Selenskyj', spoken: 'Selenski' },
    { word: 'Wolodymyr Selenskyj', spoken: 'Wolodimir Selenski' },
    { word: 'Kyiv', spoken: 'Kiew' },
  ];
  const cases: [input: string, spoken: string][] = [
    ['Selenskyj sagte', 'Selenski sagte'],
    ['mit Wolodymyr Selenskyj.', 'mit Wolodimir Selenski.'],
    ['Selenskyjs Rede', 'Selenskyjs Rede'],
    ['selenskyj', 'selenskyj'],
    ['„Selenskyj“', '„Selenski“'],
    ['Kyiv und Selenskyj', 'Kiew und Selenski'],
    ['ohne Eintrag', 'ohne Eintrag'],
  ];
  for (const [input, spoken] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(spoken)}`, () =>
      assert.equal(applyLexicon(input, lexicon), spoken));
  }
  it('does not replace a replacement again', () => {
    assert.equal(
      applyLexicon('A B', [
        { word: 'A', spoken: 'B' },
        { word: 'B', spoken: 'C' },
      ]),
      'B C',
    );
  });
  it('treats regex characters in words literally', () => {
    assert.equal(applyLexicon('C++ und C', [{ word: 'C++', spoken: 'C plus plus' }]), 'C plus plus und C');
  });
  it('runs before normalisation in the pipeline', () => {
    const spoken = normalizeForSpeech(applyLexicon('Selenskyj am 3. März', lexicon), 'de');
    assert.equal(spoken, 'Selenski am dritten März');
  });
});

describe('validateLexiconEntry', () => {
  it('accepts an ordinary entry', () => assert.doesNotThrow(() => validateLexiconEntry('Selenskyj', 'Selenski')));
  const rejected: [word: string, spoken: string, message: RegExp][] = [
    ['', 'x', /word is empty/],
    ['Selenskyj', '   ', /spoken text is empty/],
    ['x'.repeat(101), 'y', /word is longer than 100 characters/],
    ['Selenskyj', 'y'.repeat(101), /spoken text is longer than 100 characters/],
    ['Sel\u0007enskyj', 'Selenski', /word contains a control/],
    ['Selenskyj', 'Sele\nnski', /spoken text contains a control/],
    ['Selenskyj', '<break time="1s"/>', /markup character "<"/],
    ['Selenskyj', 'Selenski & Co', /markup character "&"/],
    ['Selenskyj', 'Selenski>', /markup character ">"/],
    ['Selenskyj', '[[zeleNski]]', /SSML or phoneme syntax/],
    [' Selenskyj', 'Selenski', /whitespace/],
  ];
  for (const [word, spoken, message] of rejected) {
    it(`rejects ${JSON.stringify(word.slice(0, 12))} → ${JSON.stringify(spoken.slice(0, 20))}`, () => {
      assert.throws(() => validateLexiconEntry(word, spoken), message);
    });
  }
});
