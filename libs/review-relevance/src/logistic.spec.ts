import { fitLogistic, fitPlatt, linearLogit, sigmoid } from './logistic.js';

/** Points on a line: label 1 where 2x - y > 0.5, with a few labels flipped. */
function noisyLine(n: number) {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.sin(i * 12.9898) * 3;
    const y = Math.cos(i * 78.233) * 3;
    rows.push([x, y]);
    labels.push(2 * x - y > 0.5 !== (i % 25 === 0) ? 1 : 0);
  }
  return { rows, labels };
}

describe(fitLogistic.name, () => {
  it('learns a linear boundary', () => {
    const { rows, labels } = noisyLine(400);
    const sut = fitLogistic(rows, labels, { l2: 0.001, epochs: 400 });
    const correct = rows.filter((r, i) => (linearLogit(sut, r) > 0 ? 1 : 0) === labels[i]).length;
    expect(correct / rows.length).toBeGreaterThan(0.93);
    expect(linearLogit(sut, [3, -3])).toBeGreaterThan(2);
    expect(linearLogit(sut, [-3, 3])).toBeLessThan(-2);
  });
});

describe(fitPlatt.name, () => {
  const logits = [-4, -3, -2, -1, 0, 1, 2, 3, 4, -2.5, 2.5, 0.5];
  const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0];

  it('keeps the prior when there are no labels', () => {
    expect(fitPlatt([], [], { a: 1.4, b: -0.2 }, 20)).toEqual({ a: 1.4, b: -0.2 });
  });

  it('fits probabilities that follow the labels', () => {
    const sut = fitPlatt(logits, labels);
    expect(sut.a).toBeGreaterThan(0);
    expect(sigmoid(sut.a * 4 + sut.b)).toBeGreaterThan(0.8);
    expect(sigmoid(sut.a * -4 + sut.b)).toBeLessThan(0.2);
  });

  it('converges on separable labels instead of oscillating (damped Newton)', () => {
    const flipped = [5, 6, -4, -5, 7, -6];
    const sut = fitPlatt(flipped, [0, 0, 1, 1, 0, 1], { a: 1.3, b: 0 }, 20);
    expect(sut.a).toBeLessThan(0);
  });

  it('moves less from the prior the heavier the prior', () => {
    const prior = { a: 2, b: 0 };
    const light = fitPlatt(logits, labels, prior, 1);
    const heavy = fitPlatt(logits, labels, prior, 200);
    expect(Math.abs(heavy.a - prior.a)).toBeLessThan(Math.abs(light.a - prior.a));
  });
});
