// The security review's points, checked against the all-in-one server as it
// runs (every app's routes, real model, SQLite): which operations need a
// credential, rate limits per key and per IP on public writes, CORS by
// config, security headers, tokens hashed at rest.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { allInOneModule } from '#apps/all-in-one/all-in-one.module';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { AlbumUserEntity } from '#catalog';
import { HostModule } from '#host';
import { bearer, testSplitAlbum, type LabelledPhoto } from './support/albums.js';
import { bootApp } from './support/app.js';
import { demoProducts, productImage } from './support/images.js';

const ADMIN_KEY = 'security-test-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
/** With TRUST_PROXY=true the client IP is the one X-Forwarded-For names, so one test client can be many IPs. */
const from = (ip: string, headers: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...headers });

/** Operations anyone may call without a credential: searches and model calls (reads, admission-controlled) and reviews. */
const PUBLIC_OPERATIONS = [
  'POST /v1/embed/image',
  'POST /v1/embed/text',
  'POST /v1/generate/complete',
  'POST /v1/generate/describe',
  'POST /v1/generate/query',
  'POST /v1/products/{id}/reviews',
  'POST /v1/search',
  'POST /v1/search/image',
];

type Stack = Awaited<ReturnType<typeof bootApp>>;

describe('security of the all-in-one server', () => {
  let stack: Stack;
  let photos: LabelledPhoto[];

  beforeAll(async () => {
    stack = await bootApp('security', allInOneModule, {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-security-')),
      ADMIN_API_KEY: ADMIN_KEY,
      DEMO_CATALOG: 'off',
      DEMO_ALBUM_PHOTOS: '0',
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_KEY: '3',
      RATE_LIMIT_PER_IP: '5',
      RATE_LIMIT_REVIEWS_PER_IP: '2',
    });
    photos = await testSplitAlbum(8, 5);
  });

  afterAll(async () => {
    await stack?.app.close();
  });

  it('answers 401 without a credential on every write and private read except the declared public operations', async () => {
    // The document /docs-json serves (Swagger UI itself cannot load under Jest).
    const doc = SwaggerModule.createDocument(stack.app, new DocumentBuilder().build()) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const open: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const write = method !== 'get' && method !== 'head';
        const privateRead = /^\/v1\/(albums|moderation|users|outbox)/.test(path);
        if (!write && !privateRead) continue;
        checked++;
        const res = await stack.api.inject({
          method: method.toUpperCase(),
          url: path.replace(/\{[^}]+\}/g, '1'),
          headers: from('10.9.0.1'),
          payload: write ? {} : undefined,
        });
        if (res.statusCode !== 401) open.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(open.sort()).toEqual(PUBLIC_OPERATIONS);
    // The one public write documents its limit.
    expect(doc.paths['/v1/products/{id}/reviews'].post.responses['429']).toBeDefined();
  });

  it('limits public writes per token and per IP with 429 + Retry-After, and admin writes not at all', async () => {
    // Admin writes: more than the per-IP allowance from one IP, all accepted.
    const users: { id: string; token: string }[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await stack.api.inject({
        method: 'POST',
        url: '/v1/users',
        headers: from('10.1.0.1', admin),
        payload: { name: `user ${i}` },
      });
      expect(res.statusCode).toBe(201);
      users.push(res.json());
    }
    const [alice, bob] = users;
    const upload = (token: string, ip: string, photo: LabelledPhoto) =>
      stack.api.inject({
        method: 'POST',
        url: '/v1/albums/photos',
        headers: from(ip, bearer(token)),
        payload: { image: photo.bytes.toString('base64') },
      });

    // Per token: alice's 3 a minute, whatever IP she comes from.
    for (const [i, ip] of ['10.1.0.1', '10.1.0.1', '10.1.0.9'].entries()) {
      expect((await upload(alice.token, ip, photos[i])).statusCode).toBe(201);
    }
    const overKey = await upload(alice.token, '10.1.0.8', photos[3]);
    expect(overKey.statusCode).toBe(429);
    expect(Number(overKey.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(overKey.json().message).toMatch(/3 writes per token/);

    // Per IP: 10.1.0.1 has spent 2 of its 5 (admin writes are not counted); bob spends the other 3.
    const first = await upload(bob.token, '10.1.0.1', photos[4]);
    expect(first.statusCode).toBe(201);
    const removed = await stack.api.inject({
      method: 'DELETE',
      url: `/v1/albums/photos/${first.json().id}`,
      headers: from('10.1.0.1', bearer(bob.token)),
    });
    expect(removed.statusCode).toBe(204);
    expect((await upload(users[2].token, '10.1.0.1', photos[5])).statusCode).toBe(201);
    const overIp = await upload(users[3].token, '10.1.0.1', photos[6]);
    expect(overIp.statusCode).toBe(429);
    expect(overIp.json().message).toMatch(/5 writes per IP/);
    // A refused write spends nothing: users[3] still has its whole allowance elsewhere.
    expect((await upload(users[3].token, '10.1.0.2', photos[6])).statusCode).toBe(201);

    // Reviews (anonymous): 2 per IP a minute.
    const product = demoProducts()[0];
    const created = await stack.api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: admin,
      payload: toCreateProduct(product, productImage(product)),
    });
    expect(created.statusCode).toBe(201);
    const review = (ip: string) =>
      stack.api.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/reviews`,
        headers: from(ip),
        payload: { author: 'Mia', rating: 5, text: 'Fits well.' },
      });
    expect((await review('10.2.0.1')).statusCode).toBe(201);
    expect((await review('10.2.0.1')).statusCode).toBe(201);
    const overReviews = await review('10.2.0.1');
    expect(overReviews.statusCode).toBe(429);
    expect(overReviews.json().message).toMatch(/2 reviews per IP/);
    expect((await review('10.2.0.2')).statusCode).toBe(201);
  });

  it('sends the security headers on pages, API answers and errors, and a strict policy on pages', async () => {
    for (const url of [
      '/',
      '/product?id=x',
      '/album',
      '/v1/search?q=shirt',
      '/v1/nothing-here',
      '/health/live',
    ]) {
      const res = await stack.api.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      if (res.headers['content-type']?.startsWith('text/html')) {
        const policy = res.headers['content-security-policy'];
        expect(policy).toMatch(/default-src 'self'/);
        expect(policy).toMatch(/frame-ancestors 'none'/);
        expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
      }
    }
  });

  it('answers no cross-origin request when CORS_ORIGINS is unset', async () => {
    const res = await stack.api.inject({
      method: 'OPTIONS',
      url: '/v1/search',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps user tokens only as SHA-256 hashes', async () => {
    const res = await stack.api.inject({
      method: 'POST',
      url: '/v1/users',
      headers: admin,
      payload: { name: 'hash check' },
    });
    const { id, token } = res.json<{ id: string; token: string }>();
    const rows = await stack.app.get(DataSource).getRepository(AlbumUserEntity).find();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.find((r) => r.id === id)?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
  });
});

describe('CORS_ORIGINS', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await bootApp('cors', (c) => HostModule.build(c, { apps: [], database: false }), {
      CORS_ORIGINS: 'https://shop.example, http://localhost:5173',
    });
  });

  afterAll(async () => {
    await stack?.app.close();
  });

  it('lets the configured origins call the API from a browser, and no other', async () => {
    const preflight = (origin: string) =>
      stack.api.inject({
        method: 'OPTIONS',
        url: '/health/live',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    expect((await preflight('http://localhost:5173')).headers['access-control-allow-origin']).toBe(
      'http://localhost:5173',
    );
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();

    const get = await stack.api.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://shop.example' },
    });
    expect(get.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
  });
});
