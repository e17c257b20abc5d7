import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { AssistantModule } from '#apps/search-api/src/assistant/assistant.module';
import type { AskResult } from '#apps/search-api/src/assistant/shop-assistant.service';
import { buildCatalog, vocabulary, type DemoProduct } from '#demo-catalog';
import { HostModule } from '#host';
import { bootApp } from './support/app.js';
import { bootSearchStack, type SearchStack } from './support/search-stack.js';

// Shoppers' photos: test-split products (never in the catalog, never trained on).
const photoDir = mkdtempSync(join(tmpdir(), 'shoplens-assistant-'));
let shots: DemoProduct[];
const photoOf = (p: DemoProduct) => readFileSync(join(photoDir, p.image)).toString('base64');
const shot = (category: string, colour: string) =>
  shots.find((p) => p.category === category && p.colour === colour) ??
  shots.find((p) => p.category === category)!;

/** Reads a Server-Sent Events body into its events. */
function events(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      return {
        event: lines.find((l) => l.startsWith('event: '))!.slice(7),
        data: JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as unknown,
      };
    });
}

/** What every answer must satisfy, whatever the model wrote. */
function expectGrounded(body: AskResult) {
  const ids = body.results.map((r) => r.id);
  expect(body.cited_ids.length).toBeGreaterThan(0);
  for (const id of body.cited_ids) {
    expect(ids).toContain(id);
    expect(body.answer).toContain(`[${id}]`);
  }
}

/** Every result satisfies the plan's filters: the plan really ran through search. */
function expectResultsMatch(body: AskResult) {
  const f = body.plan!.filters;
  for (const { product } of body.results) {
    if (f.category) expect(f.category).toContain(product.category);
    if (f.colour) expect(f.colour).toContain(product.colour);
    if (f.brand) expect(f.brand).toContain(product.brand);
    if (f.price?.lte !== undefined) expect(product.price).toBeLessThanOrEqual(f.price.lte);
    if (f.price?.gte !== undefined) expect(product.price).toBeGreaterThanOrEqual(f.price.gte);
    if (f.in_stock) expect(product.in_stock).toBe(true);
  }
}

beforeAll(async () => {
  shots = await buildCatalog({ split: 'test', offset: 0, count: 120, seed: 7, outDir: photoDir });
});

const withGenerator = { apps: [AssistantModule, GeneratorModule], generator: 'configured' as const };

describe('POST /v1/generate/query in one process (plan -> search -> grounded answer)', () => {
  let stack: SearchStack;

  beforeAll(async () => {
    stack = await bootSearchStack(400, {}, withGenerator);
  });
  afterAll(async () => {
    await stack.app.close();
  });

  const ask = (payload: object, url = '/v1/generate/query') =>
    stack.api.inject({ method: 'POST', url, payload });

  it('turns a photo and "like this but in blue" into a blue-filtered search of the same category', async () => {
    const dress = shot('dress', 'red');
    const response = await ask({ text: 'like this but in blue', image: photoOf(dress) });
    expect(response.statusCode).toBe(200);
    const body = response.json<AskResult>();
    expect(body.plan_source).not.toBe('fallback');
    expect(body.seen).not.toBeNull();
    expect(body.plan!.filters.colour).toEqual(['blue']);
    expect(body.plan!.filters.category).toEqual([stack.products.get(body.seen!.id)!.category]);
    expect(body.results.length).toBeGreaterThan(0);
    expectResultsMatch(body);
    expectGrounded(body);
  });

  it('plans a Chinese request with a price cap and answers in Chinese', async () => {
    const response = await ask({ text: '要黑色的，100欧以内', image: photoOf(shot('sneaker', 'white')) });
    expect(response.statusCode).toBe(200);
    const body = response.json<AskResult>();
    expect(body.plan!.filters).toMatchObject({ colour: ['black'], price: { lte: 100 } });
    expectResultsMatch(body);
    expectGrounded(body);
    expect(body.answer).toMatch(/\p{Script=Han}/u);
  });

  it('streams the plan, the results, the answer token by token, then the whole response', async () => {
    const response = await ask(
      { text: 'something similar, in stock', image: photoOf(shot('bag', 'green')) },
      '/v1/generate/query?stream=true',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const stream = events(response.body);
    const names = stream.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(['plan', 'results']);
    expect(names.filter((n) => n === 'token').length).toBeGreaterThan(3);
    expect(names.at(-1)).toBe('done');
    const done = stream.at(-1)!.data as AskResult;
    expect(done.answer).toBe(
      stream
        .filter((e) => e.event === 'token')
        .map((e) => (e.data as { text: string }).text)
        .join('')
        .trim(),
    );
    expectGrounded(done);
  });

  it('rejects bad input with 422, never 500', async () => {
    expect((await ask({})).statusCode).toBe(422);
    expect((await ask({ text: 'x'.repeat(1001) })).statusCode).toBe(422);
    expect(
      (await ask({ text: 'like this', image: Buffer.from('not a photo').toString('base64') })).statusCode,
    ).toBe(422);
    expect((await ask({ text: 'hi', lang: 'fr' })).statusCode).toBe(422);
  });
});

describe('POST /v1/generate/query when the plan cannot be used', () => {
  it('falls back to plain semantic search and says so (a plan cut off by a 2-token cap)', async () => {
    const stack = await bootSearchStack(60, { GENERATOR_MAX_NEW_TOKENS: '2' }, withGenerator);
    try {
      const response = await stack.api.inject({
        method: 'POST',
        url: '/v1/generate/query',
        payload: { text: 'red dress under 60 EUR' },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<AskResult>();
      expect(body).toMatchObject({ plan: null, plan_source: 'fallback', answer_source: 'template' });
      expect(body.fallback!.reason).toMatch(/plan could not be used/);
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.cited_ids).toEqual([body.results[0].id]);
    } finally {
      await stack.app.close();
    }
  });
});

describe('Distributed: search-api forwards generation to GENERATOR_URL', () => {
  let generator: { app: NestFastifyApplication; url: string };
  let stack: SearchStack;

  beforeAll(async () => {
    generator = await bootApp('generator', (c) =>
      HostModule.build(c, { apps: [GeneratorModule], database: false, generator: 'in-process' }),
    );
    stack = await bootSearchStack(60, { GENERATOR_URL: generator.url }, withGenerator);
  });
  afterAll(async () => {
    await stack?.app.close();
    await generator?.app.close();
  });

  it('proxies describe, streaming included', async () => {
    const bag = shot('bag', 'yellow');
    const plain = await stack.api.inject({
      method: 'POST',
      url: '/v1/generate/describe',
      payload: { image: photoOf(bag) },
    });
    expect(plain.statusCode).toBe(200);
    const colour = vocabulary().colours.find((c) => c.id === bag.colour)!.en;
    expect(plain.json<{ title: string }>().title.toLowerCase()).toContain(colour);
    const streamed = await stack.api.inject({
      method: 'POST',
      url: '/v1/generate/describe?stream=true',
      payload: { image: photoOf(bag) },
    });
    const stream = events(streamed.body);
    expect(stream.filter((e) => e.event === 'token').length).toBeGreaterThan(3);
    expect((stream.at(-1)!.data as { title: string }).title).toBe(plain.json<{ title: string }>().title);
  });

  it('plans and answers through the remote generator', async () => {
    const response = await stack.api.inject({
      method: 'POST',
      url: '/v1/generate/query',
      payload: { text: 'like this but in white', image: photoOf(shot('tshirt', 'black')) },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<AskResult>();
    expect(body.plan_source).not.toBe('fallback');
    expect(body.plan!.filters.colour).toEqual(['white']);
    const remote = (await (await fetch(`${generator.url}/v1/generate/model`)).json()) as object;
    expect(body.model.generator).toEqual(remote);
    expectGrounded(body);
  });

  it('keeps answering with plain search when the generator is down, and says so', async () => {
    const down = await bootSearchStack(20, { GENERATOR_URL: 'http://127.0.0.1:9' }, withGenerator);
    try {
      const response = await down.api.inject({
        method: 'POST',
        url: '/v1/generate/query',
        payload: { text: 'black ankle boots' },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<AskResult>();
      expect(body).toMatchObject({ plan_source: 'fallback', answer_source: 'template' });
      expect(body.fallback!.reason).toMatch(/unavailable/);
      expect(body.results.length).toBeGreaterThan(0);
      const describe = await down.api.inject({
        method: 'POST',
        url: '/v1/generate/describe',
        payload: { image: photoOf(shots[0]) },
      });
      expect(describe.statusCode).toBe(503);
    } finally {
      await down.app.close();
    }
  });
});
