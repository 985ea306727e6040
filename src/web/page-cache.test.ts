import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepare } from './http.ts';
import { createPageCache } from './page-cache.ts';

const page = (bytes: number) => prepare({ status: 200, type: 'application/octet-stream', body: Buffer.alloc(bytes) });

describe('page cache', () => {
  it('drops only the pages that carry a changed key', () => {
    const cache = createPageCache(1_000_000);
    cache.set('article', page(10), ['article:1'], cache.version());
    cache.set('front', page(10), ['front'], cache.version());
    cache.set('feed', page(10), ['feeds', 'entity:e'], cache.version());
    cache.drop(['article:1', 'entity:e']);
    assert.equal(cache.get('article'), undefined);
    assert.equal(cache.get('feed'), undefined);
    assert.ok(cache.get('front'));
    cache.drop(['*']);
    assert.equal(cache.get('front'), undefined);
    assert.deepEqual(cache.stats(), { pages: 0, bytes: 0 });
  });

  it('keeps within its bytes by dropping the least recently used page', () => {
    const cache = createPageCache(3_500);
    for (const id of ['a', 'b', 'c']) cache.set(id, page(1000), [], cache.version());
    assert.ok(cache.get('a'), 'a read makes a page recent');
    cache.set('d', page(1000), [], cache.version());
    assert.equal(cache.get('b'), undefined, 'the least recently used page went');
    for (const id of ['a', 'c', 'd']) assert.ok(cache.get(id), id);
    assert.ok(cache.stats().bytes <= 3_500);
    cache.set('huge', page(4000), [], cache.version());
    assert.equal(cache.get('huge'), undefined, 'a page larger than the whole cache is not kept');
    assert.equal(cache.stats().pages, 3);
  });

  it('does not keep a page rendered while a change came in', () => {
    const cache = createPageCache(1_000_000);
    const since = cache.version();
    cache.drop(['article:1']);
    cache.set('article', page(10), ['article:1'], since);
    assert.equal(cache.get('article'), undefined);
  });
});
