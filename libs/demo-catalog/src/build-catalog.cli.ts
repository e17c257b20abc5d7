import { parseArgs } from 'node:util';
import { buildAlbum } from './album.builder.js';
import { buildCatalog } from './catalog.builder.js';

const USAGE = `usage: npm run catalog:build -- [--split train|test] [--offset N] [--count N] [--seed N] [--out DIR]
                                [--reviews [--review-photos SHARE]] [--album N]
  defaults: --split train --offset 0 --count 2000 --seed 42 --out data/catalog-<split>-<count>
  --reviews          also write reviews.jsonl and review-images/*.webp (0-3 reviews a product,
                     photos labelled relevant or not, and how)
  --review-photos S  share of products whose reviews carry photos (default 0.2; 1 for a held-out set)
  --album N          also write album.jsonl and album/*.webp: N labelled phone photos of the split,
                     images outside the products' slice where the split has enough
  the committed demo catalog is: --split train --count 2000 --out libs/demo-catalog/catalog --reviews
  held-out review photos:        --split test --count 1000 --reviews --review-photos 1 --out data/reviews-heldout
  album for search quality:      --split test --count 0 --album 1000 --out data/album-test
  full catalogs for benchmarks:  --split train --count 60000, --split test --count 10000`;

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'train' },
    offset: { type: 'string', default: '0' },
    count: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    reviews: { type: 'boolean', default: false },
    'review-photos': { type: 'string', default: '0.2' },
    album: { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const split = values.split;
const [offset, count, seed, album] = [values.offset, values.count, values.seed, values.album].map(Number);
const photoShare = Number(values['review-photos']);
if (
  (split !== 'train' && split !== 'test') ||
  ![offset, count, seed, album].every((n) => Number.isInteger(n) && n >= 0) ||
  !(photoShare >= 0 && photoShare <= 1)
) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const outDir = values.out ?? `data/catalog-${split}-${count}`;
const reviews = values.reviews ? { photoShare } : undefined;
const products = await buildCatalog({ split, offset, count, seed, outDir, reviews, progress: true });
process.stdout.write(`wrote ${products.length} products to ${outDir}/products.jsonl\n`);
if (reviews) process.stdout.write(`wrote reviews to ${outDir}/reviews.jsonl and ${outDir}/review-images/\n`);
if (album > 0) {
  const photos = await buildAlbum({
    split,
    count: album,
    seed,
    outDir,
    offset,
    products: count,
    progress: true,
  });
  process.stdout.write(`wrote ${photos.length} album photos to ${outDir}/album.jsonl\n`);
}
