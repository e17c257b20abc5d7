import { ProductsService } from '#apps/search-api/src/products/products.service';
import type { DemoProduct } from '#demo-catalog';
import { productImage } from './support/images.js';
import { bootSearchStack, type SearchStack } from './support/search-stack.js';
import { eventually } from './support/services.js';

interface Item {
  id: string;
  score: number;
  scores: {
    vector: number | null;
    lexical: number | null;
    fused: number;
    brand_boost: number;
    negative_penalty: number;
  };
  product: {
    id: string;
    category: string;
    colour: string;
    brand: string;
    price: number;
    rating: number;
    in_stock: boolean;
  };
}
interface Page {
  items: Item[];
  facets: {
    category: Record<string, number>;
    colour: Record<string, number>;
    brand: Record<string, number>;
    price: { gte: number; lt: number | null; count: number }[];
  };
  next_cursor: string | null;
  total: number;
  model: { id: string; version: string };
  lang: string;
}

/** Search through the real model, lexical index and embedded vector store over 600 demo products. */
describe('Product search API', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    stack = await bootSearchStack(600);
  });
  afterAll(async () => {
    await stack?.app.close();
  });

  const search = async (body: Record<string, unknown>): Promise<Page> => {
    const res = await stack.api.inject({ method: 'POST', url: '/v1/search', payload: body });
    expect(res.statusCode).toBe(200);
    return res.json<Page>();
  };
  const loaded = (pred: (p: DemoProduct) => boolean) => [...stack.products.values()].filter(pred);
  /** Fraction of the top-k (k = min(10, how many exist)) that satisfy `pred`. */
  const precision = (page: Page, pred: (p: Item['product']) => boolean, exist: number) => {
    const k = Math.min(10, exist);
    return page.items.slice(0, k).filter((i) => pred(i.product)).length / k;
  };

  it('finds "<colour> <category>" in English, Chinese and shopper synonyms, with a score breakdown', async () => {
    const redDresses = loaded((p) => p.colour === 'red' && p.category === 'dress').length;
    const blueSneakers = loaded((p) => p.colour === 'blue' && p.category === 'sneaker').length;
    expect(redDresses).toBeGreaterThan(2);
    const isRedDress = (p: Item['product']) => p.colour === 'red' && p.category === 'dress';
    const isBlueSneaker = (p: Item['product']) => p.colour === 'blue' && p.category === 'sneaker';
    const en = await search({ q: 'red dress' });
    expect(precision(en, isRedDress, redDresses)).toBeGreaterThanOrEqual(0.8);
    expect(en.items[0].scores.vector).toBeGreaterThan(0);
    expect(en.items[0].scores.lexical).toBeGreaterThan(0);
    expect(en.items[0].score).toBeCloseTo(en.items[0].scores.fused, 10);
    expect(en.model.id).toBe('eclip-mini');
    const zh = await search({ q: '红色连衣裙' });
    expect(zh.lang).toBe('zh');
    expect(precision(zh, isRedDress, redDresses)).toBeGreaterThanOrEqual(0.8);
    const synonyms = await search({ q: 'blue trainers' });
    expect(precision(synonyms, isBlueSneaker, blueSneakers)).toBeGreaterThanOrEqual(0.8);
  });

  it('ranks every product of a brand named in the query first', async () => {
    const brand = [...stack.products.values()][0].brand;
    const page = await search({ q: brand, limit: 10 });
    expect(page.items).toHaveLength(10);
    for (const item of page.items) {
      expect(item.product.brand).toBe(brand);
      expect(item.scores.brand_boost).toBeGreaterThan(0);
    }
  });

  it('searches by photo: JSON base64 and multipart give products of the same category', async () => {
    const query = [...stack.products.values()].find((p) => p.category === 'sneaker')!;
    const photo = productImage(query);
    const json = await search({ image: photo.toString('base64') });
    expect(json.items[0].id).toBe(query.id);
    expect(
      json.items.slice(0, 10).filter((i) => i.product.category === 'sneaker').length,
    ).toBeGreaterThanOrEqual(9);

    const form = new FormData();
    form.append('image', new Blob([photo], { type: 'image/webp' }), 'q.webp');
    form.append('category', 'sneaker,sandal');
    const res = await fetch(`${stack.url}/v1/search/image`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const multipart = (await res.json()) as Page;
    expect(multipart.items[0].id).toBe(query.id);
    expect(multipart.items.every((i) => ['sneaker', 'sandal'].includes(i.product.category))).toBe(true);
  });

  it('applies filters to results, counts facets over the other filters', async () => {
    const all = await search({ q: 'dress' });
    const filtered = await search({
      q: 'dress',
      filters: { colour: ['red', 'blue'], price: { gte: 20, lte: 200 }, in_stock: true },
      limit: 50,
    });
    expect(filtered.items.length).toBeGreaterThan(0);
    for (const { product } of filtered.items) {
      expect(['red', 'blue']).toContain(product.colour);
      expect(product.price).toBeGreaterThanOrEqual(20);
      expect(product.price).toBeLessThanOrEqual(200);
      expect(product.in_stock).toBe(true);
    }
    // The colour facet ignores the colour filter (other colours stay visible) but honours the price one.
    expect(Object.keys(filtered.facets.colour).length).toBeGreaterThan(2);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(sum(filtered.facets.colour)).toBeLessThanOrEqual(sum(all.facets.colour));
    expect(sum(filtered.facets.category)).toBeLessThan(sum(all.facets.category));
    expect(filtered.facets.price.map((b) => b.gte)).toEqual([0, 10, 25, 50, 100, 200, 500]);
  });

  it('pushes down what matches `negative`', async () => {
    const plain = await search({ q: 'dress', limit: 10 });
    // The colour most present in the plain top 10 is the one to push away.
    const counts = new Map<string, number>();
    for (const i of plain.items) counts.set(i.product.colour, (counts.get(i.product.colour) ?? 0) + 1);
    const [colour, before] = [...counts].sort((a, b) => b[1] - a[1])[0];
    expect(before).toBeGreaterThan(1);
    const pushed = await search({ q: 'dress', negative: colour, limit: 10 });
    expect(pushed.items.filter((i) => i.product.colour === colour)).toHaveLength(0);
    expect(pushed.items.every((i) => i.product.category === 'dress')).toBe(true);
    expect(Math.max(...pushed.items.map((i) => i.scores.negative_penalty))).toBeGreaterThan(0);
  });

  it('pages with a stable, signed cursor', async () => {
    const whole = await search({ q: 'bag', limit: 30 });
    const first = await search({ q: 'bag', limit: 15 });
    const second = await search({ q: 'bag', limit: 15, cursor: first.next_cursor });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
    const [body, signature] = first.next_cursor!.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), o: 5 }),
    );
    for (const cursor of [`${forged.toString('base64url')}.${signature}`, 'garbage', `${body}.x`]) {
      const res = await stack.api.inject({
        method: 'POST',
        url: '/v1/search',
        payload: { q: 'bag', cursor },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().message).toMatch(/cursor/);
    }
    const other = await stack.api.inject({
      method: 'POST',
      url: '/v1/search',
      payload: { q: 'coat', cursor: first.next_cursor },
    });
    expect(other.statusCode).toBe(422);
  });

  it('answers GET /v1/search like POST', async () => {
    const post = await search({
      q: 'black coat',
      filters: { category: ['coat'], price: { lte: 300 } },
      limit: 5,
    });
    const res = await stack.api.inject({
      method: 'GET',
      url: '/v1/search?q=black%20coat&category=coat&price_lte=300&limit=5',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Page>().items.map((i) => i.id)).toEqual(post.items.map((i) => i.id));
    // Each search route has its own latency histogram.
    const metrics = (await stack.api.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*method="GET",route="\/v1\/search"/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*method="POST",route="\/v1\/search"/);
  });

  it('browses the filtered catalog by rating when there are no words and no photo, with exact facets', async () => {
    const page = await search({ filters: { category: ['bag'] }, limit: 100 });
    const bags = loaded((p) => p.category === 'bag');
    expect(page.total).toBe(bags.length);
    expect(page.facets.category.bag).toBe(bags.length);
    const ratings = page.items.map((i) => i.product.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
  });

  it('finds similar products, never the product itself', async () => {
    const source = [...stack.products.values()].find((p) => p.category === 'ankle_boot')!;
    const res = await stack.api.inject({ method: 'GET', url: `/v1/products/${source.id}/similar?limit=8` });
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: Item[] }>();
    expect(items).toHaveLength(8);
    expect(items.map((i) => i.id)).not.toContain(source.id);
    expect(items.filter((i) => i.product.category === 'ankle_boot').length).toBeGreaterThanOrEqual(6);
    const missing = await stack.api.inject({ method: 'GET', url: '/v1/products/nope/similar' });
    expect(missing.statusCode).toBe(404);
  });

  it('drops cached results when the index changes', async () => {
    const before = await search({ q: 'purple pullover', limit: 5 });
    const again = await search({ q: 'purple pullover', limit: 5 });
    expect(again.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
    const gone = before.items[0].id;
    await stack.app.get(ProductsService).remove(gone);
    await eventually(async () => {
      const after = await search({ q: 'purple pullover', limit: 5 });
      return after.items.some((i) => i.id === gone) ? undefined : true;
    }, 30_000);
    stack.products.delete(gone);
  });
});
