import { readSearchPlan } from './search-plan.js';

const vocabulary = { categories: ['dress', 'sneaker'], colours: ['red', 'blue'] };

describe(readSearchPlan.name, () => {
  it('takes a valid plan as written', () => {
    const sut = readSearchPlan(
      '{"query": "blue dress", "filters": {"category": ["dress"], "colour": ["blue"], "price": {"lte": 30}}, "negative": null}',
      vocabulary,
    );
    expect(sut).toEqual({
      plan: {
        query: 'blue dress',
        filters: { category: ['dress'], colour: ['blue'], price: { lte: 30 } },
        negative: null,
      },
      source: 'model',
      repairs: [],
    });
  });

  it('mends an object cut off by the token limit', () => {
    const sut = readSearchPlan('{"query": "red sneaker", "filters": {"colour": ["red"]}, "negat', vocabulary);
    expect(sut).toMatchObject({
      plan: { query: 'red sneaker', filters: { colour: ['red'] } },
      source: 'repaired',
    });
  });

  it('drops what the search API would refuse, and says so', () => {
    const sut = readSearchPlan(
      'Sure! {"query": "dress", "filters": {"category": ["dress", "hat"], "price": {"gte": 50, "lte": 10}, "size": "M"}, "negative": 3,}',
      vocabulary,
    );
    expect(sut).toMatchObject({ plan: { query: 'dress', filters: { category: ['dress'] }, negative: null } });
    expect(sut.plan && 'repairs' in sut ? sut.repairs.length : 0).toBeGreaterThanOrEqual(4);
  });

  it('gives up on text with no usable plan', () => {
    expect(readSearchPlan('I cannot help with that.', vocabulary)).toEqual({
      plan: null,
      problems: ['no JSON object in the output'],
    });
    expect(readSearchPlan('{"filters": {"colour": ["green"]}}', vocabulary)).toMatchObject({ plan: null });
    expect(readSearchPlan('{"query": 42}', vocabulary)).toMatchObject({ plan: null });
  });
});
