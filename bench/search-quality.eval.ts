// Search quality on the demo catalog (2,000 train-split products) and the
// 10k test-split catalog, through the real SearchService (hybrid ranking,
// embedded index, SQLite FTS5), in one run:
//   - 200 "<colour> <category>" queries, half English half Chinese, with shopper
//     synonyms: precision@10 with both attributes right (target ≥ 0.80);
//   - 1,000 held-out test-split photos as queries: top-10 of the same category
//     (target ≥ 0.90), with its standard error (200 photos left it at ±2.3
//     points); on the test catalog the photo's own product is left out;
//   - every brand name as the query: share of the top 10 of that brand (target 1.0).
//   npm run eval:search   (EVAL_CATALOGS=demo,test; builds data/catalog-test-10000 when missing)
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { SearchModule } from '#apps/search-api/src/search/search.module';
import { SearchService } from '#apps/search-api/src/search/search.service';
import { PRODUCTS_ALIAS } from '#catalog';
import { ProgressBar } from '#cli';
import { loadAllConfig } from '#config';
import {
  pick,
  readFashionMnist,
  renderProductImage,
  repoRoot,
  seededRandom,
  vocabulary,
  type DemoProduct,
} from '#demo-catalog';
import { VectorStore } from '#vector-store';
import { bootBenchContext, ensureCatalog, machineLine } from './bench.util.js';

const root = repoRoot();
const vocab = vocabulary();
const QUERIES = 200;
const PHOTOS = 1_000;

interface CatalogSpec {
  name: string;
  dir: string;
  /** The query photos are the catalog's own products: leave each one out of its results. */
  leaveOneOut: boolean;
}

const catalogs: CatalogSpec[] = [
  { name: 'demo (2,000 train)', dir: join(root, 'libs/demo-catalog/catalog'), leaveOneOut: false },
  { name: 'test (10,000 test)', dir: join(root, 'data/catalog-test-10000'), leaveOneOut: true },
].filter((c) => (process.env.EVAL_CATALOGS ?? 'demo,test').split(',').some((n) => c.name.startsWith(n)));

const rows: Record<string, unknown>[] = [];
for (const spec of catalogs) {
  await ensureCatalog({ dir: spec.dir, split: 'test', count: 10_000 });
  rows.push({ catalog: spec.name, ...(await evaluate(spec)) });
}

const pct = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));
process.stdout.write(`\n${machineLine()}\n\n`);
process.stdout.write(
  '| catalog | products | p@10 en | p@10 zh | p@10 all (target ≥ 0.80) | photo top-10 same category (≥ 0.90) | brand top-10 share, min / mean (1.0) |\n|---|---|---|---|---|---|---|\n',
);
for (const r of rows) {
  process.stdout.write(
    `| ${String(r.catalog)} | ${String(r.products)} | ${pct(r.p10_en)} | ${pct(r.p10_zh)} | ${pct(r.p10)} | ${pct(r.photo_same_category)} ± ${pct(r.photo_standard_error)} | ${pct(r.brand_min)} / ${pct(r.brand_mean)} |\n`,
  );
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/search-quality.json'),
  JSON.stringify({ machine: machineLine(), rows }, null, 2),
);

async function evaluate(spec: CatalogSpec) {
  const products = readFileSync(join(spec.dir, 'products.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DemoProduct);
  const config = loadAllConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-eval-')),
    LOG_LEVEL: 'silent',
    SEARCH_CACHE_SIZE: '0',
  });
  const app = await bootBenchContext(config, [SearchApiModule, SearchModule, IndexerModule]);
  const writer = app.get(ProductsService);
  const store = app.get(VectorStore);
  const bar = new ProgressBar(`index ${spec.name}`, products.length);
  for (const p of products) {
    await writer.create(toCreateProduct(p, readFileSync(join(spec.dir, p.image))));
    bar.tick();
  }
  bar.finish();
  while ((await store.count(PRODUCTS_ALIAS)) < products.length) await new Promise((r) => setTimeout(r, 200));
  const search = app.get(SearchService);
  const byId = new Map(products.map((p) => [p.id, p]));
  const random = seededRandom(7);

  // Words: "<colour> <category>", with the category's and colour's shopper synonyms.
  const p10 = { en: [] as number[], zh: [] as number[] };
  for (let i = 0; i < QUERIES; i++) {
    const lang = i % 2 === 0 ? 'en' : 'zh';
    const category = pick(random, vocab.categories);
    const colour = pick(random, vocab.colours);
    const relevant = products.filter((p) => p.category === category.id && p.colour === colour.id).length;
    if (relevant === 0) continue;
    const q =
      lang === 'en'
        ? `${pick(random, [colour.en, ...(colour.en_synonyms ?? [])])} ${pick(random, [category.en, ...category.en_synonyms])}`
        : `${colour.zh}${pick(random, [category.zh, ...category.zh_synonyms])}`;
    const page = await search.search({ q, limit: 10 });
    const hits = page.items.filter(
      (it) => it.product.category === category.id && it.product.colour === colour.id,
    );
    p10[lang].push(hits.length / Math.min(10, relevant));
  }

  // Photos: held-out test-split garments in a random colour (or the catalog's own, left out).
  const test = readFashionMnist('test');
  const sameCategory: number[] = [];
  for (let i = 0; i < PHOTOS; i++) {
    const index = Math.floor(random() * test.count);
    const category = vocab.categories.find((c) => c.label === test.label(index))!.id;
    const own = spec.leaveOneOut ? products.find((p) => p.source.index === index) : undefined;
    const colour = own ? vocab.colours.find((c) => c.id === own.colour)! : pick(random, vocab.colours);
    const photo = await renderProductImage(test.image(index), colour.rgb, vocab);
    const page = await search.search({ image: photo.toString('base64'), limit: 11 });
    const top = page.items.filter((it) => it.id !== own?.id).slice(0, 10);
    sameCategory.push(top.filter((it) => byId.get(it.id)?.category === category).length / top.length);
  }

  // Brands: each brand's name alone.
  const brandShare: number[] = [];
  for (const brand of vocab.brands) {
    const page = await search.search({ q: brand, limit: 10 });
    brandShare.push(
      page.items.filter((it) => it.product.brand === brand).length / Math.max(1, page.items.length),
    );
  }
  await app.close();

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const standardError = (xs: number[]) => {
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
  };
  return {
    products: products.length,
    queries: p10.en.length + p10.zh.length,
    p10_en: mean(p10.en),
    p10_zh: mean(p10.zh),
    p10: mean([...p10.en, ...p10.zh]),
    photo_same_category: mean(sameCategory),
    photo_standard_error: standardError(sameCategory),
    brand_min: Math.min(...brandShare),
    brand_mean: mean(brandShare),
  };
}
