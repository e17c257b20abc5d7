import { countFacets } from './facets.js';

const product = (category: string, colour: string, price: number) => ({
  category,
  colour,
  brand: 'B',
  price,
  rating: 4,
  in_stock: true,
});

describe(countFacets.name, () => {
  const candidates = [product('dress', 'red', 30), product('dress', 'blue', 120), product('coat', 'red', 8)];

  it('counts each dimension with every filter but its own', () => {
    const sut = countFacets(candidates, { colour: ['red'], category: ['dress'] });
    expect(sut.colour).toEqual({ blue: 1, red: 1 }); // dresses of any colour
    expect(sut.category).toEqual({ coat: 1, dress: 1 }); // red things of any category
    expect(sut.brand).toEqual({ B: 1 }); // red dresses
  });

  it('buckets prices into the fixed histogram, the last bucket open-ended', () => {
    const sut = countFacets([...candidates, product('bag', 'red', 900)], {});
    expect(sut.price.filter((b) => b.count > 0)).toEqual([
      { gte: 0, lt: 10, count: 1 },
      { gte: 25, lt: 50, count: 1 },
      { gte: 100, lt: 200, count: 1 },
      { gte: 500, lt: null, count: 1 },
    ]);
  });
});
