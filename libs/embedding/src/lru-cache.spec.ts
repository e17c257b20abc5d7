import { LruCache } from './lru-cache.js';

describe(LruCache.name, () => {
  it('evicts the least recently used entry', () => {
    const sut = new LruCache<string, number>(2);
    sut.set('a', 1);
    sut.set('b', 2);
    expect(sut.get('a')).toBe(1);
    sut.set('c', 3);
    expect(sut.get('b')).toBeUndefined();
    expect(sut.get('a')).toBe(1);
    expect(sut.get('c')).toBe(3);
    expect(sut.size).toBe(2);
  });

  it('stores nothing with capacity 0', () => {
    const sut = new LruCache<string, number>(0);
    sut.set('a', 1);
    expect(sut.get('a')).toBeUndefined();
  });
});
