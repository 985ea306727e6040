// Artikel teilen's words, German first, English second.
import type { Locale } from '../web/i18n.ts';

const de = {
  share: 'Artikel teilen',
  shareLabel: 'Diesen Artikel teilen',
  menuLabel: 'Teilen über',
  pageIntro:
    'Teilen Sie diesen Artikel, wo Sie möchten. Die Links führen erst nach Ihrem Klick zum jeweiligen Dienst; vorher erfährt niemand davon.',
  article: 'Artikel',
  copy: 'Link kopieren',
  copied: 'Link kopiert.',
  copyDenied: 'Kopieren ist hier nicht erlaubt. Der Link ist markiert: Kopieren Sie ihn mit Strg+C (⌘+C).',
  link: 'Adresse des Artikels',
  print: 'Drucken',
  printHint: 'Drucken: über das Menü Ihres Browsers oder mit Strg+P (⌘+P).',
  mail: 'E-Mail',
  mastodon: 'Mastodon / Fediverse',
  instanceLabel: 'Ihre Instanz (z. B. mastodon.social)',
  instanceSubmit: 'Weiter zu Mastodon',
  instanceInvalid: 'Das ist kein Servername. Bitte nur den Namen Ihrer Instanz eingeben, etwa „mastodon.social“.',
  instanceShare: (host: string) => `Auf ${host} teilen`,
  leaveTitle: (host: string) => `Weiter zu ${host}?`,
  leaveText: (site: string, host: string) =>
    `Sie verlassen ${site}. Der Link führt zu ${host}, dem Server, den Sie eingegeben haben. Melden Sie sich dort nur an, wenn es wirklich Ihre Instanz ist.`,
  quote: 'Zitat teilen',
  listenFromHere: 'Ab hier vorlesen',
  sharingQuote: 'Geteilt wird das Zitat:',
  close: 'Schließen',
  newWindow: '(öffnet ein neues Fenster)',
  backToArticle: 'Zurück zum Artikel',
  previewAlt: (title: string, site: string) => `Vorschaubild: ${title} – ${site}`,
};

export type ShareMessages = typeof de;

const en: ShareMessages = {
  share: 'Share article',
  shareLabel: 'Share this article',
  menuLabel: 'Share via',
  pageIntro:
    'Share this article wherever you like. The links reach each service only once you click them; nobody learns of it before.',
  article: 'Article',
  copy: 'Copy link',
  copied: 'Link copied.',
  copyDenied: 'Copying is not allowed here. The link is selected: copy it with Ctrl+C (⌘+C).',
  link: 'Address of the article',
  print: 'Print',
  printHint: 'Print: from your browser’s menu or with Ctrl+P (⌘+P).',
  mail: 'E-mail',
  mastodon: 'Mastodon / Fediverse',
  instanceLabel: 'Your instance (e.g. mastodon.social)',
  instanceSubmit: 'Continue to Mastodon',
  instanceInvalid: 'That is not a server name. Please enter just the name of your instance, such as “mastodon.social”.',
  instanceShare: (host) => `Share on ${host}`,
  leaveTitle: (host) => `Continue to ${host}?`,
  leaveText: (site, host) =>
    `You are leaving ${site}. The link goes to ${host}, the server you entered. Sign in there only if it really is your instance.`,
  quote: 'Share quote',
  listenFromHere: 'Read from here',
  sharingQuote: 'Sharing the quote:',
  close: 'Close',
  newWindow: '(opens a new window)',
  backToArticle: 'Back to the article',
  previewAlt: (title, site) => `Preview image: ${title} – ${site}`,
};

export const shareMessages: Record<Locale, ShareMessages> = { de, en };
