import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ProgressBar } from '#cli';
import { readFashionMnist, type Split } from './fashion-mnist.reader.js';
import { makeProduct, type DemoProduct } from './product.factory.js';
import { tint } from './tint.js';
import { vocabulary, type Vocabulary } from './vocabulary.js';

export interface BuildOptions {
  split: Split;
  /** First Fashion-MNIST index to use. */
  offset: number;
  count: number;
  seed: number;
  outDir: string;
  progress?: boolean;
}

/**
 * The display image: tinted at 28×28, upscaled bilinearly to the display size,
 * WebP at quality 90 (about 1.1 kB, a fifth of the PNG, so the 2,000-product
 * catalog stays near 2 MB in git).
 */
export async function renderProductImage(
  gray: Uint8Array,
  colour: [number, number, number],
  vocab: Vocabulary,
) {
  const size = vocab.tint.display_size;
  return sharp(Buffer.from(tint(gray, colour, vocab.tint)), { raw: { width: 28, height: 28, channels: 3 } })
    .resize(size, size, { kernel: 'linear' })
    .webp({ quality: 90 })
    .toBuffer();
}

/** Writes `products.jsonl` and `images/<id>.png` for a slice of one split. */
export async function buildCatalog(options: BuildOptions): Promise<DemoProduct[]> {
  const vocab = vocabulary();
  const data = readFashionMnist(options.split);
  const end = Math.min(data.count, options.offset + options.count);
  await mkdir(join(options.outDir, 'images'), { recursive: true });
  const bar = options.progress
    ? new ProgressBar(`catalog ${options.split}`, end - options.offset)
    : undefined;
  const products: DemoProduct[] = [];
  for (let index = options.offset; index < end; index++) {
    const product = makeProduct(vocab, options.split, index, data.label(index), options.seed);
    const colour = vocab.colours.find((c) => c.id === product.colour)!;
    await writeFile(
      join(options.outDir, product.image),
      await renderProductImage(data.image(index), colour.rgb, vocab),
    );
    products.push(product);
    bar?.tick();
  }
  bar?.finish();
  await writeFile(
    join(options.outDir, 'products.jsonl'),
    products.map((p) => JSON.stringify(p)).join('\n') + '\n',
  );
  return products;
}
