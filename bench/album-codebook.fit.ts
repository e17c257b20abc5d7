// Fits the album codebook of the configured encoder model: k-means centroids
// of album-style photo vectors, which device sync quantizes residuals from
// (libs/album-sync-client/src/codebook.ts). Written beside the model files as
// album-codebook.json; the indexer and the sync endpoint read it from there.
//   npm run fit:album-codebook   (ALBUM_CODEBOOK_K=256 ALBUM_CODEBOOK_PHOTOS=12000)
// The photos are the last ones of the seeded train-split album order, which
// bench:album never reaches (it takes the test split, then the first 40,000),
// so its recall is measured on vectors the codebook was not fitted on.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Codebook } from '#album-sync-client';
import { DEMO_ALBUM_SEED, albumPhotosOf } from '#apps/search-api/src/albums/demo-album.photos';
import { CODEBOOK_FORMAT, albumCodebookPath, kMeans, type AlbumCodebookFile } from '#catalog';
import { ProgressBar } from '#cli';
import { CoreConfig, EncoderConfig } from '#config';
import { albumIndices, readFashionMnist, repoRoot } from '#demo-catalog';
import { createInProcessEncoder } from '#embedding';

const K = Number(process.env.ALBUM_CODEBOOK_K ?? 256);
const PHOTOS = Number(process.env.ALBUM_CODEBOOK_PHOTOS ?? 12_000);
const ITERATIONS = 20;
const SEED = 20_261_129;
const BATCH = 32;

const root = repoRoot();
const encoderConfig = new EncoderConfig();
const path = albumCodebookPath(encoderConfig.model, root);
if (!path) throw new Error(`${encoderConfig.model}: the codebook is written beside a local model`);
const encoder = await createInProcessEncoder(encoderConfig, new CoreConfig());
const model = await encoder.model();
const train = readFashionMnist('train');

const started = performance.now();
const indices = albumIndices(train.count, 0, 0, train.count, DEMO_ALBUM_SEED).slice(-PHOTOS);
const vectors: Float32Array[] = [];
const bar = new ProgressBar('train-split album photos → encoder', indices.length);
let batch: Buffer[] = [];
for await (const photo of albumPhotosOf('train', indices)) {
  batch.push(photo.bytes);
  if (batch.length === BATCH || vectors.length + batch.length === indices.length) {
    vectors.push(...(await encoder.embedImages(batch)).vectors);
    bar.tick(batch.length);
    batch = [];
  }
}
bar.finish();

const fit = new ProgressBar(`k-means, k = ${K}`, ITERATIONS);
let inertia = 0;
const centroids = kMeans(vectors, {
  k: K,
  iterations: ITERATIONS,
  seed: SEED,
  onIteration: (_i, e) => {
    inertia = e;
    fit.tick();
  },
});
fit.finish();

const digest = createHash('sha256');
for (const c of centroids) digest.update(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
const codebook = Codebook.fromCentroids(`k${K}-${digest.digest('hex').slice(0, 12)}`, centroids);
const file: AlbumCodebookFile = {
  format: CODEBOOK_FORMAT,
  model: { id: model.id, version: model.version, dim: model.dim },
  codebook: codebook.toWire(),
  fitted: {
    at: new Date().toISOString(),
    photos: vectors.length,
    split: 'train (album-style photos, the end of the demo album order)',
    iterations: ITERATIONS,
    seed: SEED,
  },
};
writeFileSync(path, JSON.stringify(file) + '\n');

// How much shorter the residuals are than the vectors: the int8 step shrinks with them.
const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const residual = vectors.map((v) => {
  const c = codebook.decode({ ...codebook.encode(v), values: new Int8Array(model.dim), scale: 0 });
  return norm(v.map((x, d) => x - c[d]));
});
const mean = residual.reduce((a, b) => a + b, 0) / residual.length;
process.stdout.write(
  `wrote ${path}: codebook ${codebook.version}, ${K} centroids from ${vectors.length} photos of ${model.id}@${model.version.slice(0, 12)} ` +
    `(mean squared distance ${inertia.toFixed(4)}, mean residual norm ${mean.toFixed(3)} of unit vectors; ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);
await encoder.close();
