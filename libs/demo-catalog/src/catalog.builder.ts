import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ProgressBar } from '#cli';
import { readFashionMnist, type FashionMnist, type Split } from './fashion-mnist.reader.js';
import { makeProduct, type DemoProduct } from './product.factory.js';
import { encodeWebp } from './raster.js';
import type { Garment } from './review-photo.js';
import { DEFAULT_REVIEW_OPTIONS, makeReviews, type DemoReview } from './review.factory.js';
import { pick } from './rng.js';
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
  /** Also write `reviews.jsonl` and `review-images/`; photoShare: share of products with review photos. */
  reviews?: { photoShare: number };
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

/** Garments for irrelevant review photos: another category's image of the split, in a random colour. */
export function otherGarments(data: FashionMnist, vocab: Vocabulary) {
  return (random: () => number, notCategory: string): Garment => {
    const notLabel = vocab.categories.find((c) => c.id === notCategory)?.label;
    for (;;) {
      const index = Math.floor(random() * data.count);
      if (data.label(index) !== notLabel)
        return { gray: data.image(index), rgb: pick(random, vocab.colours).rgb };
    }
  };
}

const jsonl = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r) + '\n').join('');

/**
 * Writes `products.jsonl` and `images/<id>.webp` for a slice of one split,
 * and with `reviews` also `reviews.jsonl` and `review-images/<review>-<n>.webp`.
 */
export async function buildCatalog(options: BuildOptions): Promise<DemoProduct[]> {
  const vocab = vocabulary();
  const data = readFashionMnist(options.split);
  const end = Math.min(data.count, options.offset + options.count);
  await mkdir(join(options.outDir, 'images'), { recursive: true });
  if (options.reviews) {
    // Start clean: a smaller photoShare must not leave the photos of a previous build behind.
    await rm(join(options.outDir, 'review-images'), { recursive: true, force: true });
    await mkdir(join(options.outDir, 'review-images'), { recursive: true });
  }
  const reviewOptions = options.reviews && { ...DEFAULT_REVIEW_OPTIONS, ...options.reviews };
  const other = otherGarments(data, vocab);
  const reviews: DemoReview[] = [];
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
    if (reviewOptions) {
      const made = makeReviews(vocab, product, data.image(index), options.seed, other, reviewOptions);
      for (const [file, raw] of made.photos)
        await writeFile(join(options.outDir, file), await encodeWebp(raw, 80, reviewOptions.maxPhotoBytes));
      reviews.push(...made.reviews);
    }
    bar?.tick();
  }
  bar?.finish();
  await writeFile(join(options.outDir, 'products.jsonl'), jsonl(products));
  if (options.reviews) await writeFile(join(options.outDir, 'reviews.jsonl'), jsonl(reviews));
  return products;
}
