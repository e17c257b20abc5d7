import { seededRandom } from '#demo-catalog';
import { kMeans } from './kmeans.js';

describe(kMeans.name, () => {
  const random = seededRandom(5);
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
  ];
  const points = Array.from({ length: 300 }, (_v, i) =>
    Float32Array.from(centres[i % 3], (c) => c + random() - 0.5),
  );

  it('finds well-separated clusters, and the same ones from the same seed', () => {
    const inertia: number[] = [];
    const found = kMeans(points, { k: 3, iterations: 10, seed: 1, onIteration: (_i, e) => inertia.push(e) });
    const sorted = found
      .map((c) => [Math.round(c[0]) + 0, Math.round(c[1]) + 0])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(sorted).toEqual([
      [0, 0],
      [0, 10],
      [10, 0],
    ]);
    expect(inertia.at(-1)).toBeLessThan(0.2);
    expect(inertia.at(-1)).toBeLessThanOrEqual(inertia[0]);
    expect(kMeans(points, { k: 3, iterations: 10, seed: 1 })).toEqual(found);
  });

  it('refuses fewer points than centroids', () => {
    expect(() => kMeans(points.slice(0, 2), { k: 3, iterations: 1, seed: 1 })).toThrow(/2 points for 3/);
  });
});
