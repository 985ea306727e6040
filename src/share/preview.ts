// The preview image as SVG (1200×630: kicker, headline, site name, date). Every run of text is escaped and
// placed by our own measurements, so no headline can break the markup or overflow the card.
import { createHash } from 'node:crypto';
import type { Article } from '../article/index.ts';
import { formatPublicationDate } from '../web/i18n.ts';
import { face } from './fonts.ts';
import { clusters, isRtl, oneLine, runFamily, wrap, type Line } from './text-layout.ts';

export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;
/** Bump when the drawing changes, so cached images are redrawn. */
const DESIGN_VERSION = 1;

export interface PreviewInput {
  kicker: string;
  headline: string;
  siteName: string;
  date: string;
}

export function previewInput(
  article: Pick<Article, 'kicker' | 'headline' | 'published' | 'language'>,
  siteName: string,
): PreviewInput {
  return {
    kicker: article.kicker ?? '',
    headline: article.headline,
    siteName,
    date: formatPublicationDate(article.published, article.language.startsWith('en') ? 'en' : 'de'),
  };
}

/** Names the drawing: it changes exactly when something drawn changes. */
export function previewHash(input: PreviewInput): string {
  return createHash('sha256')
    .update(JSON.stringify([DESIGN_VERSION, input.kicker, input.headline, input.siteName, input.date]))
    .digest('base64url')
    .slice(0, 16);
}

const MARGIN = 80;
const TEXT_WIDTH = PREVIEW_WIDTH - 2 * MARGIN;
// Our widths ignore kerning and Arabic joining, which mostly narrow a line; this keeps a little room anyway.
const SAFE_WIDTH = TEXT_WIDTH * 0.97;
const HEADLINE_TOP = 170;
const HEADLINE_BOTTOM = 500;
/** Largest first: the first size at which the whole headline fits wins; the last one cuts with "…". */
const HEADLINE_SIZES = [72, 64, 56, 50, 44];
const LINE_HEIGHT = 1.2;

const COLOURS = { paper: '#ffffff', text: '#1a1a1a', muted: '#595959', accent: '#0b5cad', rule: '#d6d6d6' };

export function previewSvg(input: PreviewInput): string {
  const rtl = isRtl(input.headline);
  const headline = clusters(input.headline);
  let size = HEADLINE_SIZES.at(-1)!;
  let lines: Line[] = [];
  for (const [i, s] of HEADLINE_SIZES.entries()) {
    const maxLines = Math.floor((HEADLINE_BOTTOM - HEADLINE_TOP) / (s * LINE_HEIGHT));
    const fit = wrap(headline, SAFE_WIDTH / s, maxLines, i === HEADLINE_SIZES.length - 1);
    if (fit) {
      [size, lines] = [s, fit];
      break;
    }
  }
  const kickerSize = 34;
  const footerSize = 30;
  const parts = [
    `<rect width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" fill="${COLOURS.paper}"/>`,
    `<rect width="16" height="${PREVIEW_HEIGHT}" fill="${COLOURS.accent}"/>`,
    input.kicker
      ? drawLine(
          oneLine(clusters(input.kicker), SAFE_WIDTH / kickerSize),
          120,
          kickerSize,
          COLOURS.accent,
          isRtl(input.kicker),
        )
      : '',
    ...lines.map((line, i) =>
      drawLine(line, HEADLINE_TOP + size + i * size * LINE_HEIGHT - size * 0.2, size, COLOURS.text, rtl),
    ),
    `<rect x="${MARGIN}" y="530" width="${TEXT_WIDTH}" height="2" fill="${COLOURS.rule}"/>`,
    drawLine(oneLine(clusters(input.siteName), (SAFE_WIDTH * 0.55) / footerSize), 585, footerSize, COLOURS.text, false),
    drawLine(
      oneLine(clusters(input.date), (SAFE_WIDTH * 0.4) / footerSize),
      585,
      footerSize,
      COLOURS.muted,
      false,
      face('regular').family,
      400,
      true,
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" viewBox="0 0 ${PREVIEW_WIDTH} ${PREVIEW_HEIGHT}" xml:space="preserve">${parts.join('')}</svg>`;
}

/**
 * One line, run by run. Left to right from the left margin, or right to left from the right margin with each text
 * run embedded right-to-left (U+202B … U+202C), so resvg orders its words as a reader of that script expects.
 */
function drawLine(
  line: Line,
  y: number,
  size: number,
  fill: string,
  rtl: boolean,
  family?: string,
  weight = 700,
  alignEnd = false,
): string {
  let x = rtl ? PREVIEW_WIDTH - MARGIN : alignEnd ? PREVIEW_WIDTH - MARGIN - line.width * size : MARGIN;
  let out = '';
  for (const run of line.runs) {
    const fontFamily = run.kind === 'emoji' ? face('emoji').family : (family ?? runFamily(run.text));
    const text = run.kind === 'text' && rtl ? `\u202B${run.text}\u202C` : run.text;
    out += `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${escapeXml(fontFamily)}" font-weight="${weight}" font-size="${size}" fill="${fill}" text-anchor="${rtl ? 'end' : 'start'}">${escapeXml(text)}</text>`;
    x += (rtl ? -1 : 1) * run.width * size;
  }
  return out;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
