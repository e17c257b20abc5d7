const { exp, sqrt, max, min } = Math;

export const sigmoid = (z: number): number => 1 / (1 + exp(-max(-40, min(40, z))));

export interface LinearModel {
  /** Per-feature mean and standard deviation: inputs are standardised before the weights apply. */
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

export function linearLogit(model: LinearModel, x: ArrayLike<number>): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++)
    z += model.weights[i] * ((x[i] - model.mean[i]) / model.std[i]);
  return z;
}

/**
 * L2-regularised logistic regression, full-batch Adam on standardised
 * features. A few hundred features and some thousand rows fit in seconds,
 * so the head is fitted in TypeScript next to the code that uses it.
 */
export function fitLogistic(
  rows: ArrayLike<number>[],
  labels: number[],
  options: { l2?: number; epochs?: number; learningRate?: number } = {},
): LinearModel {
  const { l2 = 0.01, epochs = 600, learningRate = 0.05 } = options;
  const n = rows.length;
  const d = rows[0].length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
  for (const row of rows) for (let j = 0; j < d; j++) std[j] += (row[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = sqrt(std[j]) || 1;
  const x = rows.map((row) => Float64Array.from({ length: d }, (_, j) => (row[j] - mean[j]) / std[j]));
  const w = new Float64Array(d + 1); // last = bias
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const [beta1, beta2] = [0.9, 0.999];
  for (let t = 1; t <= epochs; t++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let z = w[d];
      const xi = x[i];
      for (let j = 0; j < d; j++) z += w[j] * xi[j];
      const err = (sigmoid(z) - labels[i]) / n;
      for (let j = 0; j < d; j++) grad[j] += err * xi[j];
      grad[d] += err;
    }
    for (let j = 0; j < d; j++) grad[j] += l2 * w[j];
    for (let j = 0; j <= d; j++) {
      m[j] = beta1 * m[j] + (1 - beta1) * grad[j];
      v[j] = beta2 * v[j] + (1 - beta2) * grad[j] ** 2;
      const mHat = m[j] / (1 - beta1 ** t);
      const vHat = v[j] / (1 - beta2 ** t);
      w[j] -= (learningRate * mHat) / (sqrt(vHat) + 1e-8);
    }
  }
  return { mean, std, weights: Array.from(w.subarray(0, d)), bias: w[d] };
}

/** Platt scaling: P(relevant) = sigmoid(a·logit + b). */
export interface PlattScale {
  a: number;
  b: number;
}

/**
 * Fits a Platt scale by Newton's method. With a `prior`, the fit is pulled
 * towards it as if `priorWeight` more examples agreed with it: a handful of
 * moderator labels nudges a category's calibration without overturning it.
 */
export function fitPlatt(
  logits: number[],
  labels: number[],
  prior: PlattScale = { a: 1, b: 0 },
  priorWeight = 0,
): PlattScale {
  let { a, b } = prior;
  // The prior acts as a Gaussian penalty whose strength grows with priorWeight.
  const lambda = priorWeight > 0 ? priorWeight * 0.05 : 1e-6;
  const loss = (sa: number, sb: number) => {
    let total = (lambda / 2) * ((sa - prior.a) ** 2 + (sb - prior.b) ** 2);
    for (let i = 0; i < logits.length; i++) {
      const z = sa * logits[i] + sb;
      // log(1 + e^-|z|) + max(z, 0) - label·z, stable for large |z|
      total += Math.log1p(exp(-Math.abs(z))) + max(z, 0) - labels[i] * z;
    }
    return total;
  };
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let [ga, gb, haa, hab, hbb] = [lambda * (a - prior.a), lambda * (b - prior.b), lambda, 0, lambda];
    for (let i = 0; i < logits.length; i++) {
      const p = sigmoid(a * logits[i] + b);
      const r = p - labels[i];
      const s = p * (1 - p);
      ga += r * logits[i];
      gb += r;
      haa += s * logits[i] * logits[i];
      hab += s * logits[i];
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Newton overshoots on saturated logits: halve the step until the loss falls.
    let step = 1;
    while (step > 1e-6 && loss(a - step * da, b - step * db) > current) step /= 2;
    if (step <= 1e-6) break;
    a -= step * da;
    b -= step * db;
    const next = loss(a, b);
    if (current - next < 1e-10) break;
    current = next;
  }
  return { a, b };
}
