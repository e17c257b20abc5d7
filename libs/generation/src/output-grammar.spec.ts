import { grammarFor, type PlanConstraint } from './output-grammar.js';

const plan: PlanConstraint = {
  kind: 'plan',
  categories: [
    { id: 'dress', word: 'dress' },
    { id: 'ankle_boot', word: 'ankle boots' },
  ],
  colours: [
    { id: 'red', word: 'red' },
    { id: 'blue', word: 'blue' },
  ],
  brands: ['Halcyon'],
  numbers: ['30', '300', '42'],
};

describe('plan grammar', () => {
  const g = grammarFor(plan);

  it.each([
    '{"query":"blue dress","filters":{"category":["dress"],"colour":["blue"],"price":{"lte":30}},"negative":null}',
    '{"query":"dress","filters":{"price":{"gte":30,"lte":300},"in_stock":true,"category":["dress"]},"negative":"red"}',
    '{"query":"red ankle boots","filters":{"brand":["Halcyon"]},"negative":null}',
    '{"query":"ankle boots","filters":{},"negative":null}',
  ])('accepts the whole plan %s and every prefix of it', (text) => {
    expect(g.check(text)).toBe('complete');
    for (let n = 0; n < text.length; n++)
      expect([text.slice(0, n), g.check(text.slice(0, n))]).toEqual([text.slice(0, n), 'partial']);
  });

  it.each([
    ['an unknown category', '{"query":"coat'],
    ['a number the request never offered', '{"query":"dress","filters":{"price":{"lte":31'],
    ['a brand not in the request', '{"query":"dress","filters":{"brand":["Other'],
    ['a filter twice', '{"query":"red dress","filters":{"colour":["red"],"colour"'],
    ['an unknown filter', '{"query":"dress","filters":{"size"'],
    ['text after the plan', '{"query":"dress","filters":{},"negative":null} '],
    ['a price with no bound', '{"query":"dress","filters":{"price":{}'],
    ['a query that is not "<colour> <category>"', '{"query":"x'],
    ["a category filter other than the query's", '{"query":"red dress","filters":{"category":["ankle_boot"'],
    ["a colour filter other than the query's", '{"query":"red dress","filters":{"colour":["blue"'],
    ['a colour filter when the query names none', '{"query":"dress","filters":{"colour"'],
    ['a negative that is not a colour', '{"query":"dress","filters":{},"negative":"cheap"'],
  ])('rejects %s', (_what, text) => {
    expect(g.check(text)).toBe('invalid');
  });

  it('offers no price filter when the request has no numbers', () => {
    const none = grammarFor({ ...plan, numbers: [] });
    expect(none.check('{"query":"dress","filters":{"pr')).toBe('invalid');
    expect(none.check('{"query":"dress","filters":{"in_stock":false},"negative":null}')).toBe('complete');
  });
});

describe('citation grammar', () => {
  const g = grammarFor({
    kind: 'citations',
    products: [
      { id: 'fm-00012', title: 'Halcyon Red Dress', price: '19.99' },
      { id: 'fm-00345', title: 'Kestrel Blue Bag', price: '120.99' },
    ],
    numbers: ['20'],
  });

  it('allows prose with listed ids, their titles and prices, finished at any point outside a citation', () => {
    expect(g.check('I recommend [fm-00012] Halcyon Red Dress, the best match, at 19.99 EUR.')).toBe(
      'complete',
    );
    expect(g.check('I recommend [fm-003')).toBe('partial');
    expect(g.check('I recommend [fm-00345] Kestrel Bl')).toBe('partial');
    expect(g.check('[fm-00012] Halcyon Red Dress and [fm-00345] Kestrel Blue Bag are red.')).toBe('complete');
    expect(g.check('[fm-00012] Halcyon Red Dress (19.99 EUR) is under 20.')).toBe('complete');
    expect(g.check('None of these is red.')).toBe('complete');
  });

  it('rejects an id that was not listed, a wrong title, a price from nowhere', () => {
    expect(g.check('I recommend [fm-009')).toBe('invalid');
    expect(g.check('See [fm-00012x]')).toBe('invalid');
    expect(g.check('See [fm-00012] Halcyon Black')).toBe('invalid');
    expect(g.check('[fm-00012] Halcyon Red Dress at 120.99 EUR')).toBe('invalid');
    expect(g.check('It costs 3')).toBe('invalid');
    expect(g.check('odd ] bracket')).toBe('invalid');
  });
});
