// Review-photo relevance: fits the relevance head on labelled train-split
// review photos (--fit), or measures hiding quality on the labelled held-out
// test-split set through the same ReviewPhotoJudge the indexer uses.
//   npm run eval:review-photos             (held-out: data/reviews-heldout, built when missing)
//   npm run eval:review-photos -- --dir D  (another labelled catalog folder)
//   npm run eval:review-photos -- --fit    (train: data/reviews-train, 6,000 products; writes
//                                           <model>/review-relevance.json)
// Targets: hiding irrelevant photos at precision >= 0.95 and recall >= 0.90, per kind and overall.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { ProgressBar } from '#cli';
import { CoreConfig, EncoderConfig } from '#config';
import { repoRoot, type DemoProduct, type DemoReview } from '#demo-catalog';
import { createInProcessEncoder } from '#embedding';
import {
  HEAD_FORMAT,
  QUALITY_LIMITS,
  RelevanceHead,
  ReviewPhotoJudge,
  dot,
  fitLogistic,
  fitPlatt,
  linearLogit,
  pairFeatures,
  productTitleText,
  relevanceHeadPath,
  type Calibration,
  type JudgedPhoto,
  type RelevanceHeadFile,
} from '#review-relevance';
import { ensureCatalog, machineLine } from './bench.util.js';

/** Re-encodings of a product photo a shopper might upload as their own, and how to make each. */
const COPIES: [string, (image: Buffer) => Promise<Buffer>][] = [
  ['JPEG q80', (image) => sharp(image).jpeg({ quality: 80 }).toBuffer()],
  ['WebP q60', (image) => sharp(image).webp({ quality: 60 }).toBuffer()],
];
const COPY_PRODUCTS = 500;
/** The threshold is a multiple of this, just above every relevant photo. */
const DUPLICATE_STEP = 0.0005;

const { values } = parseArgs({
  options: { fit: { type: 'boolean', default: false }, dir: { type: 'string' } },
});
const root = repoRoot();
const encoderConfig = new EncoderConfig();
const headPath = relevanceHeadPath(encoderConfig.model, root) ?? '';
if (!headPath) throw new Error(`${encoderConfig.model}: the head is written beside a local model`);

const set = values.fit
  ? { dir: join(root, 'data/reviews-train'), split: 'train' as const, count: 6000 }
  : { dir: join(root, 'data/reviews-heldout'), split: 'test' as const, count: 1000 };
// Any labelled catalog folder may be measured instead (e.g. libs/demo-catalog/catalog).
if (values.dir && !values.fit) set.dir = values.dir;
await ensureCatalog({ dir: set.dir, split: set.split, count: set.count, reviews: true });
const products = new Map(
  readLines(join(set.dir, 'products.jsonl'))
    .map((l) => JSON.parse(l) as DemoProduct)
    .map((p) => [p.id, p]),
);
const reviews = readLines(join(set.dir, 'reviews.jsonl'))
  .map((l) => JSON.parse(l) as DemoReview)
  .filter((r) => r.photos.length > 0);

const encoder = await createInProcessEncoder(encoderConfig, new CoreConfig());
const model = await encoder.model();
const head = values.fit ? undefined : RelevanceHead.load(headPath, model);
if (!values.fit && !head)
  throw new Error(`no relevance head for ${model.id}@${model.version}: run with --fit`);
const judge = new ReviewPhotoJudge(encoder, head);

/** One labelled photo and what the judge made of it. */
interface Judged {
  product: DemoProduct;
  relevant: boolean;
  kind: string;
  photo: JudgedPhoto;
  /** The head's input, kept for fitting. */
  features?: Float64Array;
  /** Cosine to the product's photo, kept for fitting the duplicate threshold. */
  productCosine?: number;
}

const judged: Judged[] = [];
const earlier = new Map<string, { id: number; sha256: string; vector: Float32Array }[]>();
const bar = new ProgressBar(`judging ${set.split} review photos`, reviews.length);
let nextId = 1;
for (const review of reviews) {
  const product = products.get(review.product_id)!;
  const image = readFileSync(join(set.dir, product.image));
  const photos = review.photos.map((label) => {
    const bytes = readFileSync(join(set.dir, label.file));
    return { id: nextId++, bytes, sha256: sha(bytes) };
  });
  const results = await judge.judge(
    {
      category: product.category,
      text: productTitleText(product.title),
      images: [{ id: 0, bytes: image, sha256: sha(image) }],
    },
    photos,
    { earlier: earlier.get(product.id) ?? [] },
  );
  const [productVector] = values.fit ? (await encoder.embedImages([image])).vectors : [];
  const [textVector] = values.fit
    ? (await encoder.embedTexts([productTitleText(product.title)])).vectors
    : [];
  results.forEach((photo, i) => {
    const label = review.photos[i];
    judged.push({
      product,
      relevant: label.relevant,
      kind: label.kind,
      photo,
      features: values.fit
        ? pairFeatures({
            photo: photo.vector,
            productImage: productVector,
            productText: textVector,
            pixelStd: photo.scores.pixel_std,
          })
        : undefined,
      productCosine: values.fit ? dot(photo.vector, productVector) : undefined,
    });
  });
  earlier.set(product.id, [
    ...(earlier.get(product.id) ?? []),
    ...results.map((r, i) => ({ ...r, sha256: photos[i].sha256 })),
  ]);
  bar.tick();
}
bar.finish();
const sameShot = values.fit ? await measureDuplicateCosine() : undefined;
await encoder.close();

process.stdout.write(`${machineLine()}\nmodel ${model.id}@${model.version}\n`);
if (values.fit) fit();
else report();

function fit(): void {
  // Products, not photos, are split: a product's photos never sit on both sides.
  const calibrationSide = (p: DemoProduct) => createHash('sha1').update(p.id).digest()[0] < 77; // ~30 %
  const train = judged.filter((j) => !calibrationSide(j.product));
  const held = judged.filter((j) => calibrationSide(j.product));
  const started = performance.now();
  const linear = fitLogistic(
    train.map((j) => j.features!),
    train.map((j) => (j.relevant ? 1 : 0)),
    { l2: 0.01, epochs: 800, learningRate: 0.05 },
  );
  const logits = held.map((j) => linearLogit(linear, j.features!));
  const labels = held.map((j) => (j.relevant ? 1 : 0));
  const calibration: Calibration = { default: fitPlatt(logits, labels) };
  for (const category of new Set(held.map((j) => j.product.category))) {
    const mine = held.map((j, i) => [j, i] as const).filter(([j]) => j.product.category === category);
    calibration[category] = fitPlatt(
      mine.map(([, i]) => logits[i]),
      mine.map(([, i]) => labels[i]),
      calibration.default,
      20,
    );
  }
  const file: RelevanceHeadFile = {
    format: HEAD_FORMAT,
    model: { id: model.id, version: model.version, dim: model.dim },
    head: linear,
    calibration,
    thresholds: { hide: 0.5, show: 0.8, duplicateCosine: sameShot!.threshold },
    fitted: {
      at: new Date().toISOString(),
      photos: judged.length,
      products: products.size,
      split: set.split,
    },
  };
  writeFileSync(
    headPath,
    `${JSON.stringify(file, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(6) : v))}\n`,
  );
  process.stdout.write(
    `fitted on ${train.length} photos, calibrated on ${held.length} (${((performance.now() - started) / 1000).toFixed(1)} s); wrote ${headPath}\n` +
      `duplicate cosine ${sameShot!.threshold}: ${sameShot!.summary}\n`,
  );
}

/**
 * The cosine from which a review photo is the same shot as the product's
 * photo, for this encoder: the first step above every relevant train-split
 * photo's cosine to its product photo (so no relevant photo is hidden as a
 * duplicate), at most 0.9995 (so re-encodings are still caught), with the
 * share of re-encoded product photos it catches.
 */
async function measureDuplicateCosine(): Promise<{ threshold: number; summary: string }> {
  const relevant = judged.filter((j) => j.relevant).map((j) => j.productCosine!);
  const highest = Math.max(...relevant);
  const threshold = Math.min(0.9995, +(Math.floor(highest / DUPLICATE_STEP + 1) * DUPLICATE_STEP).toFixed(4));
  const sample = [...products.values()].slice(0, COPY_PRODUCTS);
  const caught = COPIES.map(() => 0);
  const copyBar = new ProgressBar('re-encoded product photos', sample.length);
  for (const product of sample) {
    const image = readFileSync(join(set.dir, product.image));
    const copies = await Promise.all(COPIES.map(([, make]) => make(image)));
    const [original, ...vectors] = (await encoder.embedImages([image, ...copies])).vectors;
    vectors.forEach((v, k) => (caught[k] += dot(original, v) >= threshold ? 1 : 0));
    copyBar.tick();
  }
  copyBar.finish();
  const share = (n: number) => `${((100 * n) / sample.length).toFixed(1)} %`;
  return {
    threshold,
    summary:
      `the highest of ${relevant.length} relevant photos is ${highest.toFixed(4)}; ` +
      COPIES.map(
        ([name], k) => `${name} copies of ${sample.length} product photos at or above: ${share(caught[k])}`,
      ).join(', ') +
      ` (the default without a fitted value: ${QUALITY_LIMITS.duplicateCosine})`,
  };
}

function report(): void {
  const hidden = (j: Judged) => j.photo.verdict === 'irrelevant';
  const irrelevant = judged.filter((j) => !j.relevant);
  const relevant = judged.filter((j) => j.relevant);
  const falseHides = relevant.filter(hidden).length;
  const truePositives = irrelevant.filter(hidden).length;
  const precision = truePositives / Math.max(1, truePositives + falseHides);
  const recall = truePositives / irrelevant.length;
  const pct = (x: number) => x.toFixed(3);
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const rows: Record<string, string | number>[] = [];
  for (const kind of [...new Set(irrelevant.map((j) => j.kind))].sort()) {
    const mine = irrelevant.filter((j) => j.kind === kind);
    const kindRecall = mine.filter(hidden).length / mine.length;
    // Precision had every irrelevant photo been of this kind (same prevalence, same false hides).
    const kindPrecision = (kindRecall * irrelevant.length) / (kindRecall * irrelevant.length + falseHides);
    rows.push({
      photos: `irrelevant: ${kind}`,
      n: mine.length,
      hidden: pct(kindRecall),
      needs_review: pct(mine.filter((j) => j.photo.verdict === 'needs_review').length / mine.length),
      precision: pct(kindPrecision),
      verdict: `${mark(kindPrecision >= 0.95)} / ${mark(kindRecall >= 0.9)}`,
    });
  }
  for (const kind of [...new Set(relevant.map((j) => j.kind))].sort()) {
    const mine = relevant.filter((j) => j.kind === kind);
    rows.push({
      photos: `relevant: ${kind}`,
      n: mine.length,
      hidden: pct(mine.filter(hidden).length / mine.length),
      needs_review: pct(mine.filter((j) => j.photo.verdict === 'needs_review').length / mine.length),
      precision: '',
      verdict: '',
    });
  }
  rows.push({
    photos: 'overall',
    n: judged.length,
    hidden: pct(recall),
    needs_review: pct(judged.filter((j) => j.photo.verdict === 'needs_review').length / judged.length),
    precision: pct(precision),
    verdict: `${mark(precision >= 0.95)} / ${mark(recall >= 0.9)}`,
  });
  console.table(rows);
  const countReasons = (photos: Judged[]) => {
    const counts = new Map<string, number>();
    for (const j of photos) for (const r of j.photo.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts].map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  };
  process.stdout.write(
    `hidden: precision ${pct(precision)} (target 0.95), recall ${pct(recall)} (target 0.90) over ${judged.length} labelled photos of ${set.dir}` +
      ` (${irrelevant.length} irrelevant); reasons of hidden photos: ${countReasons(judged.filter(hidden))};` +
      ` of the relevant ones hidden (${falseHides}): ${countReasons(relevant.filter(hidden))}\n` +
      `duplicate cosine ${head?.file.thresholds.duplicateCosine ?? `${QUALITY_LIMITS.duplicateCosine} (the default; the head has none)`}.\n` +
      `"hidden" on an irrelevant row is that kind's recall; its precision is the overall one had every irrelevant photo been of that kind.\n`,
  );
}

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
}

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
