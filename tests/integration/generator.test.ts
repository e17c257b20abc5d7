import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { buildCatalog, vocabulary, type DemoProduct } from '#demo-catalog';
import { GeneratorPort } from '#generation';
import { HostModule } from '#host';
import { bootApp } from './support/app.js';
import type { httpClient } from './support/http.js';
import { solidPng } from './support/images.js';

// Photos of test-split products (never seen in training), rendered as the catalog renders them.
const catalogDir = mkdtempSync(join(tmpdir(), 'shoplens-generator-'));
let products: DemoProduct[];
const photo = (p: DemoProduct) => readFileSync(join(catalogDir, p.image)).toString('base64');
const vocab = vocabulary();

const generatorHost = (env: Record<string, string> = {}) =>
  bootApp(
    'generator',
    (config) =>
      HostModule.build(config, { apps: [GeneratorModule], database: false, generator: 'in-process' }),
    env,
  );

interface Described {
  title: string;
  description: string;
  text: string;
  model: { id: string };
  timings: { new_tokens: number; interrupted: boolean };
}

/** Reads a Server-Sent Events body into its events. */
function events(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))!.slice(7);
      return { event, data: JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as unknown };
    });
}

beforeAll(async () => {
  products = await buildCatalog({ split: 'test', offset: 0, count: 6, seed: 42, outDir: catalogDir });
});

describe('Generator app with the real shoplens-vlm model files', () => {
  let app: NestFastifyApplication;
  let url: string;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    ({ app, url, api } = await generatorHost());
  });
  afterAll(async () => {
    await app.close();
  });

  const describe = (product: DemoProduct, lang: 'en' | 'zh') =>
    api.inject({ method: 'POST', url: '/v1/generate/describe', payload: { image: photo(product), lang } });
  const colourOf = (product: DemoProduct) => vocab.colours.find((c) => c.id === product.colour)!;

  it('describes a product photo in English: a title naming its colour, and a sentence', async () => {
    const response = await describe(products[0], 'en');
    expect(response.statusCode).toBe(200);
    const body = response.json<Described>();
    expect(body.title.toLowerCase()).toContain(colourOf(products[0]).en.toLowerCase());
    expect(body.description.length).toBeGreaterThan(10);
    expect(body).toMatchObject({ model: { id: 'shoplens-vlm' }, timings: { interrupted: false } });
  });

  it('describes in Chinese when asked', async () => {
    const response = await describe(products[1], 'zh');
    expect(response.statusCode).toBe(200);
    expect(response.json<Described>().title).toContain(colourOf(products[1]).zh);
  });

  it('streams the description as Server-Sent Events: token pieces, then the whole result', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/generate/describe?stream=true',
      payload: { image: photo(products[2]) },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const stream = events(response.body);
    const tokens = stream.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text);
    expect(tokens.length).toBeGreaterThan(3);
    const done = stream[stream.length - 1];
    expect(done.event).toBe('done');
    expect((done.data as Described).text).toBe(tokens.join('').trim());
  });

  it('stops generating at the next token once the request is cancelled', async () => {
    const generator = app.get(GeneratorPort);
    const image = readFileSync(join(catalogDir, products[3].image));
    const full = await generator.complete({ text: 'Describe this product.', image });
    expect(full.timings.interrupted).toBe(false);
    const cancel = new AbortController();
    const cut = await generator.complete(
      { text: 'Describe this product.', image },
      { signal: cancel.signal, onText: () => cancel.abort() },
    );
    expect(cut.timings.interrupted).toBe(true);
    expect(cut.timings.new_tokens).toBeLessThan(full.timings.new_tokens);
    expect(full.text.startsWith(cut.text)).toBe(true);
  });

  it('drops a queued request whose client disconnects, and keeps serving', async () => {
    const before = await outcomeCount(url, 'cancelled');
    const ahead = products
      .slice(0, 3)
      .map((p) => api.inject({ method: 'POST', url: '/v1/generate/describe', payload: { image: photo(p) } }));
    const cancel = new AbortController();
    const queued = fetch(`${url}/v1/generate/describe?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: photo(products[4]) }),
      signal: cancel.signal,
    }).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 100));
    cancel.abort();
    expect((await queued) as { name?: string }).toMatchObject({ name: 'AbortError' });
    expect((await Promise.all(ahead)).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(await outcomeCount(url, 'cancelled')).toBe(before + 1);
  });

  it('answers 422 for a body that is not an image, a truncated photo and an unknown language', async () => {
    const notImage = await api.inject({
      method: 'POST',
      url: '/v1/generate/describe',
      payload: { image: Buffer.from('hello').toString('base64') },
    });
    expect(notImage.statusCode).toBe(422);
    const badLang = await api.inject({
      method: 'POST',
      url: '/v1/generate/describe',
      payload: { image: (await solidPng(32, 32)).toString('base64'), lang: 'fr' },
    });
    expect(badLang.statusCode).toBe(422);
    // A truncated photo passes the header check; decoding it fails: still 422, not 500.
    const bytes = readFileSync(join(catalogDir, products[0].image));
    const truncated = await api.inject({
      method: 'POST',
      url: '/v1/generate/describe',
      payload: { image: bytes.subarray(0, Math.floor(bytes.length / 2)).toString('base64') },
    });
    expect(truncated.statusCode).toBe(422);
  });
});

describe('Generator under load: a bounded queue', () => {
  it('answers 503 with Retry-After when the queue is full, and serves the rest', async () => {
    const { app, api } = await generatorHost({ GENERATOR_QUEUE_SIZE: '1' });
    try {
      const responses = await Promise.all(
        products
          .slice(0, 4)
          .map((p) =>
            api.inject({ method: 'POST', url: '/v1/generate/describe', payload: { image: photo(p) } }),
          ),
      );
      const codes = responses.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 200, 503, 503]);
      expect(responses.find((r) => r.statusCode === 503)!.headers['retry-after']).toBe('5');
    } finally {
      await app.close();
    }
  });
});

async function outcomeCount(url: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = new RegExp(`generator_generations_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text);
  return match ? Number(match[1]) : 0;
}
