import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildGazetteerFiles, buildGivenNames, buildPlaces, foldAscii, slug } from './build-gazetteer.ts';
import type { Sources } from './build-gazetteer.ts';
import { builtInEntities, entityForms, entityIndex, parseEntity } from './index.ts';
import type { EntityKind } from './index.ts';
import { formWords } from './tokens.ts';

describe('built-in gazetteer', () => {
  it('has the people, places and organisations the newsroom needs, under stable ids', () => {
    const byId = new Map(builtInEntities().map((entity) => [entity.id, entity]));
    const expected: [string, EntityKind][] = [
      ['emmanuel-macron', 'person'],
      ['wolodymyr-selenskyj', 'person'],
      ['donald-trump', 'person'],
      ['wladimir-putin', 'person'],
      ['steve-witkoff', 'person'],
      ['mark-rutte', 'person'],
      ['olaf-scholz', 'person'],
      ['donald-tusk', 'person'],
      ['giorgia-meloni', 'person'],
      ['friedrich-merz', 'person'],
      ['keir-starmer', 'person'],
      ['ursula-von-der-leyen', 'person'],
      ['jd-vance', 'person'],
      ['marco-rubio', 'person'],
      ['xi-jinping', 'person'],
      ['nato', 'organisation'],
      ['european-union', 'organisation'],
      ['united-nations', 'organisation'],
      ['kremlin', 'organisation'],
      ['bundestag', 'organisation'],
      ['bundesregierung', 'organisation'],
      ['g7', 'organisation'],
      ['who', 'organisation'],
      ['imf', 'organisation'],
      ['united-states', 'place'],
      ['ukraine', 'place'],
      ['germany', 'place'],
      ['turkey', 'place'],
      ['paris', 'place'],
      ['moscow', 'place'],
      ['kyiv', 'place'],
      ['warsaw', 'place'],
      ['beijing', 'place'],
      ['washington', 'place'],
      ['brussels', 'place'],
      ['berlin', 'place'],
      ['munich', 'place'],
      ['vienna', 'place'],
      ['zurich', 'place'],
    ];
    for (const [id, kind] of expected) assert.equal(byId.get(id)?.kind, kind, id);
    assert.equal(byId.get('united-states')?.name.de, 'Vereinigte Staaten');
    assert.equal(byId.get('kyiv')?.name.de, 'Kiew');
    assert.ok(byId.get('kyiv')?.aliases.includes('Kyjiw'));
  });

  it('holds every country of ISO 3166 and the major cities', () => {
    const places = builtInEntities().filter((entity) => entity.kind === 'place');
    assert.ok(places.length > 700, `${places.length} places`);
  });

  it('gives no form to two entities, so a mention is never ambiguous', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const entity of builtInEntities()) {
      for (const form of entityForms(entity)) {
        const { words, gaps } = formWords(form);
        const key = JSON.stringify([words, gaps]);
        const other = owner.get(key);
        if (other !== undefined && other !== entity.id) shared.push(`${form}: ${other}, ${entity.id}`);
        owner.set(key, entity.id);
      }
    }
    assert.deepEqual(shared, []);
  });

  it('builds its index once and reuses it', () => {
    assert.equal(entityIndex(), entityIndex());
  });

  it('is what build-gazetteer makes from the installed data packages and the editors’ corrections', () => {
    const built = buildGazetteerFiles();
    const onDisk = (name: string): string => readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');
    const hint = 'data/ is out of date: run node src/follow/entities/build-gazetteer.ts';
    assert.ok(built.places === onDisk('places.json'), hint);
    assert.ok(built.givenNames === onDisk('given-names.json'), hint);
  });
});

describe('build-gazetteer', () => {
  const sources: Sources = {
    countries: {
      de: {
        FR: 'Frankreich',
        US: ['Vereinigte Staaten von Amerika', 'Vereinigte Staaten', 'USA'],
        SY: 'Syrien, Arabische Republik',
      },
      en: { FR: 'France', US: ['United States of America', 'United States', 'USA'], SY: 'Syrian Arab Republic' },
    },
    cities: [
      { cityId: 1, name: 'Paris', altName: '', country: 'FR', featureCode: 'PPLC', population: 2_000_000 },
      { cityId: 2, name: 'Paris', altName: '', country: 'US', featureCode: 'PPL', population: 1_500_000 },
      { cityId: 3, name: 'Kleinstadt', altName: '', country: 'DE', featureCode: 'PPL', population: 50_000 },
      { cityId: 4, name: 'Zürich', altName: '', country: 'CH', featureCode: 'PPLA', population: 400_000 },
      { cityId: 5, name: 'Essen', altName: '', country: 'DE', featureCode: 'PPLA2', population: 580_000 },
      { cityId: 6, name: 'Kreuzberg', altName: '', country: 'DE', featureCode: 'PPLX', population: 150_000 },
    ],
    givenNames: ['Steve', 'Land', 'ErvIn', 'Al'],
  };
  const edits = {
    countries: { SY: { name: { de: 'Syrien', en: 'Syria' }, drop: ['Syrien, Arabische Republik'] } },
    cities: { '3': { name: { de: 'Kleinstadt', en: 'Smalltown' } } },
    excludeForms: ['Essen'],
  };

  it('names countries by their shortest full form and keeps the rest as aliases', () => {
    const [france, syria, usa] = buildPlaces(sources, edits, []);
    assert.deepEqual(usa?.name, { de: 'Vereinigte Staaten', en: 'United States' });
    assert.ok(usa?.aliases.includes('USA'));
    assert.deepEqual(syria?.name, { de: 'Syrien', en: 'Syria' });
    assert.equal(france?.id, 'france');
  });

  it('takes major cities, gives a shared name to the bigger one, adds diacritic-free forms, skips common words', () => {
    const cities = buildPlaces(sources, edits, []).filter((place) => place.ref.startsWith('geonames:'));
    assert.deepEqual(
      cities.map((city) => [city.ref, city.id]),
      [
        ['geonames:1', 'paris'],
        ['geonames:4', 'zurich'],
        ['geonames:3', 'smalltown'],
      ],
    );
    assert.ok(cities[1]?.aliases.includes('Zurich'));
  });

  it('keeps the ids it gave before', () => {
    const previous = buildPlaces(sources, edits, []).map((place) =>
      place.ref === 'iso:FR' ? { ...place, id: 'frankreich' } : place,
    );
    assert.equal(buildPlaces(sources, edits, previous)[0]?.id, 'frankreich');
  });

  it('refuses an inverted country name nobody has dealt with', () => {
    assert.throws(() => buildPlaces(sources, { ...edits, countries: {} }, []), /SY has the inverted form/);
  });

  it('keeps first names that look like names and are not common words', () => {
    assert.deepEqual(buildGivenNames(sources.givenNames, { add: ['Olaf'], remove: ['Land'] }), ['Olaf', 'Steve']);
  });

  it('folds and slugs names', () => {
    assert.equal(foldAscii('Gdańsk, Łódź, Straße'), 'Gdansk, Lodz, Strasse');
    assert.equal(slug('Frankfurt (Oder)'), 'frankfurt-oder');
  });
});

describe('parseEntity', () => {
  const good = { id: 'a-b', kind: 'person', name: { de: 'A B', en: 'A B' }, aliases: ['B'] };
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'x', /not an object/],
    ['bad id', { ...good, id: 'A B' }, /slug/],
    ['bad kind', { ...good, kind: 'thing' }, /unknown kind/],
    ['missing English name', { ...good, name: { de: 'A' } }, /name\.de and name\.en/],
    ['empty alias', { ...good, aliases: [''] }, /aliases/],
  ];
  for (const [label, value, error] of cases) {
    it(`rejects ${label}`, () => assert.throws(() => parseEntity(value, 'test'), error));
  }
  it('accepts a missing alias list', () => {
    assert.deepEqual(parseEntity({ ...good, aliases: undefined }, 'test').aliases, []);
  });
});
