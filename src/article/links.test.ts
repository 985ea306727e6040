import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHref, embedNetwork, isExternal, isSafeHref } from './links.ts';

describe('link targets', () => {
  const refused = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'javascript\u0000:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'https:\\\\evil.example',
    '//evil.example/',
    '/relative',
    'https://user@evil.example/',
    'https://example.org/a b',
  ];
  for (const href of refused)
    it(`refuses ${JSON.stringify(href)}`, () => {
      assert.ok('error' in checkHref(href));
      assert.equal(isSafeHref(href), false);
    });
  it('keeps http, https and mailto, normalised', () => {
    assert.deepEqual(checkHref('HTTPS://Example.org'), { href: 'https://example.org/' });
    assert.deepEqual(checkHref('mailto:redaktion@example.org'), { href: 'mailto:redaktion@example.org' });
    assert.equal(isSafeHref('https://example.org/'), true);
    assert.equal(isSafeHref('HTTPS://Example.org'), false, 'only the normalised form is rendered');
  });
  it('tells external links and networks', () => {
    assert.equal(isExternal('https://example.org/x', 'https://zeitung.example'), true);
    assert.equal(isExternal('https://zeitung.example/artikel/a', 'https://zeitung.example'), false);
    assert.equal(isExternal('mailto:a@b.example', 'https://zeitung.example'), false);
    assert.equal(embedNetwork('https://www.youtube.com/watch?v=1'), 'YouTube');
    assert.equal(embedNetwork('https://notyoutube.com/x'), undefined);
    assert.equal(embedNetwork('http://youtube.com/x'), undefined, 'an embed is https');
  });
});
