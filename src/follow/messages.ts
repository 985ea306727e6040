// News folgen's words in German and English (the shared i18n holds only the site's own).
import type { Locale } from '../web/i18n.ts';
import type { EntityKind } from './entities/index.ts';

const de = {
  follow: 'News folgen',
  followLabel: 'Den Themen, Personen und Orten dieses Artikels folgen',
  dialogIntro:
    'Folgen Sie, worum es in diesem Artikel geht. Kein Konto nötig: Ihre Auswahl hängt an einem Cookie in diesem Browser.',
  noScriptIntro:
    'Folgen Sie, worum es in diesem Artikel geht. Kein Konto nötig: Ihre Auswahl hängt an einem Cookie in diesem Browser, das erst gesetzt wird, wenn Sie etwas folgen.',
  close: 'Schließen',
  followItem: 'Folgen',
  unfollowItem: 'Nicht mehr folgen',
  following: 'Sie folgen',
  notFollowing: 'Sie folgen nicht',
  groups: {
    topic: 'Themen',
    author: 'Autorinnen und Autoren',
    person: 'Personen',
    place: 'Orte',
    organisation: 'Organisationen',
    search: 'Suchen',
  } as Record<'topic' | 'author' | 'search' | EntityKind, string>,
  kind: {
    topic: 'Thema',
    author: 'Autor/in',
    person: 'Person',
    place: 'Ort',
    organisation: 'Organisation',
    search: 'Suche',
  } as Record<'topic' | 'author' | 'search' | EntityKind, string>,
  peopleAndPlaces: 'Personen und Orte',
  more: (n: number) => `${n} weitere`,
  myNews: 'Meine News',
  myNewsIntro:
    'Was Sie verfolgen und die neuesten Artikel dazu. Gespeichert ist nur eine zufällige Kennung in einem Cookie dieses Browsers, kein Name, keine E-Mail-Adresse.',
  nothingFollowed: 'Sie folgen noch nichts. Öffnen Sie einen Artikel und wählen Sie „News folgen“.',
  youFollow: 'Sie folgen',
  yourStream: 'Ihre Nachrichten',
  noStream: 'Noch keine Artikel zu Ihrer Auswahl.',
  privateFeed: 'Ihr privater Feed',
  privateFeedIntro:
    'Alle Artikel Ihrer Auswahl in einem Feedreader. Die Adresse ist geheim: Wer sie kennt, sieht, was Sie verfolgen.',
  privatePodcast: 'Ihr privater Podcast',
  privatePodcastIntro:
    'Die Audiofassungen dieser Artikel in jeder Podcast-App: Adresse kopieren und in der App „Podcast per URL hinzufügen“ wählen. Auch diese Adresse ist geheim.',
  transfer: 'Auf ein anderes Gerät übertragen',
  transferIntro:
    'Öffnen Sie den Link auf dem anderen Gerät oder scannen Sie den QR-Code. Ihre Auswahl kommt dort zur bisherigen hinzu; danach hat jedes Gerät seine eigene.',
  transferMake: 'Übertragungslink erzeugen',
  transferValid: (minutes: number) => `Der Link gilt ${minutes} Minuten.`,
  transferQr: 'QR-Code mit dem Übertragungslink',
  transferTake: 'Auswahl übernehmen',
  transferTakeIntro:
    'Dieser Link trägt die Auswahl eines anderen Browsers. Sie kommt zu Ihrer Auswahl in diesem Browser hinzu; nichts wird ersetzt oder gelöscht.',
  transferOnlyYours:
    'Übernehmen Sie sie nur, wenn Sie den Link selbst auf Ihrem anderen Gerät erzeugt haben: Es ist nicht die Liste dieses Browsers.',
  transferCarries: (n: number) => (n === 1 ? 'Der Link trägt 1 Eintrag:' : `Der Link trägt ${n} Einträge:`),
  transferMerges: (added: number, own: number) =>
    `Neu für diesen Browser: ${added}. Ihre ${own} bisherigen Einträge hier bleiben, ebenso Ihre Benachrichtigungen.`,
  transferAdd: 'Zu meiner Auswahl hinzufügen',
  transferCancel: 'Abbrechen',
  transferSame: 'Dieser Link trägt die Auswahl, die dieser Browser schon hat.',
  transferInvalid:
    'Dieser Übertragungslink ist abgelaufen oder ungültig. Erzeugen Sie auf dem anderen Gerät unter „Meine News“ einen neuen.',
  deleteAll: 'Alles löschen',
  deleteIntro:
    'Löscht Ihre Auswahl, Ihre Benachrichtigungen und die Kennung dieses Browsers bei uns. Das lässt sich nicht rückgängig machen.',
  deleted: 'Alles ist gelöscht. Wir speichern nichts mehr über diesen Browser.',
  allFeeds: 'Feeds dieses Artikels',
  feedsIntro: 'Oder abonnieren Sie einzeln, als Feed (RSS, Atom oder JSON) in einem Feedreader Ihrer Wahl:',
  timeline: 'Zeitleiste',
  articleCount: (n: number) => (n === 1 ? 'Ein Artikel' : `${n} Artikel`),
  errors: {
    csrf: 'Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
    malformed: 'Das lässt sich nicht folgen: Die Angabe ist ungültig.',
    unknown: 'Das gibt es bei uns nicht (mehr).',
    removed: 'Das wurde von der Redaktion entfernt und lässt sich nicht mehr folgen.',
    limit: (n: number) =>
      `Sie folgen bereits ${n} Dingen, mehr geht nicht. Entfernen Sie unter „Meine News“ etwas, bevor Sie Neues hinzufügen.`,
    noReader: 'Diesem Browser ist keine Auswahl zugeordnet.',
    tooLarge: 'Die Anfrage ist zu groß.',
    notAForm: 'Die Anfrage muss ein Formular sein (application/x-www-form-urlencoded).',
    tooMany: (s: number) =>
      `Zu viele Anfragen von dieser Adresse. Bitte versuchen Sie es in ${Math.ceil(s / 60)} Min. noch einmal.`,
  },
  back: 'Zurück',
};

export type FollowMessages = typeof de;

const en: FollowMessages = {
  follow: 'Follow news',
  followLabel: 'Follow the topics, people and places of this article',
  dialogIntro:
    'Follow what this article is about. No account needed: your choice is kept with a cookie in this browser.',
  noScriptIntro:
    'Follow what this article is about. No account needed: your choice is kept with a cookie in this browser, set only once you follow something.',
  close: 'Close',
  followItem: 'Follow',
  unfollowItem: 'Unfollow',
  following: 'You follow',
  notFollowing: 'You do not follow',
  groups: {
    topic: 'Topics',
    author: 'Authors',
    person: 'People',
    place: 'Places',
    organisation: 'Organisations',
    search: 'Searches',
  },
  kind: {
    topic: 'Topic',
    author: 'Author',
    person: 'Person',
    place: 'Place',
    organisation: 'Organisation',
    search: 'Search',
  },
  peopleAndPlaces: 'People and places',
  more: (n: number) => `${n} more`,
  myNews: 'My news',
  myNewsIntro:
    'What you follow and the latest articles about it. All we keep is a random identifier in a cookie of this browser: no name, no e-mail address.',
  nothingFollowed: 'You do not follow anything yet. Open an article and choose "Follow news".',
  youFollow: 'You follow',
  yourStream: 'Your news',
  noStream: 'No articles for your choice yet.',
  privateFeed: 'Your private feed',
  privateFeedIntro:
    'Every article of your choice in a feed reader. The address is secret: whoever knows it sees what you follow.',
  privatePodcast: 'Your private podcast',
  privatePodcastIntro:
    'The audio versions of these articles in any podcast app: copy the address and choose "add podcast by URL" in the app. This address is secret too.',
  transfer: 'Carry to another device',
  transferIntro:
    'Open the link on the other device or scan the QR code. Your choice is added to what that device follows; afterwards each device keeps its own.',
  transferMake: 'Make a transfer link',
  transferValid: (minutes) => `The link is valid for ${minutes} minutes.`,
  transferQr: 'QR code with the transfer link',
  transferTake: 'Take over the choice',
  transferTakeIntro:
    "This link carries another browser's choice. It is added to your choice in this browser; nothing is replaced or deleted.",
  transferOnlyYours: "Only take it if you made the link yourself on your other device: it is not this browser's list.",
  transferCarries: (n) => (n === 1 ? 'The link carries 1 item:' : `The link carries ${n} items:`),
  transferMerges: (added, own) =>
    `New for this browser: ${added}. Your ${own} items here stay, and so do your notifications.`,
  transferAdd: 'Add to my choice',
  transferCancel: 'Cancel',
  transferSame: 'This link carries the choice this browser already has.',
  transferInvalid: 'This transfer link has expired or is invalid. Make a new one under "My news" on the other device.',
  deleteAll: 'Delete everything',
  deleteIntro: "Deletes your choice, your notifications and this browser's identifier with us. This cannot be undone.",
  deleted: 'Everything is deleted. We keep nothing about this browser any more.',
  allFeeds: 'Feeds of this article',
  feedsIntro: 'Or subscribe one by one, as a feed (RSS, Atom or JSON) in the feed reader of your choice:',
  timeline: 'Timeline',
  articleCount: (n) => (n === 1 ? 'One article' : `${n} articles`),
  errors: {
    csrf: 'The form has expired or did not come from this site. Please reload the page and try again.',
    malformed: 'This cannot be followed: the request is invalid.',
    unknown: 'This does not exist here (any more).',
    removed: 'The editors removed this; it can no longer be followed.',
    limit: (n) =>
      `You already follow ${n} things, the most there can be. Remove something under "My news" before adding more.`,
    noReader: 'This browser has no choice stored with us.',
    tooLarge: 'The request is too large.',
    notAForm: 'The request must be a form (application/x-www-form-urlencoded).',
    tooMany: (s) => `Too many requests from this address. Please try again in ${Math.ceil(s / 60)} min.`,
  },
  back: 'Back',
};

export const followMessages: Record<Locale, FollowMessages> = { de, en };
