import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRange } from './audio-route.ts';

describe('parseRange', () => {
  const cases: [string | undefined, number, ReturnType<typeof parseRange>][] = [
    [undefined, 1000, undefined],
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=100-', 1000, { start: 100, end: 999 }],
    ['bytes=-50', 1000, { start: 950, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=990-2000', 1000, { start: 990, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=500-400', 1000, 'unsatisfiable'],
    ['bytes=0-1,5-9', 1000, undefined],
    ['items=0-1', 1000, undefined],
    ['bytes=-', 1000, undefined],
  ];
  for (const [header, size, expected] of cases)
    it(`${header} of ${size}`, () => assert.deepEqual(parseRange(header, size), expected));
});
