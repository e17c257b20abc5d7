// Album ranking: "<colour> <category>" precision@10 with plain cosine and with
// the hubness correction (CSLS, apps/search-api/src/albums/album-hubness.ts)
// over a grid of its k and weight, on an album of Fashion-MNIST photos. The
// shipped k and weight were chosen on the train split (the default here);
// bench:album measures them on its test-split album.
//   npm run eval:album-ranking   (ALBUM_RANKING_SPLIT=train|test ALBUM_RANKING_PHOTOS=2000)
// Also prints how many of the corrected top 10 lie inside the cosine top N,
// which sizes the server's re-ranking window (album-search.service.ts).
import { DEMO_ALBUM_SEED, albumPhotosOf } from '#apps/search-api/src/albums/demo-album.photos';
import {
  HUBNESS_K,
  HUBNESS_WEIGHT,
  HubnessCorrection,
  albumQueryBank,
} from '#apps/search-api/src/albums/album-hubness';
import { ProgressBar } from '#cli';
import { CoreConfig, EncoderConfig } from '#config';
import { albumIndices, readFashionMnist, vocabulary, type Split } from '#demo-catalog';
import { createInProcessEncoder } from '#embedding';

const SPLIT = (process.env.ALBUM_RANKING_SPLIT ?? 'train') as Split;
if (SPLIT !== 'train' && SPLIT !== 'test') throw new Error('ALBUM_RANKING_SPLIT is train or test');
const PHOTOS = Number(process.env.ALBUM_RANKING_PHOTOS ?? 2000);
const BATCH = 32;
const KS = [5, 10, 20];
const WEIGHTS = [0.25, 0.5, 0.75, 1];
const WINDOWS = [20, 50, 100];

const encoder = await createInProcessEncoder(new EncoderConfig(), new CoreConfig());
const model = await encoder.model();
const vocab = vocabulary();

// The album: the first PHOTOS of the split's seeded album order (bench:album's order for the test split).
const indices = albumIndices(readFashionMnist(SPLIT).count, 0, 0, PHOTOS, DEMO_ALBUM_SEED);
const photos: { colour: string; category: string; vector: Float32Array }[] = [];
const bar = new ProgressBar(`${SPLIT}-split album photos → encoder`, indices.length);
let batch: { colour: string; category: string; bytes: Buffer }[] = [];
for await (const { label, bytes } of albumPhotosOf(SPLIT, indices)) {
  batch.push({ colour: label.colour, category: label.category, bytes });
  if (batch.length === BATCH || photos.length + batch.length === indices.length) {
    const { vectors } = await encoder.embedImages(batch.map((b) => b.bytes));
    batch.forEach((b, i) => photos.push({ colour: b.colour, category: b.category, vector: vectors[i] }));
    bar.tick(batch.length);
    batch = [];
  }
}
bar.finish();

// Queries: every "<colour> <category>" pair with at least 10 photos in the album, in English and Chinese.
const count = new Map<string, number>();
for (const p of photos)
  count.set(`${p.colour}|${p.category}`, (count.get(`${p.colour}|${p.category}`) ?? 0) + 1);
const queries = vocab.colours.flatMap((c) =>
  vocab.categories
    .filter((k) => (count.get(`${c.id}|${k.id}`) ?? 0) >= 10)
    .flatMap((k) => [
      { lang: 'en', colour: c.id, category: k.id, q: `${c.en} ${k.en}` },
      { lang: 'zh', colour: c.id, category: k.id, q: `${c.zh}${k.zh}` },
    ]),
);
const queryVectors = (await encoder.embedTexts(queries.map((q) => q.q))).vectors;
const bank = albumQueryBank(vocab);
const bankVectors = (await encoder.embedTexts(bank)).vectors;
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, d) => s + x * b[d], 0);
const cosines = queryVectors.map((q) => photos.map((p) => dot(q, p.vector)));
const topOf = (scores: number[], n: number) =>
  scores
    .map((score, i) => ({ i, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, n)
    .map((h) => h.i);

/** Each query's cosine top N, for every window: the same whatever the biases, so worked out once. */
const windows = cosines.map((c) => new Map(WINDOWS.map((n) => [n, new Set(topOf(c, n))])));

function evaluate(biases: number[]) {
  const precision = { en: [] as number[], zh: [] as number[] };
  const inside = new Map(WINDOWS.map((n) => [n, [] as number[]]));
  queries.forEach((q, qi) => {
    const top = topOf(
      cosines[qi].map((c, i) => c + biases[i]),
      10,
    );
    const right = top.filter((i) => photos[i].colour === q.colour && photos[i].category === q.category);
    precision[q.lang as 'en' | 'zh'].push(right.length / 10);
    for (const n of WINDOWS) {
      const window = windows[qi].get(n)!;
      inside.get(n)!.push(top.filter((i) => window.has(i)).length / 10);
    }
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    en: mean(precision.en),
    zh: mean(precision.zh),
    inside: WINDOWS.map((n) => Math.min(...inside.get(n)!)),
  };
}

const out = (s: string) => process.stdout.write(s);
out(
  `\nAlbum ranking, ${model.id}@${model.version.slice(0, 12)}: ${photos.length} ${SPLIT}-split album photos, ` +
    `${queries.length / 2} "<colour> <category>" queries per language (pairs with ≥ 10 photos); ` +
    `query bank: ${bank.length} phrases.\n\n`,
);
out(
  `| ranking | k | weight | p@10 en | p@10 zh | worst share of the top 10 inside the cosine top ${WINDOWS.join(' / ')} |\n`,
);
out('|---|---|---|---|---|---|\n');
const plain = evaluate(photos.map(() => 0));
out(`| cosine | – | 0 | ${plain.en.toFixed(3)} | ${plain.zh.toFixed(3)} | – |\n`);
for (const k of KS)
  for (const weight of WEIGHTS) {
    const correction = HubnessCorrection.of(bank, bankVectors, { k, weight });
    const r = evaluate(photos.map((p) => correction.bias(p.vector)));
    const shipped = k === HUBNESS_K && weight === HUBNESS_WEIGHT ? ' (shipped)' : '';
    out(
      `| CSLS${shipped} | ${k} | ${weight} | ${r.en.toFixed(3)} | ${r.zh.toFixed(3)} | ${r.inside.map((x) => x.toFixed(1)).join(' / ')} |\n`,
    );
  }
// The same correction with a bank that shares no phrase with the queries: every
// "<colour> <synonym>" of the vocabulary, the category's own name left out.
const synonyms = vocab.colours.flatMap((c) =>
  vocab.categories.flatMap((k) => [
    ...k.en_synonyms.filter((s) => s.toLowerCase() !== k.en.toLowerCase()).map((s) => `${c.en} ${s}`),
    ...k.zh_synonyms.filter((s) => s !== k.zh).map((s) => `${c.zh}${s}`),
  ]),
);
const synonymVectors: Float32Array[] = [];
for (let i = 0; i < synonyms.length; i += 200)
  synonymVectors.push(...(await encoder.embedTexts(synonyms.slice(i, i + 200))).vectors);
const disjoint = HubnessCorrection.of(synonyms, synonymVectors);
const r = evaluate(photos.map((p) => disjoint.bias(p.vector)));
out(
  `| CSLS, bank of ${synonyms.length} synonym phrases (none a query) | ${HUBNESS_K} | ${HUBNESS_WEIGHT} | ${r.en.toFixed(3)} | ${r.zh.toFixed(3)} | ${r.inside.map((x) => x.toFixed(1)).join(' / ')} |\n`,
);
await encoder.close();
