// Speech text: what the TTS engine is given instead of the printed text. Numbers, dates, abbreviations and
// acronyms are written out; marks a voice cannot say (quotes, dashes, emoji, CJK) are dropped or made pauses.
import { normalizeEnglish } from './english.ts';
import { normalizeGerman } from './german.ts';
import { ACRONYM_READINGS } from './vocabulary.ts';
import type { SpeechLanguage } from './vocabulary.ts';

export { applyLexicon, validateLexiconEntry } from './lexicon.ts';
export type { LexiconEntry } from './lexicon.ts';
export type { SpeechLanguage } from './vocabulary.ts';

// Letters of scripts the German and English voices do not have, pictographs, invisible joiners, control characters.
const UNSPEAKABLE = new RegExp(
  [
    '(?!\\p{Script=Latin})\\p{L}',
    '(?!°)\\p{So}',
    '\\p{Extended_Pictographic}',
    '\\p{Emoji_Modifier}',
    '[\\u200B-\\u200D\\u2060\\uFEFF\\uFE0E\\uFE0F\\u00AD]',
    '(?![\\n\\t])\\p{Cc}',
  ].join('|'),
  'gu',
);

function cleanCharacters(text: string, language: SpeechLanguage): string {
  return (
    text
      .normalize('NFC')
      // A narrow space between digit groups is a thousands separator ("12 000").
      .replace(/(\d)[\u00A0\u202F\u2009](?=\d{3}(?!\d))/g, language === 'de' ? '$1.' : '$1,')
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
      .replace(UNSPEAKABLE, '')
      .replace(/…/g, '...')
      // Gender star, colon or underscore: "Bürger*innen" is read "Bürgerinnen".
      .replace(/(\p{Ll})[*:_·](?=in(?:nen)?(?![\p{L}]))/gu, '$1')
  );
}

// "U.S.A." → "USA" (then spelled), "COVID-19" → "COVID 19", "5G" → "5 G", "US-Regierung" → "US Regierung".
function separateWords(text: string): string {
  return (
    text
      .replace(/(?<![\p{L}.])((?:\p{Lu}\.){2,})/gu, (initials: string) => initials.replace(/\./g, ''))
      .replace(/(\p{L})-(?=\p{L}|\d)/gu, '$1 ')
      .replace(/(\d)-(?=\p{Lu})/gu, '$1 ')
      .replace(/(\p{Lu})(?=\d)/gu, '$1 ')
      .replace(/(\d)(?=\p{Lu})/gu, '$1 ')
      // "Staats- und Regierungschefs": the dangling hyphen of a shortened compound.
      .replace(/(\p{L})-(?=\s|,)/gu, '$1')
      .replace(/(?<=\s)-(\p{L})/gu, '$1')
  );
}

const VOWELS = /[AEIOUÄÖÜY]/g;
const ACRONYM_KEYS = Object.keys(ACRONYM_READINGS).sort((a, b) => b.length - a.length);
const ACRONYM = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(${ACRONYM_KEYS.join('|')})|(\\p{Lu}{2,6})(s?))(?![\\p{L}\\p{N}])`,
  'gu',
);

function spell(letters: string): string {
  return [...letters].join(' ');
}

// Known acronyms get their reading ("NATO" → "Nato"); other short all-caps words are spelled ("USA" → "U S A").
// Longer all-caps words are spelled only when they have too few vowels to be pronounced ("UNHCR").
function readAcronyms(text: string): string {
  return text.replace(ACRONYM, (match, known: string | undefined, caps: string | undefined, plural: string) => {
    if (known !== undefined) return ACRONYM_READINGS[known] ?? known;
    if (caps === undefined) return match;
    const reading = ACRONYM_READINGS[caps];
    if (reading !== undefined) return reading + plural;
    if (caps.length > 4 && (caps.match(VOWELS)?.length ?? 0) > 1) return match;
    return spell(caps) + (plural === '' ? '' : ' s');
  });
}

function dropPrintMarks(text: string): string {
  return (
    text
      // Quotes are not read; an apostrophe inside a word ("geht's") stays.
      .replace(/[„“”"«»‹›‚‘]/g, '')
      .replace(/(?<!\p{L})[’']|[’'](?!\p{L})/gu, '')
      .replace(/’/g, "'")
      // A dash or parenthesis is a pause, which a comma gives without being read aloud.
      .replace(/\s[–—-]+\s|[–—]|[()[\]{}]/g, ', ')
      .replace(/[/\\|_*#<>~^=+]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/ +([,.;:!?])/g, '$1')
      .replace(/,(?:\s*,)+/g, ',')
      .replace(/,\s*([.;:!?])/g, '$1')
      .replace(/^[\s,.;:]+|[\s,;:]+$/g, '')
      .replace(/\s*\n\s*/g, '\n')
  );
}

/**
 * Writes `text` out in words for a TTS voice in `language`: numbers, dates, times, money, ordinals,
 * abbreviations and acronyms. Apply the pronunciation lexicon first (see `applyLexicon`).
 */
export function normalizeForSpeech(text: string, language: SpeechLanguage): string {
  let result = cleanCharacters(text, language);
  result = separateWords(result);
  result = language === 'de' ? normalizeGerman(result) : normalizeEnglish(result);
  result = readAcronyms(result);
  return dropPrintMarks(result);
}
