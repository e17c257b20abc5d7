import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { SearchModule } from '#apps/search-api/src/search/search.module';
import { PRODUCTS_ALIAS } from '#catalog';
import type { DemoProduct } from '#demo-catalog';
import { HostModule, type HostSpec } from '#host';
import { VectorStore } from '#vector-store';
import { bootApp } from './app.js';
import type { httpClient } from './http.js';
import { demoProducts, productImage } from './images.js';
import { eventually } from './services.js';

export const SEARCH_ADMIN_KEY = 'search-test-admin-key-0123456789';

export interface SearchStack {
  app: NestFastifyApplication;
  url: string;
  api: ReturnType<typeof httpClient>;
  /** The demo products loaded, by id. */
  products: Map<string, DemoProduct>;
}

/**
 * The all-in-one search stack on a fresh DATA_DIR (SQLite, in-process bus,
 * the real model in process, embedded vector store) with `count` demo
 * products written through the catalog and indexed. `extra` adds apps
 * (and, say, the generator) to the host.
 */
export async function bootSearchStack(
  count: number,
  env: Record<string, string> = {},
  extra: { apps?: Type[]; generator?: HostSpec['generator'] } = {},
): Promise<SearchStack> {
  const { app, url, api } = await bootApp(
    'search',
    (c) =>
      HostModule.build(c, {
        apps: [SearchApiModule, SearchModule, IndexerModule, ...(extra.apps ?? [])],
        generator: extra.generator,
        database: true,
        messaging: { outbox: true },
        encoder: 'in-process',
        vectorStore: true,
      }),
    { DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-search-')), ADMIN_API_KEY: SEARCH_ADMIN_KEY, ...env },
  );
  const chosen = demoProducts().slice(0, count);
  const writer = app.get(ProductsService);
  for (const p of chosen) await writer.create(toCreateProduct(p, productImage(p)));
  const store = app.get(VectorStore);
  await eventually(async () => ((await store.count(PRODUCTS_ALIAS)) === count ? true : undefined), 120_000);
  return { app, url, api, products: new Map(chosen.map((p) => [p.id, p])) };
}
