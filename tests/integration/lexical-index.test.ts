import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { HostModule } from '#host';
import { LexicalIndex } from '#lexical';
import { bootApp } from './support/app.js';
import { demoProducts, productImage } from './support/images.js';
import { testDatabaseUrl, unique } from './support/services.js';

const databases: [string, () => Record<string, string>][] = [
  ['SQLite FTS5', () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-lexical-')) })],
  ['PostgreSQL full text [postgres]', () => ({ DATABASE_URL: testDatabaseUrl() })],
];

/** The lexical index follows catalog writes in both databases and reads both languages. */
describe.each(databases)('Lexical index on %s', (_name, env) => {
  let app: NestFastifyApplication;
  let sut: LexicalIndex;
  let writer: ProductsService;
  const run = unique('lex');
  const source = (category: string, colour: string) =>
    demoProducts().find((p) => p.category === category && p.colour === colour)!;
  const create = async (category: string, colour: string, brand: string) => {
    const p = source(category, colour);
    const view = await writer.create({ ...toCreateProduct(p, productImage(p)), id: unique(run), brand });
    return view.id;
  };

  beforeAll(async () => {
    ({ app } = await bootApp(
      'lexical',
      (c) => HostModule.build(c, { apps: [SearchApiModule], database: true, messaging: { outbox: true } }),
      { ADMIN_API_KEY: 'x'.repeat(20), ...env() },
    ));
    sut = app.get(LexicalIndex);
    writer = app.get(ProductsService);
  });
  afterAll(async () => {
    await app?.close();
  });

  /** This run's products among the hits, best first (the shared test database holds others). */
  const ids = async (q: string, filters = {}) =>
    (await sut.search({ terms: q.split(' '), filters, limit: 10_000 }))
      .map((h) => h.id)
      .filter((id) => id.startsWith(run));

  it('finds products by title words, Chinese characters, shopper synonyms and brand; follows updates and deletes', async () => {
    const brand = `Zq${run.replace(/[^a-z0-9]/gi, '')}`;
    const sneaker = await create('sneaker', 'red', brand);
    const dress = await create('dress', 'blue', brand);
    const brandTerm = brand.toLowerCase();

    expect(await ids(brandTerm)).toEqual(expect.arrayContaining([sneaker, dress]));
    expect(await ids(`${brandTerm} trainer`)).toEqual([sneaker, dress]); // both match; the sneaker matches more
    expect((await ids(`${brandTerm} 红色`))[0]).toBe(sneaker);
    expect((await ids(`${brandTerm} 连衣裙 连 衣 裙`))[0]).toBe(dress);
    // Filters run in the same query.
    expect(await ids(brandTerm, { category: ['dress'] })).toEqual([dress]);
    expect(await ids(brandTerm, { colour: ['green'] })).toEqual([]);

    const p = source('bag', 'black');
    await writer.replace(sneaker, { ...toCreateProduct(p, productImage(p)), brand });
    expect((await ids(`${brandTerm} handbag`))[0]).toBe(sneaker);
    await writer.remove(dress);
    expect(await ids(brandTerm)).toEqual([sneaker]);
  });

  it('takes any characters in a term as plain text', async () => {
    for (const term of ['"', "'", 'OR', 'NEAR(a b)', '*', '\\', ':', '&', '|', '!', '(']) {
      await expect(sut.search({ terms: [term], limit: 5 })).resolves.toBeDefined();
    }
  });
});
