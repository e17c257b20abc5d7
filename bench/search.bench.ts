// Search speed at 10k and 70k products on the embedded index, in one run:
//   (a) the vector store: HNSW (hnswlib-node) vs exact brute force over the same
//       vectors, recall@10, p50/p99 and QPS, with and without a filter;
//   (b) POST /v1/search over HTTP (hybrid ranking, cache off), p50/p99 and QPS,
//       with and without filters.
// Every figure is the median over BENCH_RUNS passes of the per-pass figure.
//   npm run bench:search   (BENCH_SIZES=10000,70000 BENCH_QUERIES=200 BENCH_RUNS=3;
//                           builds data/catalog-* when missing; sizes ≤ 2,000 use the demo catalog)
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { ReindexService } from '#apps/indexer/src/listings/reindex.service';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { SearchModule } from '#apps/search-api/src/search/search.module';
import { PRODUCTS_ALIAS } from '#catalog';
import { ProgressBar } from '#cli';
import { HttpConfig, loadAllConfig } from '#config';
import { pick, repoRoot, seededRandom, vocabulary, type DemoProduct } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import { createHttpApp } from '#http';
import { VectorStore, type Filter } from '#vector-store';
import { pino } from 'pino';
import { allInOneModule, ensureCatalog, headline, machineLine, median, type Headline } from './bench.util.js';

const root = repoRoot();
const vocab = vocabulary();
const SIZES = (process.env.BENCH_SIZES ?? '10000,70000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DEMO_SIZE = 2_000;

// Small runs (the smoke run) read the committed demo catalog instead of building the 10k one.
const sources =
  Math.max(...SIZES) <= DEMO_SIZE
    ? [{ dir: join(root, 'libs/demo-catalog/catalog') }]
    : [
        { split: 'test' as const, count: 10_000, dir: join(root, 'data/catalog-test-10000') },
        { split: 'train' as const, count: 60_000, dir: join(root, 'data/catalog-train-60000') },
      ];
const catalog: { product: DemoProduct; dir: string }[] = [];
for (const s of sources) {
  if (catalog.length >= Math.max(...SIZES)) break;
  if ('split' in s) await ensureCatalog({ dir: s.dir, split: s.split, count: s.count });
  for (const line of readFileSync(join(s.dir, 'products.jsonl'), 'utf8').trim().split('\n')) {
    catalog.push({ product: JSON.parse(line) as DemoProduct, dir: s.dir });
  }
}
if (catalog.length < Math.max(...SIZES))
  throw new Error(`BENCH_SIZES asks for ${Math.max(...SIZES)} products; the catalogs hold ${catalog.length}`);

const config = loadAllConfig({
  ...process.env,
  DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-bench-search-')),
  LOG_LEVEL: 'silent',
  SEARCH_CACHE_SIZE: '0',
  INDEXER_CONSUMERS: 'off',
});
process.env.INDEXER_CONSUMERS = 'off';
const app = await createHttpApp(
  {
    name: 'bench',
    defaultPort: 0,
    docs: false,
    module: (c) => allInOneModule(c, [SearchApiModule, SearchModule, IndexerModule]),
  },
  config,
  new HttpConfig(0, { PORT: '0', HOST: '127.0.0.1' }),
  pino({ level: 'silent' }),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
const store = app.get(VectorStore);
const encoder = app.get(EncoderPort);

// Query vectors and bodies, the same at every size.
const random = seededRandom(11);
const queries = Array.from({ length: QUERIES }, () => {
  const colour = pick(random, vocab.colours);
  const category = pick(random, vocab.categories);
  return { q: `${colour.en} ${category.en}`, category: category.id };
});
const queryVectors = (await encoder.embedTexts(queries.map((q) => q.q))).vectors;

const rows: Record<string, number | string>[] = [];
const headlines: Headline[] = [];
let loaded = 0;
for (const size of SIZES) {
  await load(size);
  rows.push(...(await measure(size)));
}
await app.close();

process.stdout.write(`\n${machineLine()}\n${QUERIES} queries, medians of ${RUNS} passes\n\n`);
process.stdout.write(
  '| products | what | filter | recall@10 | p50 ms | p99 ms | QPS | speedup vs brute force |\n|---|---|---|---|---|---|---|---|\n',
);
for (const r of rows) {
  process.stdout.write(
    `| ${r.products} | ${r.what} | ${r.filter} | ${r.recall ?? '—'} | ${r.p50} | ${r.p99} | ${r.qps} | ${r.speedup ?? '—'} |\n`,
  );
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/search.json'),
  JSON.stringify(
    { machine: machineLine(), queries: QUERIES, runs: RUNS, rows, headline: headlines },
    null,
    2,
  ),
);

/** Writes products up to `size` through the catalog, then indexes the new ones (the reindex path). */
async function load(size: number) {
  const writer = app.get(ProductsService);
  const bar = new ProgressBar(`catalog → ${size}`, size - loaded);
  for (; loaded < size; loaded++) {
    const { product, dir } = catalog[loaded];
    await writer.create(toCreateProduct(product, readFileSync(join(dir, product.image))));
    bar.tick();
  }
  bar.finish();
  await app.get(ReindexService).run({ progress: true });
}

/** One pass's figures over the query set. */
interface Pass {
  p50: number;
  p99: number;
  qps: number;
}

async function measure(size: number) {
  const out: Record<string, number | string>[] = [];
  const exact = await allVectors();
  const filters: [string, (q: (typeof queries)[number]) => Filter | undefined][] = [
    ['none', () => undefined],
    [
      'category + price ≤ 100',
      (q) => ({
        must: [
          { key: 'category', match: { value: q.category } },
          { key: 'price', range: { lte: 100 } },
        ],
      }),
    ],
  ];
  for (const [name, filterOf] of filters) {
    const hnsw: Pass[] = [];
    const brute: Pass[] = [];
    const recalls: number[] = [];
    const bar = new ProgressBar(`${size}: vector store, filter ${name}`, RUNS * queries.length);
    for (let run = 0; run < RUNS; run++) {
      // HNSW and brute force alternate per query, so both see the same machine weather.
      const a: number[] = [];
      const b: number[] = [];
      const recall: number[] = [];
      for (const [i, q] of queries.entries()) {
        const filter = filterOf(q);
        let t = performance.now();
        const hits = await store.search(PRODUCTS_ALIAS, {
          using: 'image',
          vector: queryVectors[i],
          limit: 10,
          filter,
        });
        a.push(performance.now() - t);
        t = performance.now();
        const truth = exact.topK(
          queryVectors[i],
          10,
          filter ? (p) => p.category === q.category && p.price <= 100 : undefined,
        );
        b.push(performance.now() - t);
        const got = new Set(hits.map((h) => h.id));
        recall.push(truth.filter((id) => got.has(id)).length / Math.max(1, truth.length));
        bar.tick();
      }
      hnsw.push(pass(a));
      brute.push(pass(b));
      recalls.push(mean(recall));
    }
    bar.finish();
    const h = medians(hnsw);
    const f = medians(brute);
    const recall = median(recalls);
    out.push(
      row(size, 'vector store: HNSW', name, h, {
        recall: recall.toFixed(3),
        speedup: (f.p50 / h.p50).toFixed(1),
      }),
    );
    out.push(row(size, 'vector store: brute force', name, f, { recall: '1.000' }));
    const sides = `${size.toLocaleString('en')} products, filter ${name}: HNSW vs brute force`;
    const figures: [string, number, number, string, 'higher' | 'lower'][] = [
      ['p50', h.p50, f.p50, 'ms', 'lower'],
      ['p99', h.p99, f.p99, 'ms', 'lower'],
      ['QPS', h.qps, f.qps, 'q/s', 'higher'],
    ];
    for (const [what, ours, baseline, unit, better] of figures)
      headlines.push(
        headline({ area: 'search', measure: `${what}, ${sides}`, ours, baseline, unit, better }),
      );
    // The baseline is the exact top 10 itself: its recall is 1 by definition.
    headlines.push(
      headline({
        area: 'search',
        measure: `recall@10, ${sides} (exact)`,
        ours: recall,
        baseline: 1,
        unit: '',
        better: 'higher',
      }),
    );
  }
  for (const [name, filters] of [
    ['none', undefined],
    ['colour + price', { colour: ['red', 'blue'], price: { lte: 100 } }],
  ] as const) {
    const passes: Pass[] = [];
    const bar = new ProgressBar(`${size}: POST /v1/search, filters ${name}`, RUNS * queries.length);
    for (let run = 0; run < RUNS; run++) {
      const times: number[] = [];
      for (const q of queries) {
        const t = performance.now();
        const res = await fetch(`${url}/v1/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ q: q.q, filters, limit: 20 }),
        });
        if (res.status !== 200) throw new Error(`search answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        times.push(performance.now() - t);
        bar.tick();
      }
      passes.push(pass(times));
    }
    bar.finish();
    out.push(row(size, 'POST /v1/search (hybrid)', name, medians(passes), {}));
  }
  return out;
}

function pass(ms: number[]): Pass {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: median(ms),
    p99: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)],
    qps: 1000 / mean(ms),
  };
}

/** Each figure's median over the passes. */
function medians(passes: Pass[]): Pass {
  return {
    p50: median(passes.map((p) => p.p50)),
    p99: median(passes.map((p) => p.p99)),
    qps: median(passes.map((p) => p.qps)),
  };
}

function row(size: number, what: string, filter: string, figures: Pass, extra: Record<string, string>) {
  return {
    products: size,
    what,
    filter,
    ...extra,
    p50: figures.p50.toFixed(2),
    p99: figures.p99.toFixed(2),
    qps: Math.round(figures.qps),
  };
}

/** Every image vector with its filter fields, for exact search. */
async function allVectors() {
  const ids: string[] = [];
  const meta: { category: string; price: number }[] = [];
  const chunks: Float32Array[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scroll(PRODUCTS_ALIAS, { cursor, limit: 1000, withVectors: true });
    for (const p of page.points) {
      ids.push(p.id);
      meta.push({ category: String(p.payload.category), price: Number(p.payload.price) });
      chunks.push(p.vectors!.image);
    }
    cursor = page.nextCursor;
  } while (cursor);
  const dim = chunks[0].length;
  const matrix = new Float32Array(ids.length * dim);
  chunks.forEach((v, i) => matrix.set(v, i * dim));
  return {
    topK(
      query: Float32Array,
      k: number,
      keep?: (m: { category: string; price: number }) => boolean,
    ): string[] {
      const best: { i: number; s: number }[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (keep && !keep(meta[i])) continue;
        let s = 0;
        for (let d = 0, o = i * dim; d < dim; d++) s += matrix[o + d] * query[d];
        if (best.length < k || s > best[best.length - 1].s) {
          best.push({ i, s });
          best.sort((a, b) => b.s - a.s);
          if (best.length > k) best.pop();
        }
      }
      return best.map((b) => ids[b.i]);
    },
  };
}

function mean(xs: number[]) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
