// The page editor's strings: German first, English second.
import type { PageSlug } from '../../article/index.ts';

const de = {
  pages: 'Seiten',
  intro:
    'Die festen Seiten der Website, im Fuß jeder Seite verlinkt. Sie bearbeiten sie im selben Editor wie Artikel; jede Änderung ist sofort öffentlich.',
  page: 'Seite',
  address: 'Adresse',
  lastSaved: 'Zuletzt gespeichert',
  example: 'Beispieltext (noch nie bearbeitet)',
  edit: (title: string) => `${title} bearbeiten`,
  editPage: 'Seite bearbeiten',
  title: 'Titel',
  show: 'Öffentliche Seite ansehen',
  names: {
    impressum: 'Impressum',
    datenschutz: 'Datenschutz',
    kontakt: 'Kontakt',
    'ueber-uns': 'Über uns',
  } satisfies Record<PageSlug, string>,
  by: (who: string) => `von ${who}`,
  conflict:
    'Jemand hat die Seite inzwischen gespeichert. Ihre Fassung ist nicht verloren: Sie steht noch im Editor. Öffnen Sie die gespeicherte Seite, übernehmen Sie Ihre Änderungen in einer neu geladenen Fassung und speichern Sie erneut.',
  otherVersion: 'Die gespeicherte Seite öffnen',
  notFound: 'Diese Seite gibt es nicht.',
};

export type PageMessages = typeof de;

const en: PageMessages = {
  pages: 'Pages',
  intro:
    'The site’s standing pages, linked in the footer of every page. You edit them in the same editor as articles; every change is public at once.',
  page: 'Page',
  address: 'Address',
  lastSaved: 'Last saved',
  example: 'Example text (never edited)',
  edit: (title) => `Edit ${title}`,
  editPage: 'Edit page',
  title: 'Title',
  show: 'See the public page',
  names: { impressum: 'Impressum (imprint)', datenschutz: 'Privacy', kontakt: 'Contact', 'ueber-uns': 'About us' },
  by: (who) => `by ${who}`,
  conflict:
    'Someone saved the page in the meantime. Your version is not lost: it is still in the editor. Open the saved page, apply your changes to a freshly loaded version and save again.',
  otherVersion: 'Open the saved page',
  notFound: 'There is no such page.',
};

export const pageMessages: Record<'de' | 'en', PageMessages> = { de, en };
