import { RRF_K, byScoreThenId, negativePenalties, reciprocalRankFusion } from './rank-fusion.js';

describe(reciprocalRankFusion.name, () => {
  it('sums weight / (K + rank) over the lists an id appears in', () => {
    const sut = reciprocalRankFusion([
      { weight: 1, ids: ['a', 'b'] },
      { weight: 0.5, ids: ['b', 'c'] },
      { weight: 0, ids: ['d'] },
    ]);
    expect(sut.get('a')).toBeCloseTo(1 / (RRF_K + 1));
    expect(sut.get('b')).toBeCloseTo(1 / (RRF_K + 2) + 0.5 / (RRF_K + 1));
    expect(sut.has('d')).toBe(false);
  });
});

describe(negativePenalties.name, () => {
  it('penalises the most similar most and the least similar not at all', () => {
    const sut = negativePenalties(
      new Map([
        ['far', 0.1],
        ['near', 0.9],
        ['mid', 0.5],
      ]),
      2,
    );
    expect(sut.get('near')!).toBeGreaterThan(sut.get('mid')!);
    expect(sut.get('mid')!).toBeGreaterThan(sut.get('far')!);
    expect(sut.get('far')).toBeCloseTo(2 / (RRF_K + 3) - 2 / (RRF_K + 3));
  });

  it('outweighs a top rank in one positive list when the candidate set is large', () => {
    const sut = negativePenalties(new Map(Array.from({ length: 300 }, (_, i) => [`p${i}`, i / 300])), 2);
    expect(sut.get('p299')!).toBeGreaterThan(1 / (RRF_K + 1));
  });
});

describe('byScoreThenId', () => {
  it('breaks ties by id so pages are stable', () => {
    const items = [
      { id: 'b', score: 1 },
      { id: 'a', score: 1 },
      { id: 'c', score: 2 },
    ];
    expect(items.sort(byScoreThenId).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });
});
