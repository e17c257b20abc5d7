// Compares the two HNSW libraries on npm that the embedded vector store could use:
// usearch and hnswlib-node. Same graph parameters, one thread each, same data,
// same queries; recall@10 against exact brute force, measured in one run.
//
//   node bench/hnsw-libraries.bench.mjs            # 10k + 70k uniform, 70k clustered
//   node bench/hnsw-libraries.bench.mjs --quick    # 10k only
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

// usearch 2.25's ESM entry recurses forever looking for its native build on
// Node 20 (it derives its directory from a file:// stack frame), so load the
// CommonJS entry, which resolves __dirname correctly.
const require = createRequire(import.meta.url);
const usearch = require('usearch');
const { HierarchicalNSW } = require('hnswlib-node');

const DIM = 128;
const K = 10;
const QUERIES = 300;
const M = 16;
const EF_CONSTRUCTION = 128;
const EF_SEARCH = [64, 128, 256];

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function normalise(v, offset) {
  let norm = 0;
  for (let d = 0; d < DIM; d++) norm += v[offset + d] ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < DIM; d++) v[offset + d] /= norm;
}

function uniform(n, seed) {
  const rand = rng(seed);
  const out = new Float32Array(n * DIM);
  for (let i = 0; i < out.length; i++) out[i] = gaussian(rand);
  for (let i = 0; i < n; i++) normalise(out, i * DIM);
  return out;
}

// Product embeddings cluster by category; 100 tight clusters are harder for
// HNSW than isotropic noise because many near-ties sit in one region.
function clustered(n, seed, centres) {
  const rand = rng(seed);
  const out = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * (centres.length / DIM)) * DIM;
    for (let d = 0; d < DIM; d++) out[i * DIM + d] = centres[c + d] + 0.15 * gaussian(rand);
    normalise(out, i * DIM);
  }
  return out;
}

// Vectors are unit length, so cosine similarity is the dot product; the best K
// are kept in a small sorted list, as a fair baseline for "no index at all".
function exactTopK(data, n, query) {
  const ids = [];
  const scores = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < DIM; d++) s += data[i * DIM + d] * query[d];
    if (ids.length === K && s <= scores[K - 1]) continue;
    let at = Math.min(ids.length, K - 1);
    while (at > 0 && scores[at - 1] < s) at--;
    ids.splice(at, 0, i);
    scores.splice(at, 0, s);
    if (ids.length > K) {
      ids.pop();
      scores.pop();
    }
  }
  return ids;
}

function recall(truth, found) {
  const t = new Set(truth);
  return found.filter((id) => t.has(id)).length / truth.length;
}

function measure(label, build, search, data, n, queries, truths) {
  const t0 = performance.now();
  const index = build();
  const buildS = (performance.now() - t0) / 1000;
  const rows = [];
  for (const ef of EF_SEARCH) {
    const s = search(index, ef);
    let hits = 0;
    const t1 = performance.now();
    for (let q = 0; q < QUERIES; q++) hits += recall(truths[q], s(queries.subarray(q * DIM, (q + 1) * DIM)));
    const elapsed = (performance.now() - t1) / 1000;
    rows.push({ label, ef, buildS, qps: QUERIES / elapsed, recall: hits / QUERIES });
  }
  return rows;
}

function usearchCase(data, n, queries, truths) {
  const build = () => {
    const index = new usearch.Index({
      dimensions: DIM,
      metric: 'cos',
      quantization: 'f32',
      connectivity: M,
      expansion_add: EF_CONSTRUCTION,
      expansion_search: EF_SEARCH[0],
      multi: false,
    });
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = BigInt(i);
    index.add(keys, data, 1);
    return index;
  };
  // usearch fixes expansion_search at construction and its JS API cannot change
  // it, but a search keeps max(expansion, k) candidates: asking for ef results
  // and keeping the best 10 is the same beam as an HNSW search at that ef.
  const search = (index, ef) => (q) =>
    Array.from(index.search(q, Math.max(K, ef), 1).keys.slice(0, K), Number);
  return measure('usearch 2.25.3', build, search, data, n, queries, truths);
}

function hnswlibCase(data, n, queries, truths) {
  const build = () => {
    const index = new HierarchicalNSW('cosine', DIM);
    index.initIndex({ maxElements: n, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 100 });
    for (let i = 0; i < n; i++) index.addPoint(Array.from(data.subarray(i * DIM, (i + 1) * DIM)), i);
    return index;
  };
  const search = (index, ef) => {
    index.setEf(ef);
    return (q) => index.searchKnn(Array.from(q), K).neighbors;
  };
  return measure('hnswlib-node 3.0.0', build, search, data, n, queries, truths);
}

function dataset(name, n, make) {
  const data = make(n, 1);
  const queries = make(QUERIES, 2);
  const t0 = performance.now();
  const truths = [];
  for (let q = 0; q < QUERIES; q++) truths.push(exactTopK(data, n, queries.subarray(q * DIM, (q + 1) * DIM)));
  const bruteQps = QUERIES / ((performance.now() - t0) / 1000);
  return { name, n, data, queries, truths, bruteQps };
}

const quick = process.argv.includes('--quick');
const centres = uniform(100, 7);
const sets = [['uniform', 10_000, uniform]];
if (!quick) {
  sets.push(['uniform', 70_000, uniform]);
  sets.push(['clustered', 70_000, (n, seed) => clustered(n, seed + 10, centres)]);
}

console.log(
  `node ${process.version}, ${DIM}-d cosine, M=${M}, efConstruction=${EF_CONSTRUCTION}, k=${K}, ${QUERIES} queries, 1 thread\n`,
);
console.log('| data | n | library | build s | ef | QPS | recall@10 | QPS vs brute force (JS) |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|');
for (const [name, n, make] of sets) {
  const ds = dataset(name, n, make);
  const rows = [
    ...usearchCase(ds.data, n, ds.queries, ds.truths),
    ...hnswlibCase(ds.data, n, ds.queries, ds.truths),
  ];
  for (const r of rows) {
    console.log(
      `| ${name} | ${n} | ${r.label} | ${r.buildS.toFixed(1)} | ${r.ef} | ${Math.round(r.qps)} | ${r.recall.toFixed(3)} | ${(r.qps / ds.bruteQps).toFixed(0)}× |`,
    );
  }
  console.log(
    `| ${name} | ${n} | exact brute force (JS loop) | – | – | ${Math.round(ds.bruteQps)} | 1.000 | 1× |`,
  );
}
