// Photo albums on the device, measured in one run (issue 8, "Quality and benchmark"):
//   1. sync bytes per photo: real GET /v1/albums/sync bodies received by the
//      real AlbumSyncClient from the all-in-one stack in process (upload,
//      indexer, sync), against the same pages with float32 vectors;
//   2. offline search latency at 10k and 50k photos: the client's int8
//      LocalAlbumIndex vs exact float32 brute force over the same vectors
//      (p50/p99 per query), in Node and in headless Chromium (10k);
//   3. recall@10 of the int8 index against float32 (target ≥ 0.97);
//   4. album "<colour> <category>" precision@10 on a test-split album through
//      the client's offline search (text tower on the device), target ≥ 0.8.
//   npm run bench:album   (BENCH_SIZES=10000,50000 BENCH_ALBUM=1000 BENCH_REAL=50000 (the largest size)
//                          BENCH_BROWSER_SIZES=10000,50000 (the sizes; 0: skip) BENCH_RUNS=5)
import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as transformers from '@huggingface/transformers';
import { DataSource } from 'typeorm';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { AlbumCollection } from '#apps/search-api/src/albums/album-collection';
import { AlbumsModule } from '#apps/search-api/src/albums/albums.module';
import {
  DEMO_ALBUM_SEED,
  albumPhotosOf,
  testSplitAlbumPhotos,
  type GeneratedAlbumPhoto,
} from '#apps/search-api/src/albums/demo-album.photos';
import {
  AlbumSyncClient,
  LocalAlbumIndex,
  NodeFileIndexStore,
  OnDeviceEncoder,
  int8ToBase64,
  type SyncPage,
  type SyncUpsert,
} from '#album-sync-client';
import { AlbumPhotoEntity } from '#catalog';
import { ProgressBar } from '#cli';
import { HttpConfig, loadAllConfig } from '#config';
import { albumIndices, readFashionMnist, repoRoot, vocabulary } from '#demo-catalog';
import { EncoderPort, locateModel } from '#embedding';
import { createHttpApp } from '#http';
import { VectorStore } from '#vector-store';
import { pino } from 'pino';
import { measureInChromium } from './album.browser.js';
import {
  expandVectors,
  float32TopK,
  mean,
  nearestNeighbourCosine,
  pack,
  percentile,
} from './album.vectors.js';
import { allInOneModule, headline, machineLine, median, type Headline } from './bench.util.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,50000').split(',').map(Number);
/** Photos uploaded through the API, synced, and scored for precision (albums-demo.test.ts uses 1,000). */
const ALBUM = Number(process.env.BENCH_ALBUM ?? 1000);
/** Real image embeddings: the album's, then further test-split photos embedded by the encoder. */
const REAL = Math.max(ALBUM, Number(process.env.BENCH_REAL ?? Math.max(...SIZES)));
const BROWSER_SIZES = (process.env.BENCH_BROWSER_SIZES ?? SIZES.join(','))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RECALL_TARGET = 0.97;
const PRECISION_TARGET = 0.8;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

const loadStart = loadavg()[0];
const root = repoRoot();
const vocab = vocabulary();
const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-bench-album-'));
const adminKey = randomBytes(24).toString('base64url');
const config = loadAllConfig({
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  ADMIN_API_KEY: adminKey,
  // One user uploads the whole album at once: the per-token and per-IP write limits are not what is measured.
  RATE_LIMIT_PER_KEY: '0',
  RATE_LIMIT_PER_IP: '0',
});
const app = await createHttpApp(
  {
    name: 'bench',
    defaultPort: 0,
    docs: false,
    module: (c) => allInOneModule(c, [AlbumsModule, IndexerModule]),
  },
  config,
  new HttpConfig(0, { PORT: '0', HOST: '127.0.0.1' }),
  pino({ level: 'silent' }),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

// 1. Sync: a user uploads the album through the API, the indexer embeds it, devices sync it.
const user = await call<{ token: string }>('POST', '/v1/users', adminKey, { name: 'bench' });
const album = await generate('album photos → POST /v1/albums/photos', ALBUM, 0, async (p) => {
  await call('POST', '/v1/albums/photos', user.token, { image: p.bytes.toString('base64') });
});
await embedded(ALBUM);

const sync = [] as { bytes: number; ms: number; pages: number }[];
let client: AlbumSyncClient | undefined;
let bodies: string[] = [];
for (let run = 0; run < RUNS; run++) {
  const seen: string[] = [];
  const tee: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push(await response.clone().text());
    return response;
  };
  client = await AlbumSyncClient.open({
    baseUrl: url,
    token: user.token,
    store: new NodeFileIndexStore(join(dataDir, `device-${run}.json`)),
    fetch: tee,
  });
  const started = performance.now();
  const report = await client.sync();
  sync.push({ bytes: report.bytes, ms: performance.now() - started, pages: report.pages });
  if (report.upserts !== ALBUM) throw new Error(`synced ${report.upserts} photos, uploaded ${ALBUM}`);
  bodies = seen;
}
const device = client!;
const model = device.index.model!;
const codebook = device.index.codebook!;
const pages = bodies.map((b) => JSON.parse(b) as SyncPage);
const synced = pages.flatMap((p) => p.upserts);

// The server's float32 vectors of the same photos (what a float32 protocol would send).
const store = app.get(VectorStore);
const { name: collection } = await app.get(AlbumCollection).get();
const stored = await store.retrieve(
  collection,
  synced.map((u) => String(u.id)),
  { withVectors: true },
);
const floatOf = new Map(stored.map((p) => [Number(p.id), p.vectors!.image]));
const bytesOf = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
const variant = (toVector: (f: Float32Array) => unknown) =>
  pages.reduce((sum, page) => {
    // The same upserts with float32 vectors, which need no scale, centroid or codebook.
    const upserts = page.upserts.map((u) => {
      const f: Omit<SyncUpsert, 'vector' | 'scale' | 'centroid'> & {
        vector: unknown;
        scale?: number;
        centroid?: number;
      } = {
        ...u,
        vector: toVector(floatOf.get(u.id)!),
      };
      delete f.scale;
      delete f.centroid;
      return f;
    });
    return sum + bytesOf({ ...page, codebook: undefined, upserts }) - bytesOf(page);
  }, 0);
const wire = median(sync.map((s) => s.bytes));
const syncRow = {
  photos: ALBUM,
  dim: model.dim,
  pages: sync[0].pages,
  bytes: wire,
  int8_per_photo: wire / ALBUM,
  float32_base64_per_photo:
    (wire + variant((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64'))) / ALBUM,
  float32_json_per_photo: (wire + variant((f) => Array.from(f))) / ALBUM,
  sync_ms: median(sync.map((s) => s.ms)),
};

// 2. Query vectors: "<colour> <category>" in English and Chinese, from the model's text tower on the device.
const location = locateModel(config.encoder.model, root);
if (location.kind !== 'local') throw new Error('the benchmark needs a local model folder');
const onDevice = await OnDeviceEncoder.load(transformers, { model: location.dir });
const texts = vocab.colours.flatMap((c) =>
  vocab.categories.flatMap((k) => [
    { lang: 'en', colour: c.id, category: k.id, q: `${c.en} ${k.en}` },
    { lang: 'zh', colour: c.id, category: k.id, q: `${c.zh}${k.zh}` },
  ]),
);
const queryVectors = new Map<string, Float32Array>();
const embedMs: number[][] = [];
for (let run = -1; run < RUNS; run++) {
  const bar = new ProgressBar(`query texts → text tower (run ${run + 2}/${RUNS + 1})`, texts.length);
  const times: number[] = [];
  for (const t of texts) {
    const started = performance.now();
    queryVectors.set(t.q, await onDevice.embedText(t.q));
    times.push(performance.now() - started);
    bar.tick();
  }
  bar.finish();
  if (run >= 0) embedMs.push(times);
}
const queries = texts.map((t) => queryVectors.get(t.q)!);

// 3. Precision@10 of "<colour> <category>" on the synced test-split album, offline and on the server.
const labelOf = new Map(album.map((p) => [p.sha256, p.label]));
const counts = new Map<string, number>();
for (const p of album)
  counts.set(
    `${p.label.colour}|${p.label.category}`,
    (counts.get(`${p.label.colour}|${p.label.category}`) ?? 0) + 1,
  );
const judged = texts.filter((t) => (counts.get(`${t.colour}|${t.category}`) ?? 0) >= 10);
const precision = {
  offline: { en: [] as number[], zh: [] as number[] },
  server: { en: [] as number[], zh: [] as number[] },
};
for (const t of judged) {
  const right = (shas: string[]) =>
    shas.filter((s) => labelOf.get(s)?.colour === t.colour && labelOf.get(s)?.category === t.category)
      .length / 10;
  const lang = t.lang as 'en' | 'zh';
  precision.offline[lang].push(right(device.search(queryVectors.get(t.q)!, 10).map((h) => h.photo.sha256)));
  const res = await call<{ items: { photo: { sha256: string } }[] }>(
    'GET',
    `/v1/albums/search?q=${encodeURIComponent(t.q)}&limit=10`,
    user.token,
  );
  precision.server[lang].push(right(res.items.map((i) => i.photo.sha256)));
}

// 4. Latency and recall at album sizes: real vectors (test-split album photos, then train-split ones
// beyond the 10,000 test images: for int8 vs float32 recall any real photo will do), and seeded
// perturbations of them only past BENCH_REAL. The encoder's vectors are kept under data/ per model
// version, so a second run skips the embedding.
const encoder = app.get(EncoderPort);
const extra = await realVectors(REAL - ALBUM, ALBUM);
const real = [...synced.map((u) => floatOf.get(u.id)!), ...extra];
const nnCosine = nearestNeighbourCosine(real);
const scales = [...new Set([Math.min(REAL, Math.max(...SIZES)), ...SIZES])].sort((a, b) => a - b);
const rows: Record<string, string | number>[] = [];
const headlines: Headline[] = [];
const browserSets = new Map<number, { page: SyncPage; matrix: Float32Array }>();
for (const size of scales) {
  const { vectors } = expandVectors(real, size, nnCosine, 42);
  const page = syncPageOf(vectors);
  const index = new LocalAlbumIndex();
  index.apply(page);
  const matrix = pack(vectors);
  const int8: number[][] = [];
  const float32: number[][] = [];
  let recall: number[] = [];
  const bar = new ProgressBar(`search ${size} photos (Node)`, (RUNS + 1) * queries.length);
  for (let run = -1; run < RUNS; run++) {
    const a: number[] = [];
    const b: number[] = [];
    recall = [];
    for (const q of queries) {
      let t = performance.now();
      const hits = index.search(q, 10);
      a.push(performance.now() - t);
      t = performance.now();
      const truth = float32TopK(matrix, model.dim, q, 10);
      b.push(performance.now() - t);
      recall.push(
        overlap(
          hits.map((h) => h.id - 1),
          truth,
        ),
      );
      bar.tick();
    }
    if (run >= 0) {
      int8.push(a);
      float32.push(b);
    }
  }
  bar.finish();
  rows.push(latencyRow(size, 'Node ' + process.version, int8, float32, mean(recall)));
  headlines.push(...latencyHeadlines(size, 'Node', int8, float32, mean(recall)));
  if (BROWSER_SIZES.includes(size)) browserSets.set(size, { page, matrix });
}
let browserNote = '';
const unmeasured = BROWSER_SIZES.filter((n) => !browserSets.has(n));
if (unmeasured.length > 0)
  browserNote = `Chromium: BENCH_BROWSER_SIZES ${unmeasured.join(', ')} not among the sizes measured`;
for (const [size, set] of browserSets) {
  process.stderr.write(`search ${size} photos (Chromium)…\n`);
  const run = await measureInChromium(url, {
    ...set,
    dim: model.dim,
    queries: queries.map((q) => Array.from(q)),
    runs: RUNS,
  });
  if (!run) {
    browserNote = 'Chromium: not installed (CHROMIUM_PATH); not measured';
    break;
  }
  const recall = run.int8Ids.map((ids, i) =>
    overlap(
      ids.map((id) => id - 1),
      run.float32Top[i],
    ),
  );
  rows.push(latencyRow(size, `${run.browser} (timer ${run.timerStep})`, run.int8, run.float32, mean(recall)));
  headlines.push(...latencyHeadlines(size, 'Chromium', run.int8, run.float32, mean(recall)));
}
await onDevice.dispose();
await app.close();
rmSync(dataDir, { recursive: true, force: true });

// Output.
const out = (s: string) => process.stdout.write(s);
const kb = (n: number) => n.toFixed(0);
out(`\n${machineLine()}\n`);
out(
  `load average (1 min): ${loadStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at the end (the machine is shared)\n`,
);
out(
  `model: ${model.id}@${model.version.slice(0, 12)} (dim ${model.dim}); album codebook ${codebook.version} (${codebook.size} centroids, ${bytesOf(pages[0].codebook)} bytes on the first page of a full sync); medians of ${RUNS} runs\n\n`,
);
out(
  `Sync: ${ALBUM} test-split photos uploaded by one user, embedded by the indexer, synced from scratch by AlbumSyncClient (JSON bodies, no compression; ${syncRow.pages} pages of ≤ ${config.album.syncPage})\n\n`,
);
out(
  '| photos | int8 sync bytes/photo | float32 base64 bytes/photo | float32 JSON numbers bytes/photo | int8 ÷ float32 base64 | sync ms (full album) |\n|---|---|---|---|---|---|\n',
);
out(
  `| ${ALBUM} | ${kb(syncRow.int8_per_photo)} | ${kb(syncRow.float32_base64_per_photo)} | ${kb(syncRow.float32_json_per_photo)} | ${(syncRow.int8_per_photo / syncRow.float32_base64_per_photo).toFixed(2)} | ${syncRow.sync_ms.toFixed(0)} |\n\n`,
);
out(
  `Offline search: ${queries.length} query vectors ("<colour> <category>", en + zh, text tower through transformers.js); top 10 by brute force.\n`,
);
out(
  `Vectors: ${real.length} real ECLIP-mini image vectors of album photos (${ALBUM} synced, ${extra.length} embedded by the encoder; test-split photos, then train-split ones past the 10,000 test images)${real.length < Math.max(...SIZES) ? `; larger sizes add seeded perturbations of random real ones (Gaussian noise, cosine to the source ≈ ${nnCosine.toFixed(3)}, the median real nearest-neighbour cosine)` : ''}.\n\n`,
);
out(
  '| photos | vectors | runtime | int8 LocalAlbumIndex p50 / p99 ms | float32 brute force p50 / p99 ms | int8 ÷ float32 (p50) | recall@10 int8 vs float32 (≥ 0.97) |\n|---|---|---|---|---|---|---|\n',
);
for (const r of rows)
  out(
    `| ${r.photos} | ${r.vectors} | ${r.runtime} | ${r.int8_p50} / ${r.int8_p99} | ${r.float32_p50} / ${r.float32_p99} | ${r.ratio} | ${r.recall} ${mark(Number(r.recall) >= RECALL_TARGET)} |\n`,
  );
out(
  `\nQuery text embedding on the device (Node, transformers.js): p50 ${median(embedMs.map((m) => percentile(m, 0.5))).toFixed(1)} ms, p99 ${median(embedMs.map((m) => percentile(m, 0.99))).toFixed(1)} ms\n`,
);
if (browserNote) out(`${browserNote}\n`);
const p = (xs: number[]) => (xs.length ? mean(xs) : NaN);
out(
  `\nAlbum precision@10 ("<colour> <category>", pairs with ≥ 10 photos in the ${ALBUM}-photo album: ${judged.length / 2} queries per language)\n\n`,
);
out('| path | en | zh | target |\n|---|---|---|---|\n');
for (const [path, v] of [
  ['offline: AlbumSyncClient.search (int8, on-device text tower)', precision.offline],
  ['server: GET /v1/albums/search (float32)', precision.server],
] as const) {
  const cell = (xs: number[]) =>
    xs.length ? `${p(xs).toFixed(3)} ${mark(p(xs) >= PRECISION_TARGET)}` : 'n/a (no pair with ≥ 10 photos)';
  out(`| ${path} | ${cell(v.en)} | ${cell(v.zh)} | ≥ ${PRECISION_TARGET} |\n`);
}
headlines.unshift(
  headline({
    area: 'album',
    measure: `sync bytes/photo (${ALBUM} photos, JSON): int8 vs float32 base64`,
    ours: syncRow.int8_per_photo,
    baseline: syncRow.float32_base64_per_photo,
    unit: 'B',
    better: 'lower',
  }),
);
for (const lang of ['en', 'zh'] as const)
  headlines.push(
    headline({
      area: 'album',
      measure: `precision@10 "<colour> <category>" (${lang}, ${judged.length / 2} queries): offline int8 vs server float32`,
      ours: p(precision.offline[lang]),
      baseline: p(precision.server[lang]),
      unit: '',
      better: 'higher',
      atLeast: PRECISION_TARGET,
    }),
  );
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/album.json'),
  JSON.stringify(
    {
      machine: machineLine(),
      model,
      runs: RUNS,
      sync: syncRow,
      perturbation: { real: real.length, cosine: nnCosine },
      search: rows,
      browser: browserNote || undefined,
      notes: browserNote ? [browserNote] : [],
      query_embedding_ms: {
        p50: median(embedMs.map((m) => percentile(m, 0.5))),
        p99: median(embedMs.map((m) => percentile(m, 0.99))),
      },
      precision_at_10: {
        queries_per_language: judged.length / 2,
        offline: { en: p(precision.offline.en), zh: p(precision.offline.zh) },
        server: { en: p(precision.server.en), zh: p(precision.server.zh) },
        target: PRECISION_TARGET,
      },
      headline: headlines,
    },
    null,
    2,
  ),
);

/** One API call with a bearer token; throws on anything but 2xx. */
async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/**
 * ECLIP image vectors of album photos [skip, skip + count) in the order of
 * `albumPhotos`, embedded by the encoder in batches of 32 and cached in
 * data/bench-album-vectors/<model>-<version>-<skip>-<count>.f32.
 */
async function realVectors(count: number, skip: number): Promise<Float32Array[]> {
  if (count <= 0) return [];
  const info = await encoder.model();
  const dir = join(root, 'data/bench-album-vectors');
  const file = join(dir, `${info.id.replace(/\W+/g, '_')}-${info.version.slice(0, 16)}-${skip}-${count}.f32`);
  if (existsSync(file)) {
    const flat = new Float32Array(new Uint8Array(readFileSync(file)).buffer);
    process.stderr.write(`real vectors: ${count} from ${file}\n`);
    return Array.from({ length: count }, (_v, i) => flat.slice(i * info.dim, (i + 1) * info.dim));
  }
  const vectors: Float32Array[] = [];
  let batch: Buffer[] = [];
  const bar = new ProgressBar('more album photos → encoder (real vectors)', count);
  for await (const photo of albumPhotos(count, skip)) {
    batch.push(photo.bytes);
    if (batch.length === 32 || vectors.length + batch.length === count) {
      vectors.push(...(await encoder.embedImages(batch)).vectors);
      bar.tick(batch.length);
      batch = [];
    }
  }
  bar.finish();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, Buffer.from(pack(vectors).buffer));
  return vectors;
}

/** Album photos of the test split in the demo album's seeded order, then of the train split (seeded too). */
async function* albumPhotos(count: number, skip: number): AsyncGenerator<GeneratedAlbumPhoto> {
  const testSize = readFashionMnist('test').count;
  const fromTest = Math.max(0, Math.min(count, testSize - skip));
  if (fromTest > 0) yield* testSplitAlbumPhotos(fromTest, undefined, skip);
  const rest = count - fromTest;
  if (rest <= 0) return;
  const trainSize = readFashionMnist('train').count;
  const start = Math.max(0, skip - testSize);
  yield* albumPhotosOf('train', albumIndices(trainSize, 0, 0, start + rest, DEMO_ALBUM_SEED).slice(start));
}

/** Test-split album photos [skip, skip + count) of the demo album's seeded order, each handed to `use`. */
async function generate(
  label: string,
  count: number,
  skip: number,
  use: (p: GeneratedAlbumPhoto, last: boolean) => Promise<void>,
): Promise<{ label: GeneratedAlbumPhoto['label']; sha256: string }[]> {
  const bar = new ProgressBar(label, count);
  const made: { label: GeneratedAlbumPhoto['label']; sha256: string }[] = [];
  let i = 0;
  for await (const photo of testSplitAlbumPhotos(count, undefined, skip)) {
    await use(photo, ++i === count);
    made.push({ label: photo.label, sha256: createHash('sha256').update(photo.bytes).digest('hex') });
    bar.tick();
  }
  bar.finish();
  return made;
}

/** Waits until the indexer has stored a vector for every photo. */
async function embedded(total: number): Promise<void> {
  const rows = app.get(DataSource).getRepository(AlbumPhotoEntity);
  const bar = new ProgressBar('indexer embeds the album', total);
  let done = 0;
  for (const deadline = Date.now() + 30 * 60_000; done < total;) {
    if (Date.now() > deadline)
      throw new Error(`the indexer embedded ${done} of ${total} photos in 30 minutes`);
    const now = total - (await rows.createQueryBuilder('p').where('p.vector_scale IS NULL').getCount());
    bar.tick(now - done);
    done = now;
    await new Promise((r) => setTimeout(r, 250));
  }
  bar.finish();
}

/** A from-scratch sync page holding `vectors` as the server would send them (ids 1…n, quantised by the indexer's code). */
/** A from-scratch sync page of these vectors, quantized as the indexer does, with the synced codebook. */
function syncPageOf(vectors: Float32Array[]): SyncPage {
  const upserts: SyncUpsert[] = vectors.map((v, i) => {
    const { centroid, values, scale } = codebook.encode(v);
    const meta = synced[i % synced.length];
    // Bias 0: the recall against float32 cosine measures the quantization alone (the search loop adds it all the same).
    return { ...meta, id: i + 1, seq: i + 1, centroid, vector: int8ToBase64(values), scale, bias: 0 };
  });
  return {
    model,
    reset: true,
    codebook: codebook.toWire(),
    upserts,
    deletes: [],
    next_cursor: '',
    has_more: false,
  };
}

function overlap(got: number[], truth: number[]): number {
  const set = new Set(got);
  return truth.filter((i) => set.has(i)).length / Math.max(1, truth.length);
}

/** Offline search p50 and p99, int8 index vs float32 brute force, and the int8 index's recall@10. */
function latencyHeadlines(
  size: number,
  runtime: string,
  int8: number[][],
  float32: number[][],
  recall: number,
): Headline[] {
  const stat = (runs: number[][], share: number) => median(runs.map((r) => percentile(r, share)));
  const sides = `${size.toLocaleString('en')} photos, ${runtime}: int8 LocalAlbumIndex vs float32 brute force`;
  return [
    ...(
      [
        ['p50', 0.5],
        ['p99', 0.99],
      ] as const
    ).map(([name, share]) =>
      headline({
        area: 'album',
        measure: `offline search ${name}, ${sides}`,
        ours: stat(int8, share),
        baseline: stat(float32, share),
        unit: 'ms',
        better: 'lower',
      }),
    ),
    // The baseline is float32 brute force, the exact top 10 itself: its recall is 1 by definition.
    headline({
      area: 'album',
      measure: `recall@10, ${sides} (exact)`,
      ours: recall,
      baseline: 1,
      unit: '',
      better: 'higher',
      atLeast: RECALL_TARGET,
    }),
  ];
}

function latencyRow(size: number, runtime: string, int8: number[][], float32: number[][], recall: number) {
  const stat = (runs: number[][], share: number) => median(runs.map((r) => percentile(r, share)));
  const realCount = Math.min(size, REAL);
  return {
    photos: size,
    vectors: realCount === size ? `${size} real` : `${realCount} real + ${size - realCount} perturbed`,
    runtime,
    int8_p50: stat(int8, 0.5).toFixed(3),
    int8_p99: stat(int8, 0.99).toFixed(3),
    float32_p50: stat(float32, 0.5).toFixed(3),
    float32_p99: stat(float32, 0.99).toFixed(3),
    ratio: (stat(int8, 0.5) / stat(float32, 0.5)).toFixed(2),
    recall: recall.toFixed(3),
  };
}
