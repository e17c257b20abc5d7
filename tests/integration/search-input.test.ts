import { bootSearchStack, type SearchStack } from './support/search-stack.js';

/** Every kind of bad search input gets a 4xx that names the problem, never a 500. */
describe('Product search: bad input', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    stack = await bootSearchStack(40);
  });
  afterAll(async () => {
    await stack?.app.close();
  });

  const post = (payload: unknown) => stack.api.inject({ method: 'POST', url: '/v1/search', payload });

  it.each([
    ['q over 1,000 characters', { q: 'x'.repeat(1001) }, 'q'],
    ['limit over 100', { q: 'dress', limit: 101 }, 'limit'],
    ['limit 0', { q: 'dress', limit: 0 }, 'limit'],
    ['an unknown filter field', { q: 'dress', filters: { size: ['M'] } }, 'filters.size'],
    ['an unknown top-level field', { q: 'dress', sort: 'price' }, 'sort'],
    ['a wrong type', { q: 'dress', filters: { category: 'dress' } }, 'filters.category'],
    ['a wrong nested type', { q: 'dress', filters: { price: { gte: 'cheap' } } }, 'filters.price.gte'],
    ['price.gte > price.lte', { q: 'dress', filters: { price: { gte: 50, lte: 10 } } }, 'filters.price'],
    [
      'a filter list of 10,000 values',
      { q: 'dress', filters: { brand: Array(10_000).fill('b') } },
      'filters.brand',
    ],
    ['min_score out of range', { q: 'dress', min_score: 2 }, 'min_score'],
    ['an unknown lang', { q: 'dress', lang: 'fr' }, 'lang'],
    ['an image that is not base64', { image: '%%%' }, 'image'],
  ])('rejects %s with 422 naming it', async (_name, payload, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(field);
  });

  it('rejects a broken image: bytes that are not an image, a truncated photo, nothing at all', async () => {
    const photo = (await import('./support/images.js')).productImage([...stack.products.values()][0]);
    for (const image of [
      Buffer.from('not an image at all'),
      photo.subarray(0, photo.length / 2),
      Buffer.alloc(0),
    ]) {
      const res = await post({ image: image.toString('base64') });
      expect(res.statusCode).toBe(422);
    }
  });

  it('rejects bad query strings on GET /v1/search, naming the parameter', async () => {
    for (const [query, field] of [
      ['q=dress&colr=red', 'colr'],
      ['q=dress&price_gte=abc', 'filters.price.gte'],
      ['q=dress&limit=500', 'limit'],
      ['q=dress&in_stock=maybe', 'filters.in_stock'],
      ['q=dress&limit=5&limit=6', 'limit'],
    ]) {
      const res = await stack.api.inject({ method: 'GET', url: `/v1/search?${query}` });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(field);
    }
  });

  it('rejects a multipart search without a photo, or with something else', async () => {
    const noPhoto = new FormData();
    noPhoto.append('q', 'dress');
    let res = await fetch(`${stack.url}/v1/search/image`, { method: 'POST', body: noPhoto });
    expect(res.status).toBe(422);
    const notPhoto = new FormData();
    notPhoto.append('image', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'image/png' }), 'x.png');
    res = await fetch(`${stack.url}/v1/search/image`, { method: 'POST', body: notPhoto });
    expect(res.status).toBe(422);
    res = await fetch(`${stack.url}/v1/search/image`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });

  it('rejects a bad similar-items limit and answers 404 for an unknown product', async () => {
    const id = [...stack.products.keys()][0];
    expect(
      (await stack.api.inject({ method: 'GET', url: `/v1/products/${id}/similar?limit=0` })).statusCode,
    ).toBe(422);
    expect(
      (await stack.api.inject({ method: 'GET', url: `/v1/products/${id}/similar?limit=x` })).statusCode,
    ).toBe(422);
    expect((await stack.api.inject({ method: 'GET', url: '/v1/products/unknown/similar' })).statusCode).toBe(
      404,
    );
  });

  it('treats injection-looking and unicode-edge text as plain words', async () => {
    for (const q of [
      "' OR 1=1 --",
      '"dress" OR "*"',
      'NEAR(dress coat)',
      '\u0000\u202e裙\ud83d\ude00',
      '$1::tsquery',
    ]) {
      const res = await post({ q, filters: { brand: ["x' OR '1'='1"] } });
      expect(res.statusCode).toBe(200);
    }
  });
});
