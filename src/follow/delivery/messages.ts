// Delivery's words, German first: the controls on "Meine News", the mail pages and the mails themselves.
import type { Locale } from '../../web/i18n.ts';

const de = {
  pushTitle: 'Push-Benachrichtigungen',
  pushIntro:
    'Eine Benachrichtigung auf diesem Gerät, sobald ein Artikel zu dem erscheint, dem Sie folgen – eine pro Artikel, und noch eine, wenn die Redaktion darin einen wesentlichen Fehler korrigiert.',
  pushOn: 'Benachrichtigungen einschalten',
  pushOff: 'Benachrichtigungen ausschalten',
  pushIsOn: 'Dieses Gerät erhält Benachrichtigungen.',
  pushDenied: 'Ihr Browser blockiert Benachrichtigungen für diese Seite.',
  pushFailed: 'Das hat nicht geklappt. Bitte später noch einmal versuchen.',
  mailTitle: 'Per E-Mail',
  mailIntro:
    'Neue Artikel zu dem, dem Sie folgen, per E-Mail: sofort oder einmal am Tag um 7 Uhr. Abmelden geht mit einem Klick in jeder Mail.',
  mailAddress: 'E-Mail-Adresse',
  mailFrequency: 'Wie oft?',
  mailInstant: 'Sofort, eine Mail pro Artikel',
  mailDaily: 'Täglich um 7 Uhr, alle neuen Artikel in einer Mail',
  mailSubmit: 'E-Mails bestellen',
  mailChange: 'Ändern',
  mailStop: 'Keine E-Mails mehr',
  mailPending: (address: string) =>
    `Wir haben eine Mail an ${address} geschickt. Bitte bestätigen Sie dort Ihre Adresse.`,
  mailConfirmed: (address: string, daily: boolean) =>
    `E-Mails gehen an ${address}, ${daily ? 'täglich um 7 Uhr' : 'sofort'}.`,
  mailUnavailable: 'Diese Seite versendet keine E-Mails.',
  confirmTitle: 'E-Mail-Adresse bestätigen',
  confirmText: (address: string) => `Sollen Nachrichten zu dem, dem Sie folgen, an ${address} gehen?`,
  confirmButton: 'Ja, Adresse bestätigen',
  confirmedTitle: 'Adresse bestätigt',
  confirmedText: (address: string) => `Neue Artikel gehen ab jetzt an ${address}.`,
  linkInvalidTitle: 'Link ungültig',
  linkInvalidText: 'Dieser Link ist ungültig oder abgelaufen. Sie können die E-Mails auf „Meine News“ neu bestellen.',
  unsubscribeTitle: 'E-Mails abbestellen',
  unsubscribeText: (address: string) => `Keine E-Mails mehr an ${address}?`,
  unsubscribeButton: 'Ja, abbestellen',
  unsubscribedTitle: 'Abbestellt',
  unsubscribedText: 'Sie erhalten keine E-Mails mehr. Was Sie folgen, bleibt auf „Meine News“ erhalten.',
  myNews: 'Meine News',
  confirmSubject: (site: string) => `Bitte bestätigen Sie Ihre Adresse für ${site}`,
  confirmBody: (site: string) =>
    `Jemand – hoffentlich Sie – möchte Nachrichten von ${site} an diese Adresse bekommen. Bestätigen Sie das mit diesem Link (7 Tage gültig):`,
  confirmIgnore: 'Wenn Sie das nicht waren, ignorieren Sie diese Mail einfach; ohne Bestätigung schicken wir nichts.',
  readArticle: 'Artikel lesen',
  correctionTitle: (headline: string) => `Korrektur: ${headline}`,
  correctionWrong: 'Falsch war: ',
  correctionRight: 'Richtig ist: ',
  correctionIntro: 'Wir haben einen Fehler in einem Artikel zu dem korrigiert, dem Sie folgen.',
  footer: (site: string) => `Sie erhalten diese Mail, weil Sie auf ${site} News folgen.`,
  manage: 'Einstellungen: ',
  unsubscribe: 'Abbestellen: ',
  /** n new articles and k corrections of earlier ones. */
  digestSubject: (site: string, n: number, k: number) => `${site}: ${digestCount(n, k)}`,
  digestIntro: (n: number, k: number) => {
    const count = digestCount(n, k);
    return `${count[0]!.toUpperCase()}${count.slice(1)} zu dem, dem Sie folgen:`;
  },
};

export type DeliveryMessages = typeof de;

const en: DeliveryMessages = {
  pushTitle: 'Push notifications',
  pushIntro:
    'A notification on this device as soon as an article appears about what you follow – one per article, and one more if the newsroom corrects a substantive error in it.',
  pushOn: 'Turn notifications on',
  pushOff: 'Turn notifications off',
  pushIsOn: 'This device receives notifications.',
  pushDenied: 'Your browser blocks notifications for this site.',
  pushFailed: 'That did not work. Please try again later.',
  mailTitle: 'By e-mail',
  mailIntro:
    'New articles about what you follow by e-mail: at once or once a day at 7am. Every mail unsubscribes with one click.',
  mailAddress: 'E-mail address',
  mailFrequency: 'How often?',
  mailInstant: 'At once, one mail per article',
  mailDaily: 'Daily at 7am, all new articles in one mail',
  mailSubmit: 'Get e-mails',
  mailChange: 'Change',
  mailStop: 'No more e-mails',
  mailPending: (address) => `We sent a mail to ${address}. Please confirm your address there.`,
  mailConfirmed: (address, daily) => `Mails go to ${address}, ${daily ? 'daily at 7am' : 'at once'}.`,
  mailUnavailable: 'This site sends no e-mail.',
  confirmTitle: 'Confirm your e-mail address',
  confirmText: (address) => `Should news about what you follow go to ${address}?`,
  confirmButton: 'Yes, confirm the address',
  confirmedTitle: 'Address confirmed',
  confirmedText: (address) => `New articles now go to ${address}.`,
  linkInvalidTitle: 'Invalid link',
  linkInvalidText: 'This link is invalid or has expired. You can ask for the e-mails again on “Meine News”.',
  unsubscribeTitle: 'Unsubscribe from e-mails',
  unsubscribeText: (address) => `No more e-mails to ${address}?`,
  unsubscribeButton: 'Yes, unsubscribe',
  unsubscribedTitle: 'Unsubscribed',
  unsubscribedText: 'You will get no more e-mails. What you follow stays on “Meine News”.',
  myNews: 'Meine News',
  confirmSubject: (site) => `Please confirm your address for ${site}`,
  confirmBody: (site) =>
    `Someone – hopefully you – wants news from ${site} at this address. Confirm it with this link (valid for 7 days):`,
  confirmIgnore: 'If that was not you, just ignore this mail; without confirmation we send nothing.',
  readArticle: 'Read the article',
  correctionTitle: (headline) => `Correction: ${headline}`,
  correctionWrong: 'What was wrong: ',
  correctionRight: 'What is right: ',
  correctionIntro: 'We corrected an error in an article about what you follow.',
  footer: (site) => `You get this mail because you follow news on ${site}.`,
  manage: 'Settings: ',
  unsubscribe: 'Unsubscribe: ',
  digestSubject: (site, n, k) => `${site}: ${digestCountEn(n, k)}`,
  digestIntro: (n, k) => {
    const count = digestCountEn(n, k);
    return `${count[0]!.toUpperCase()}${count.slice(1)} about what you follow:`;
  },
};

function digestCount(n: number, k: number): string {
  const articles = n === 0 ? '' : n === 1 ? 'ein neuer Artikel' : `${n} neue Artikel`;
  const corrections = k === 0 ? '' : k === 1 ? 'eine Korrektur' : `${k} Korrekturen`;
  return [articles, corrections].filter(Boolean).join(' und ');
}

function digestCountEn(n: number, k: number): string {
  const articles = n === 0 ? '' : n === 1 ? 'one new article' : `${n} new articles`;
  const corrections = k === 0 ? '' : k === 1 ? 'one correction' : `${k} corrections`;
  return [articles, corrections].filter(Boolean).join(' and ');
}

export const deliveryMessages: Record<Locale, DeliveryMessages> = { de, en };
