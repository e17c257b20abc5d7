import { HUBNESS_K, HUBNESS_WEIGHT, HubnessCorrection, albumQueryBank } from './album-hubness.js';

const DIM = 8;
const basis = (i: number) => Float32Array.from({ length: DIM }, (_v, d) => (d === i ? 1 : 0));

describe(HubnessCorrection.name, () => {
  // Bank: 12 phrases along axis 0 and 12 along axis 1, at cosines 0.95, 0.90, ... to their axis.
  const phrases = Array.from({ length: 24 }, (_v, i) => `phrase ${i}`);
  const vectors = phrases.map((_p, i) => {
    const axis = i < 12 ? 0 : 1;
    const c = 0.95 - 0.05 * (i % 12);
    const v = new Float32Array(DIM);
    v[axis] = c;
    v[7] = Math.sqrt(1 - c * c);
    return v;
  });
  const sut = HubnessCorrection.of(phrases, vectors);

  it('is −WEIGHT × the mean cosine of the photo to its K nearest bank phrases, rounded to 1e-4', () => {
    const top = Array.from({ length: HUBNESS_K }, (_v, i) => 0.95 - 0.05 * i);
    const expected = (-HUBNESS_WEIGHT * top.reduce((a, b) => a + b)) / HUBNESS_K;
    expect(sut.bias(basis(0))).toBeCloseTo(expected, 4);
    expect(Math.round(sut.bias(basis(0)) * 1e4)).toBe(sut.bias(basis(0)) * 1e4);
    // A photo near both groups at once (cosine ≈ 0.86 to ten phrases): a hub, discounted more.
    const hub = Float32Array.from({ length: DIM }, (_v, d) => [0.5, 0.5, 0, 0, 0, 0, 0, Math.SQRT1_2][d]);
    expect(sut.bias(hub)).toBeCloseTo(-HUBNESS_WEIGHT * 0.862, 2);
    expect(sut.bias(hub)).toBeLessThan(sut.bias(basis(0)));
    // A photo orthogonal to every phrase is not discounted.
    expect(sut.bias(basis(3))).toBeCloseTo(0, 4);
  });

  it('names the bank and refuses what it cannot score', () => {
    expect(sut.version).toMatch(/^csls-[0-9a-f]{12}$/);
    expect(HubnessCorrection.of([...phrases.slice(1), 'other'], vectors).version).not.toBe(sut.version);
    expect(() => sut.bias(new Float32Array(DIM - 1))).toThrow(/values/);
    expect(() => HubnessCorrection.of(phrases.slice(0, 3), vectors.slice(0, 3))).toThrow(/at least/);
  });

  it('banks the demo vocabulary: every "<colour> <category>" in English and Chinese', () => {
    const bank = albumQueryBank();
    expect(bank).toHaveLength(200);
    expect(bank).toContain('red dress');
    expect(bank).toContain('红色连衣裙');
  });
});
