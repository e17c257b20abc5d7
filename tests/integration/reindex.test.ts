import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { PRODUCTS_ALIAS } from '#catalog';
import { ReindexService } from '#apps/indexer/src/listings/reindex.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { EncoderPort } from '#embedding';
import { HostModule } from '#host';
import { VectorStore } from '#vector-store';
import { bootApp } from './support/app.js';
import { demoProducts, productImage } from './support/images.js';
import { eventually } from './support/services.js';

const allInOne = (env: Record<string, string>) =>
  bootApp(
    'all-in-one',
    (c) =>
      HostModule.build(c, {
        apps: [SearchApiModule, IndexerModule],
        database: true,
        messaging: { outbox: true },
        encoder: 'in-process',
        vectorStore: true,
      }),
    env,
  );

describe('Model change without downtime: reindex into a new collection, then switch the alias', () => {
  it('moves the products alias to the new model’s collection while searches keep answering', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-reindex-'));
    const before = await allInOne({ DATA_DIR: dataDir });
    const ids: string[] = [];
    for (const p of demoProducts().slice(0, 40)) {
      await before.app.get(ProductsService).create(toCreateProduct(p, productImage(p)));
      ids.push(p.id);
    }
    const store = before.app.get(VectorStore);
    await eventually(async () => ((await store.count(PRODUCTS_ALIAS)) === 40 ? true : undefined));
    const oldCollection = (await store.listCollections()).find((c) =>
      c.aliases.includes(PRODUCTS_ALIAS),
    )!.name;
    await before.app.close();

    // The new model: the int8 files, a different version, so a different collection.
    process.env.INDEXER_CONSUMERS = 'off';
    const after = await allInOne({ DATA_DIR: dataDir, ENCODER_DTYPE: 'q8' });
    delete process.env.INDEXER_CONSUMERS;
    try {
      const newStore = after.app.get(VectorStore);
      const [query] = (await after.app.get(EncoderPort).embedTexts(['red dress'])).vectors;
      let searching = true;
      let searches = 0;
      const searchLoop = (async () => {
        while (searching) {
          const hits = await newStore.search(PRODUCTS_ALIAS, { using: 'text', vector: query, limit: 10 });
          expect(hits).toHaveLength(10);
          searches++;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const report = await after.app.get(ReindexService).run();
      searching = false;
      await searchLoop;

      expect(report.previous).toBe(oldCollection);
      expect(report.collection).not.toBe(oldCollection);
      expect(report.points).toBe(40);
      expect(searches).toBeGreaterThan(0);
      const aliased = (await newStore.listCollections()).find((c) => c.aliases.includes(PRODUCTS_ALIAS))!;
      expect(aliased.name).toBe(report.collection);
      const stored = await newStore.retrieve(PRODUCTS_ALIAS, ids.slice(0, 3));
      expect(stored.map((p) => p.payload.model_version)).toEqual(Array(3).fill(aliased.model.version));
    } finally {
      await after.app.close();
    }
  });
});
