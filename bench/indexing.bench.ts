// End-to-end indexing throughput: listings written through the catalog write
// path (transaction + outbox) until they are searchable in the vector store,
// next to the encoder's own throughput on the same images and texts, measured
// in one run on the all-in-one stack (SQLite, in-process bus, embedded store).
//   npm run bench:indexing   (BENCH_ITEMS, default 1000; BENCH_WRITERS, default 8; BENCH_RUNS, default 3: medians)
import 'reflect-metadata';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { PRODUCTS_ALIAS } from '#catalog';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { loadAllConfig } from '#config';
import { repoRoot, type DemoProduct } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import { VectorStore } from '#vector-store';
import { bootBenchContext, headline, machineLine, median } from './bench.util.js';

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
  // Titles repeat across runs: a text cache would make the pipeline look faster than the encoder.
  ENCODER_CACHE_SIZE: '0',
});
const app = await bootBenchContext(config, [SearchApiModule, IndexerModule]);
const encoder = app.get(EncoderPort);
const store = app.get(VectorStore);

const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const writer = app.get(ProductsService);

/** (a) The encoder alone: the same images and texts, in the indexer's chunk size. */
async function encoderAlone(run: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < ITEMS; i += 32) {
    await encoder.embedImages(images.slice(i, i + 32));
    await encoder.embedTexts(
      products.slice(i, i + 32).map((p, j) => `${p.title.en}. ${p.title.zh} ${run}-${i + j}`),
    );
  }
  return ITEMS / ((performance.now() - started) / 1000);
}

/** (b) Write → searchable: WRITERS sellers write concurrently, as through the API; new ids each run. */
async function endToEnd(run: number): Promise<number> {
  const before = await store.count(PRODUCTS_ALIAS).catch(() => 0);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let i = next++; i < ITEMS; i = next++) {
        await writer.create({
          ...toCreateProduct(products[i], images[i]),
          id: `${products[i].id}-run${run}`,
        });
      }
    }),
  );
  while ((await store.count(PRODUCTS_ALIAS)) < before + ITEMS) await new Promise((r) => setTimeout(r, 20));
  return ITEMS / ((performance.now() - started) / 1000);
}

// Interleaved, so both sides see the same machine weather; medians of RUNS.
const encoderRates: number[] = [];
const endToEndRates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  encoderRates.push(await encoderAlone(run));
  endToEndRates.push(await endToEnd(run));
  process.stdout.write(
    `run ${run + 1}/${RUNS}: encoder ${Math.round(encoderRates[run])}/s, write → searchable ${Math.round(endToEndRates[run])}/s\n`,
  );
}
const encoderRate = median(encoderRates);
const endToEndRate = median(endToEndRates);

const row = {
  items: ITEMS,
  writers: WRITERS,
  encoder_per_s: Math.round(encoderRate),
  end_to_end_per_s: Math.round(endToEndRate),
  ratio: +(endToEndRate / encoderRate).toFixed(2),
  runs: RUNS,
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
  JSON.stringify(
    {
      machine: machineLine(),
      ...row,
      headline: [
        headline({
          area: 'indexing',
          measure: `listings/s, ${ITEMS} listings, ${WRITERS} writers: write → searchable vs the encoder alone`,
          ours: endToEndRate,
          baseline: encoderRate,
          unit: '/s',
          better: 'higher',
        }),
      ],
    },
    null,
    2,
  ),
);
await app.close();
