import { makeProduct } from './product.factory.js';
import { vocabulary } from './vocabulary.js';

describe(makeProduct.name, () => {
  const vocab = vocabulary();

  it('is deterministic per (seed, split, index), whatever else is built', () => {
    expect(makeProduct(vocab, 'train', 7, 3, 42)).toEqual(makeProduct(vocab, 'train', 7, 3, 42));
    expect(makeProduct(vocab, 'train', 7, 3, 42)).not.toEqual(makeProduct(vocab, 'train', 7, 3, 43));
  });

  it('keeps attributes inside the vocabulary and the category price band', () => {
    for (let index = 0; index < 500; index++) {
      const label = index % 10;
      const sut = makeProduct(vocab, 'test', index, label, 1);
      const category = vocab.categories[label];
      expect(sut.category).toBe(category.id);
      expect(vocab.colours.map((c) => c.id)).toContain(sut.colour);
      expect(vocab.brands).toContain(sut.brand);
      expect(sut.price).toBeGreaterThanOrEqual(category.price[0]);
      expect(sut.price).toBeLessThanOrEqual(category.price[1]);
      expect(sut.rating).toBeGreaterThanOrEqual(3);
      expect(sut.rating).toBeLessThanOrEqual(5);
      expect(sut.title.zh).toContain(category.zh);
      expect(sut.description.en).toMatch(/^An? /);
    }
  });

  it('uses all ten colours with roughly equal frequency', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 5000; index++) {
      const colour = makeProduct(vocab, 'train', index, 0, 42).colour;
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    for (const n of counts.values()) expect(n).toBeGreaterThan(400);
  });
});
