import { toQdrantFilter } from './qdrant-filter.js';

describe(toQdrantFilter.name, () => {
  it('keeps the boolean shape, nests groups and drops empty lists', () => {
    const sut = toQdrantFilter({
      must: [
        { key: 'brand', match: { value: 'acme' } },
        { should: [{ key: 'tags', match: { any: ['eco', 'sale'] } }], must_not: [] },
      ],
      should: [],
      must_not: [{ key: 'active', match: { value: false } }],
    });
    expect(sut).toEqual({
      must: [
        { key: 'brand', match: { value: 'acme' } },
        { should: [{ key: 'tags', match: { any: ['eco', 'sale'] } }] },
      ],
      must_not: [{ key: 'active', match: { value: false } }],
    });
  });

  it('writes datetime bounds as RFC 3339 strings and keeps numeric ones', () => {
    const sut = toQdrantFilter({
      must: [
        { key: 'listedAt', range: { gte: new Date('2024-03-01T00:00:00Z'), lt: '2024-04-01T00:00:00Z' } },
        { key: 'price', range: { gt: 10, lte: 20.5 } },
      ],
    });
    expect(sut?.must).toEqual([
      { key: 'listedAt', range: { gte: '2024-03-01T00:00:00.000Z', lt: '2024-04-01T00:00:00Z' } },
      { key: 'price', range: { gt: 10, lte: 20.5 } },
    ]);
  });

  it('leaves no filter as no filter', () => {
    expect(toQdrantFilter(undefined)).toBeUndefined();
    expect(toQdrantFilter({})).toEqual({});
  });
});
