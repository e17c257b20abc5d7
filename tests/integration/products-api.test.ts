import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { parseListingEvent } from '#contracts';
import { HostModule } from '#host';
import { OutboxMessageEntity } from '#messaging';
import { bootApp } from './support/app.js';
import type { httpClient } from './support/http.js';
import { findProducts, productImage, solidPng } from './support/images.js';
import { testDatabaseUrl, unique } from './support/services.js';

const KEY = 'products-test-admin-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };

const databases: [string, () => Record<string, string>][] = [
  ['SQLite', () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-products-')) })],
  [
    'PostgreSQL [postgres]',
    () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-products-')), DATABASE_URL: testDatabaseUrl() }),
  ],
];

describe.each(databases)('Admin product API on %s', (_name, env) => {
  let app: NestFastifyApplication;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    ({ app, api } = await bootApp(
      'search-api',
      (config) =>
        HostModule.build(config, { apps: [SearchApiModule], database: true, messaging: { outbox: true } }),
      { ...env(), ADMIN_API_KEY: KEY },
    ));
  });
  afterAll(async () => {
    await app.close();
  });

  const body = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    title: { en: 'Halcyon Red Dress', zh: 'Halcyon 红色连衣裙' },
    description: { en: 'A red dress.', zh: '红色连衣裙。' },
    category: 'dress',
    colour: 'red',
    brand: 'Halcyon',
    price: 49.99,
    stock: 3,
    images: [productImage(findProducts('dress', 'red', 1)[0]).toString('base64')],
    ...overrides,
  });

  const eventsFor = async (id: string) => {
    const rows = await app
      .get(DataSource)
      .getRepository(OutboxMessageEntity)
      .find({ where: { key: id }, order: { id: 'ASC' } });
    return rows.map((r) => parseListingEvent(r.payload));
  };

  it('creates, reads, replaces and deletes a product, writing one versioned event per write', async () => {
    const id = unique('dress');
    const created = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: body(id),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id, version: 1, price: 49.99, in_stock: true, category: 'dress' });

    const read = await api.inject({ method: 'GET', url: `/v1/products/${id}` });
    expect(read.json().images).toHaveLength(1);
    const image = await api.inject({ method: 'GET', url: read.json().images[0].url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');

    const replaced = await api.inject({
      method: 'PUT',
      url: `/v1/products/${id}`,
      headers: auth,
      payload: { ...body(id, { stock: 0, price: 39.5 }), id: undefined },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, in_stock: false, price: 39.5 });

    expect(
      (await api.inject({ method: 'DELETE', url: `/v1/products/${id}`, headers: auth })).statusCode,
    ).toBe(204);
    expect((await api.inject({ method: 'GET', url: `/v1/products/${id}` })).statusCode).toBe(404);

    const events = await eventsFor(id);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['listing.upserted', 1],
      ['listing.upserted', 2],
      ['listing.deleted', 3],
    ]);
    expect(events[1].product).toMatchObject({ price: 39.5, stock: 0, category: 'dress' });
  });

  it('accepts multipart: a product JSON field plus image files', async () => {
    const id = unique('multipart');
    const product: Record<string, unknown> = body(id);
    delete product.images;
    const boundary = '----shoplens-products';
    const image = productImage(findProducts('bag', 'green', 1)[0]);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="product"\r\n\r\n`),
      Buffer.from(JSON.stringify(product)),
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.webp"\r\n`,
      ),
      Buffer.from('Content-Type: image/webp\r\n\r\n'),
      image,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id, images: [expect.objectContaining({ width: 112, height: 112 })] });
    const bad = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="product"\r\n\r\n`),
        Buffer.from(JSON.stringify({ ...product, id: unique('x'), price: 'free' })),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['price', 'images']),
    );
  });

  it('takes shoppers’ reviews with photos (no key), writes a reviews.v1 event, and rate-limits them', async () => {
    const id = unique('reviewed');
    expect(
      (await api.inject({ method: 'POST', url: '/v1/products', headers: auth, payload: body(id) }))
        .statusCode,
    ).toBe(201);
    const photo = productImage(findProducts('dress', 'red', 2)[1]).toString('base64');
    const review = { author: 'Mia', rating: 5, text: 'Lovely colour', lang: 'en', images: [photo] };
    const created = await api.inject({ method: 'POST', url: `/v1/products/${id}/reviews`, payload: review });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ product_id: id, rating: 5, image_ids: [expect.any(Number)] });
    const rows = await app
      .get(DataSource)
      .getRepository(OutboxMessageEntity)
      .findBy({ topic: 'reviews.v1', key: id });
    expect(rows.map((r) => JSON.parse(r.payload).id)).toEqual([created.json().id]);

    expect(
      (await api.inject({ method: 'POST', url: '/v1/products/nope/reviews', payload: review })).statusCode,
    ).toBe(404);
    const bad = await api.inject({
      method: 'POST',
      url: `/v1/products/${id}/reviews`,
      payload: { ...review, rating: 9 },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('rating');

    // 3 accepted or refused so far from this client; the allowance is 10 a minute,
    // refilling one every 6 s, so at least 7 more are accepted before a 429.
    const codes: number[] = [];
    for (let i = 0; i < 12 && codes.at(-1) !== 429; i++) {
      codes.push(
        (
          await api.inject({
            method: 'POST',
            url: `/v1/products/${id}/reviews`,
            payload: { ...review, images: [] },
          })
        ).statusCode,
      );
    }
    expect(codes.at(-1)).toBe(429);
    expect(codes.slice(0, -1).every((c) => c === 201)).toBe(true);
    expect(codes.length - 1).toBeGreaterThanOrEqual(7);
  });

  it('refuses writes without the admin key, and duplicates with 409', async () => {
    const id = unique('dress');
    expect((await api.inject({ method: 'POST', url: '/v1/products', payload: body(id) })).statusCode).toBe(
      401,
    );
    expect(
      (await api.inject({ method: 'POST', url: '/v1/products', headers: auth, payload: body(id) }))
        .statusCode,
    ).toBe(201);
    expect(
      (await api.inject({ method: 'POST', url: '/v1/products', headers: auth, payload: body(id) }))
        .statusCode,
    ).toBe(409);
    expect((await api.inject({ method: 'DELETE', url: '/v1/products/nope', headers: auth })).statusCode).toBe(
      404,
    );
  });

  it.each([
    ['an unknown category', { category: 'hat' }, 'category'],
    ['a negative price', { price: -1 }, 'price'],
    ['a missing Chinese title', { title: { en: 'x' } }, 'title.zh'],
    ['no images', { images: [] }, 'images'],
    ['an unknown field', { discount: 5 }, 'discount'],
  ])('answers 422 naming the field for %s, and stores nothing', async (_name, overrides, field) => {
    const id = unique('bad');
    const res = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: body(id, overrides),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await eventsFor(id)).toEqual([]);
  });

  it('rejects images that are not images, or too large, before storing anything', async () => {
    const notImage = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: body(unique('bad'), { images: [Buffer.from('hello').toString('base64')] }),
    });
    expect(notImage.statusCode).toBe(422);
    expect(notImage.json().details.field).toBe('images.0');
    const huge = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: body(unique('bad'), { images: [(await solidPng(8000, 6000)).toString('base64')] }),
    });
    expect(huge.statusCode).toBe(413);
    const malformed = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"id": ',
    });
    expect(malformed.statusCode).toBe(400);
  });
});
