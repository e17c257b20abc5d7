// Vector helpers for bench/album.bench.ts: the float32 brute-force baseline
// (also run in Chromium, so it stays free of imports and closures), and the
// seeded expansion of real photo vectors to album sizes we cannot embed here.
import { gaussian, seededRandom } from '#demo-catalog';

/**
 * Exact top k of `query` over `count` float32 vectors laid end to end: the
 * same scan and the same insertion into a sorted top list as the client's
 * int8 LocalAlbumIndex.search, on float32 values. Self-contained on purpose:
 * the Chromium run evaluates its source in the page.
 */
export function float32TopK(
  matrix: Float32Array,
  dim: number,
  query: ArrayLike<number>,
  k: number,
): number[] {
  const count = matrix.length / dim;
  const top: { i: number; score: number }[] = [];
  for (let i = 0; i < count; i++) {
    let score = 0;
    for (let d = 0, o = i * dim; d < dim; d++) score += matrix[o + d] * query[d];
    if (top.length === k && score <= top[k - 1].score) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].score < score) at--;
    top.splice(at, 0, { i, score });
    if (top.length > k) top.pop();
  }
  return top.map((t) => t.i);
}

/** The value below which `share` of `xs` lie (nearest rank). */
export function percentile(xs: number[], share: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * share) - 1))];
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d] * b[d];
  return s;
};

/** Median cosine similarity between a real photo vector and its nearest other real one (up to `sample` photos). */
export function nearestNeighbourCosine(vectors: Float32Array[], sample = 500): number {
  const step = Math.max(1, Math.floor(vectors.length / sample));
  const best: number[] = [];
  for (let i = 0; i < vectors.length; i += step) {
    let max = -1;
    for (let j = 0; j < vectors.length; j++) if (j !== i) max = Math.max(max, dot(vectors[i], vectors[j]));
    best.push(max);
  }
  const sorted = best.sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * `count` unit vectors: the real ones first, then seeded perturbations of
 * randomly chosen real ones, each `real + Gaussian noise`, renormalised, with
 * the noise sized so a copy's expected cosine to its source is `cosine`.
 */
export function expandVectors(real: Float32Array[], count: number, cosine: number, seed: number) {
  const random = seededRandom(seed);
  const dim = real[0].length;
  // |noise| = tan(angle) for a unit source: E|noise|² = dim·σ².
  const sigma = Math.tan(Math.acos(cosine)) / Math.sqrt(dim);
  const vectors = real.slice(0, count);
  const sources = vectors.map((_v, i) => i);
  while (vectors.length < count) {
    const source = Math.floor(random() * real.length);
    const v = Float32Array.from(real[source], (x) => x + sigma * gaussian(random));
    const norm = Math.sqrt(dot(v, v));
    vectors.push(v.map((x) => x / norm));
    sources.push(source);
  }
  return { vectors, sources, sigma };
}

/** The vectors laid end to end, as both the baseline and Chromium read them. */
export function pack(vectors: Float32Array[]): Float32Array {
  const dim = vectors[0].length;
  const matrix = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => matrix.set(v, i * dim));
  return matrix;
}
