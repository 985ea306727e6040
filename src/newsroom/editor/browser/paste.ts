// Pasted HTML under the staff CSP: `style-src 'self'` keeps the browser from reading style attributes in any
// document this page makes, so ProseMirror's style rules (Google Docs' bold and italic spans, its
// `<b style="font-weight:normal">` wrapper) would see nothing. The browser's own CSS parser still reads a style
// through the CSSOM, which CSP does not govern: styles that mean emphasis become tags, every style is dropped.

const probe = document.createElement('span').style;

function styleOf(el: Element): { bold: boolean | undefined; italic: boolean } {
  probe.cssText = el.getAttribute('style') ?? '';
  const weight = probe.fontWeight;
  const bold = weight === '' ? undefined : weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  return { bold, italic: probe.fontStyle === 'italic' };
}

function wrap(el: Element, tag: 'strong' | 'em'): void {
  const doc = el.ownerDocument;
  const inner = doc.createElement(tag);
  inner.append(...el.childNodes);
  el.append(inner);
}

/** The pasted HTML with emphasis styles as `<strong>`/`<em>` and no style attributes left. */
export function stylesAsTags(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of [...doc.body.querySelectorAll('[style]')]) {
    const { bold, italic } = styleOf(el);
    el.removeAttribute('style');
    // Docs wraps the whole paste in a <b> whose weight is normal: not bold at all.
    if (el.localName === 'b' && bold === false) {
      el.replaceWith(...el.childNodes);
      continue;
    }
    if (bold && el.localName !== 'b' && el.localName !== 'strong' && !/^h\d$/.test(el.localName)) wrap(el, 'strong');
    if (italic && el.localName !== 'i' && el.localName !== 'em') wrap(el, 'em');
  }
  return doc.body.innerHTML;
}
