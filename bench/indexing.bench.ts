// End-to-end indexing throughput: listings written through the catalog write
// path (transaction + outbox) until they are searchable in the vector store,
// next to the encoder's own throughput on the same images and texts, measured
// in one run on the all-in-one stack (SQLite, in-process bus, embedded store).
//   npm run bench:indexing   (BENCH_ITEMS, default 1000)
import 'reflect-metadata';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { PRODUCTS_ALIAS } from '#catalog';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { loadAllConfig } from '#config';
import { repoRoot, type DemoProduct } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import { HostModule } from '#host';
import { VectorStore } from '#vector-store';
import { machineLine } from './bench.util.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const root = repoRoot();
const catalogDir = join(root, 'libs/demo-catalog/catalog');
const products = readFileSync(join(catalogDir, 'products.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, ITEMS)
  .map((l) => JSON.parse(l) as DemoProduct);
const images = products.map((p) => readFileSync(join(catalogDir, p.image)));

const config = loadAllConfig({
  ...process.env,
  DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-bench-')),
  LOG_LEVEL: 'silent',
});
const app = await NestFactory.createApplicationContext(
  HostModule.build(config, {
    apps: [SearchApiModule, IndexerModule],
    database: true,
    messaging: { outbox: true },
    encoder: 'in-process',
    vectorStore: true,
  }),
  { logger: false },
);
await app.init();
const encoder = app.get(EncoderPort);
const store = app.get(VectorStore);

// (a) the encoder alone: the same images and texts, in the indexer's chunk size.
let started = performance.now();
for (let i = 0; i < ITEMS; i += 32) {
  await encoder.embedImages(images.slice(i, i + 32));
  await encoder.embedTexts(products.slice(i, i + 32).map((p) => `${p.title.en}. ${p.title.zh} ${i}`));
}
const encoderRate = ITEMS / ((performance.now() - started) / 1000);

// (b) write → searchable.
started = performance.now();
const writer = app.get(ProductsService);
// Sellers write concurrently (WRITERS of them), as they would through the API.
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
let next = 0;
await Promise.all(
  Array.from({ length: WRITERS }, async () => {
    for (let i = next++; i < ITEMS; i = next++) {
      const p = products[i];
      await writer.create(toCreateProduct(p, images[i]));
    }
  }),
);
const writesDone = performance.now();
while ((await store.count(PRODUCTS_ALIAS)) < ITEMS) await new Promise((r) => setTimeout(r, 20));
const endToEnd = ITEMS / ((performance.now() - started) / 1000);
process.stdout.write(
  `writes took ${((writesDone - started) / 1000).toFixed(1)} s of ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);

const row = {
  items: ITEMS,
  writers: WRITERS,
  encoder_per_s: Math.round(encoderRate),
  end_to_end_per_s: Math.round(endToEnd),
  ratio: +(endToEnd / encoderRate).toFixed(2),
};
process.stdout.write(
  `\n${machineLine()}\n\n| listings | concurrent writers | encoder alone /s | write → searchable /s | ratio |\n|---|---|---|---|---|\n`,
);
process.stdout.write(
  `| ${row.items} | ${row.writers} | ${row.encoder_per_s} | ${row.end_to_end_per_s} | ${row.ratio} |\n`,
);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/indexing.json'),
  JSON.stringify({ machine: machineLine(), ...row }, null, 2),
);
await app.close();
