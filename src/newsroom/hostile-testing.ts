// The hostile text of the newsroom's input tests: one string with markup, quotes, a comment opener, an entity,
// non-Latin script and an emoji; a body with one of every block made of it; links no page may carry; and the
// checks that a page shows such text as text.
import assert from 'node:assert/strict';
import type { Block, ImageRef } from '../article/index.ts';

const HOSTILE = `<script>alert("x")</script> & "Zitat" 'eins' </title><!-- ü 🚀 عربى <img src=x onerror=alert(1)>`;
export const t = (label: string) => `${label} ${HOSTILE}`;
export const rich = (label: string) => ({ text: t(label), marks: [] });
/** A link whose address carries the hostile characters too (escaped in the attribute, never breaking out). */
const HREF = `https://example.org/?q="><script>alert(1)</script>&x='y'`;

/** One of every block (the image where one is given), each text labelled so the page can be searched for it. */
export function hostileBody(image?: ImageRef): Block[] {
  const linked = t('Link');
  const paragraph = `${linked} und ${t('Em')} und ${t('Strong')}`;
  return [
    {
      type: 'paragraph',
      text: paragraph,
      marks: [
        { type: 'link', start: 0, end: linked.length, href: HREF },
        { type: 'em', start: linked.length + 5, end: linked.length + 5 + t('Em').length },
        { type: 'strong', start: paragraph.length - t('Strong').length, end: paragraph.length },
      ],
    },
    { type: 'paragraph', ...rich('Body') },
    { type: 'subheading', level: 2, ...rich('Sub') },
    { type: 'quote', ...rich('Quote'), cite: t('Cite') },
    { type: 'list', ordered: false, items: [rich('Item')] },
    { type: 'list', ordered: true, items: [rich('Numbered')] },
    { type: 'infobox', title: t('Box'), paragraphs: [rich('Boxtext')] },
    { type: 'table', header: true, rows: [[rich('Head')], [rich('Cell')]], align: [null] },
    ...(image ? [{ type: 'image' as const, image, alt: t('Alt'), caption: rich('Caption'), credit: t('Credit') }] : []),
  ];
}

/** Labels of every text in the body hostileBody makes without an image: each shown as text wherever it is. */
export const BODY_LABELS = [
  'Link',
  'Em',
  'Strong',
  'Body',
  'Sub',
  'Quote',
  'Cite',
  'Item',
  'Numbered',
  'Box',
  'Boxtext',
  'Head',
  'Cell',
];

/** What a page must never hold: a live element or attribute made from the hostile text. */
export function assertNoMarkup(page: string, where: string): void {
  assert.doesNotMatch(page, /<script>alert|<img src=x|<\/title><!--|onerror=alert\(1\)>/, where);
  assert.equal(page.match(/<title>/g)?.length ?? 0, page.includes('<title>') ? 1 : 0, `${where}: one title`);
}

/** Script, data and other schemes, as an editor might paste them or an integration send them. */
export const BAD_LINKS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
];
