// Search's strings, German first.
import type { Locale } from '../web/i18n.ts';

/** What a QueryError names, with what each language needs to say it. Parameter names stay as in the URL. */
export type QueryProblem =
  | { kind: 'too-long'; length: number; max: number }
  | { kind: 'too-many-words'; max: number }
  | { kind: 'only-excludes' }
  | { kind: 'bad-value'; name: string }
  | { kind: 'bad-date'; name: string; value: string }
  | { kind: 'bad-number'; name: string; max?: number }
  | { kind: 'bad-language'; languages: readonly string[] };

export interface SearchMessages {
  /** Why a query or parameter cannot be searched (the JSON endpoint's `error`, the page's notice). */
  queryError(problem: QueryProblem): string;
  /** The OpenSearch description's name and text, as the browser shows them when it offers the site's search. */
  openSearchName(site: string): string;
  openSearchDescription(site: string): string;
}

export const searchMessages: Record<Locale, SearchMessages> = {
  de: {
    queryError: (p) => {
      switch (p.kind) {
        case 'too-long':
          return `Die Suche ist ${p.length.toLocaleString('de-DE')} Zeichen lang; durchsucht werden höchstens ${p.max}.`;
        case 'too-many-words':
          return `Die Suche hat mehr als ${p.max} Wörter.`;
        case 'only-excludes':
          return 'Die Suche schließt nur Wörter aus; fügen Sie ein Wort hinzu, das gefunden werden soll (-Wort lässt Artikel weg).';
        case 'bad-value':
          return `${p.name} ist kein gültiger Wert für ${p.name}.`;
        case 'bad-date':
          return `${p.name} muss ein Datum der Form JJJJ-MM-TT sein (erhalten: „${p.value}“).`;
        case 'bad-number':
          return p.max === undefined
            ? `${p.name} muss eine ganze Zahl sein.`
            : `${p.name} muss eine ganze Zahl von 1 bis ${p.max} sein.`;
        case 'bad-language':
          return `language muss ${p.languages.join(' oder ')} sein.`;
      }
    },
    openSearchName: (site) => site,
    openSearchDescription: (site) => `Artikel auf ${site} durchsuchen`,
  },
  en: {
    queryError: (p) => {
      switch (p.kind) {
        case 'too-long':
          return `the query is ${p.length} characters long; at most ${p.max} are searched`;
        case 'too-many-words':
          return `the query has more than ${p.max} words`;
        case 'only-excludes':
          return 'the query only excludes words; add a word to find (-word leaves articles out)';
        case 'bad-value':
          return `${p.name} is not a valid ${p.name}`;
        case 'bad-date':
          return `${p.name} must be a date as YYYY-MM-DD (got "${p.value}")`;
        case 'bad-number':
          return p.max === undefined
            ? `${p.name} must be a whole number`
            : `${p.name} must be a whole number from 1 to ${p.max}`;
        case 'bad-language':
          return `language must be ${p.languages.join(' or ')}`;
      }
    },
    openSearchName: (site) => site,
    openSearchDescription: (site) => `Search the articles on ${site}`,
  },
};
