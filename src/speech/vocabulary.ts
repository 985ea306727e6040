// Speech-only word knowledge; the shared word lists live with the sentence splitter in the publishing core.
import type { TextLanguage } from '../article/index.ts';

export type SpeechLanguage = TextLanguage;

// Acronyms a German or English reader says as a word, and mixed-case ones with a fixed reading. Other all-caps
// words of two to four letters are spelled out.
export const ACRONYM_READINGS: Readonly<Record<string, string>> = {
  NATO: 'Nato',
  UNESCO: 'Unesco',
  NASA: 'Nasa',
  UNICEF: 'Unicef',
  OPEC: 'Opec',
  FIFA: 'Fifa',
  UEFA: 'Uefa',
  UNO: 'Uno',
  AIDS: 'Aids',
  DAX: 'Dax',
  TÜV: 'Tüv',
  PISA: 'Pisa',
  BAföG: 'Bafög',
  ESA: 'Esa',
  COVID: 'Covid',
  NAFTA: 'Nafta',
  ASEAN: 'Asean',
  EFTA: 'Efta',
  SARS: 'Sars',
  UFO: 'Ufo',
  GAU: 'Gau',
  BAMF: 'Bamf',
  NABU: 'Nabu',
  FRONTEX: 'Frontex',
  INTERPOL: 'Interpol',
  EUROPOL: 'Europol',
  PIN: 'Pin',
  WLAN: 'W Lan',
  AfD: 'A f D',
  GmbH: 'G m b H',
  dpa: 'd p a',
  UdSSR: 'U d S S R',
  Pkw: 'P K W',
  Lkw: 'L K W',
  Kfz: 'K f z',
};
