import { parseArgs } from 'node:util';
import { buildCatalog } from './catalog.builder.js';

const USAGE = `usage: npm run catalog:build -- [--split train|test] [--offset N] [--count N] [--seed N] [--out DIR]
  defaults: --split train --offset 0 --count 2000 --seed 42 --out data/catalog-<split>-<count>
  the committed demo catalog is: --split train --count 2000 --out libs/demo-catalog/catalog
  full catalogs for benchmarks:  --split train --count 60000, --split test --count 10000`;

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'train' },
    offset: { type: 'string', default: '0' },
    count: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const split = values.split;
const [offset, count, seed] = [values.offset, values.count, values.seed].map(Number);
if (
  (split !== 'train' && split !== 'test') ||
  ![offset, count, seed].every((n) => Number.isInteger(n) && n >= 0)
) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const outDir = values.out ?? `data/catalog-${split}-${count}`;
const products = await buildCatalog({ split, offset, count, seed, outDir, progress: true });
process.stdout.write(`wrote ${products.length} products to ${outDir}/products.jsonl\n`);
