// Search's strings, German first.
import type { Locale } from '../web/i18n.ts';

export interface SearchMessages {
  /** The OpenSearch description's name and text, as the browser shows them when it offers the site's search. */
  openSearchName(site: string): string;
  openSearchDescription(site: string): string;
}

export const searchMessages: Record<Locale, SearchMessages> = {
  de: {
    openSearchName: (site) => site,
    openSearchDescription: (site) => `Artikel auf ${site} durchsuchen`,
  },
  en: {
    openSearchName: (site) => site,
    openSearchDescription: (site) => `Search the articles on ${site}`,
  },
};
