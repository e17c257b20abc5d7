import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { allInOneModule } from '#apps/all-in-one/all-in-one.module';
import { PRODUCTS_ALIAS } from '#catalog';
import { HttpConfig, loadAllConfig } from '#config';
import { repoRoot, type DemoProduct } from '#demo-catalog';
import { createHttpApp } from '#http';
import { VectorStore } from '#vector-store';

export interface AbuseServer {
  app: NestFastifyApplication;
  url: string;
  adminKey: string;
  /** Lines the server logged at error level or worse (a 500 logs "unhandled error" with its stack). */
  errorLog: string[];
  /** Demo products written before the run, in the catalog's order. */
  products: DemoProduct[];
  productImage: (product: DemoProduct) => Buffer;
  close: () => Promise<void>;
}

const catalogDir = join(repoRoot(), 'libs/demo-catalog/catalog');

/**
 * The all-in-one server (apps/all-in-one/all-in-one.module.ts) in this
 * process on a fresh DATA_DIR, listening on 127.0.0.1 with /docs-json, and the
 * first `productCount` demo products written and indexed.
 */
export async function bootAbuseServer(productCount: number): Promise<AbuseServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-abuse-'));
  const adminKey = randomBytes(24).toString('hex');
  const config = loadAllConfig({ ...process.env, DATA_DIR: dataDir, ADMIN_API_KEY: adminKey });
  const errorLog: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void errorLog.push(line) });
  const app = await createHttpApp(
    {
      name: 'all-in-one',
      defaultPort: 0,
      module: allInOneModule,
    },
    config,
    new HttpConfig(0, { PORT: '0', HOST: '127.0.0.1' }),
    logger,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

  const products = readFileSync(join(catalogDir, 'products.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, productCount)
    .map((line) => JSON.parse(line) as DemoProduct);
  const productImage = (p: DemoProduct) => readFileSync(join(catalogDir, p.image));
  const writer = app.get(ProductsService);
  for (const p of products) await writer.create(toCreateProduct(p, productImage(p)));
  await indexed(app.get(VectorStore), products.length, 300_000);

  return {
    app,
    url,
    adminKey,
    errorLog,
    products,
    productImage,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function indexed(store: VectorStore, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await store.count(PRODUCTS_ALIAS).catch(() => 0);
    if (n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${count} products indexed in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
