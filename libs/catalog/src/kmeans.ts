import { seededRandom } from '#demo-catalog';

/** Lloyd's k-means with k-means++ seeding, seeded so a refit gives the same centroids. */
export interface KMeansOptions {
  k: number;
  iterations: number;
  seed: number;
  /** Called after each iteration with the mean squared distance to the nearest centroid. */
  onIteration?: (iteration: number, inertia: number) => void;
}

export function kMeans(
  points: Float32Array[],
  { k, iterations, seed, onIteration }: KMeansOptions,
): Float32Array[] {
  if (points.length < k) throw new Error(`k-means: ${points.length} points for ${k} centroids`);
  const dim = points[0].length;
  const random = seededRandom(seed);
  const distance = (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (a[d] - b[d]) ** 2;
    return s;
  };
  // k-means++: each next centroid drawn with probability ∝ squared distance to the nearest chosen one.
  const centroids = [Float32Array.from(points[Math.floor(random() * points.length)])];
  const nearest = points.map((p) => distance(p, centroids[0]));
  while (centroids.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let target = random() * total;
    let pick = points.length - 1;
    for (let i = 0; i < points.length; i++) {
      target -= nearest[i];
      if (target <= 0) {
        pick = i;
        break;
      }
    }
    const c = Float32Array.from(points[pick]);
    centroids.push(c);
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i], distance(p, c))));
  }
  const assignment = new Int32Array(points.length);
  for (let iteration = 0; iteration < iterations; iteration++) {
    let inertia = 0;
    points.forEach((p, i) => {
      let best = 0;
      let bestDistance = Infinity;
      centroids.forEach((c, j) => {
        const dd = distance(p, c);
        if (dd < bestDistance) [best, bestDistance] = [j, dd];
      });
      assignment[i] = best;
      inertia += bestDistance;
    });
    const sums = centroids.map(() => new Float64Array(dim));
    const counts = new Int32Array(k);
    points.forEach((p, i) => {
      counts[assignment[i]]++;
      for (let d = 0; d < dim; d++) sums[assignment[i]][d] += p[d];
    });
    centroids.forEach((c, j) => {
      // An empty cluster takes a random point, so every centroid stays in use.
      if (counts[j] === 0) c.set(points[Math.floor(random() * points.length)]);
      else for (let d = 0; d < dim; d++) c[d] = sums[j][d] / counts[j];
    });
    onIteration?.(iteration + 1, inertia / points.length);
  }
  return centroids;
}
