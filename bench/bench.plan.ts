// What `npm run bench` runs: the five benchmark scripts and the variables each
// gets in full mode (the sizes) and in the smoke run (tiny sizes, the
// whole run in about three minutes on a 2-core machine, still two runs per median).
import type { BenchArea } from './headline.js';

export type BenchMode = 'full' | 'smoke';

export interface PlannedBench {
  name: BenchArea;
  /** The compiled script beside the runner in dist/bench/. */
  script: string;
  env: Record<BenchMode, Record<string, string>>;
}

export const BENCHES: PlannedBench[] = [
  {
    name: 'encoder',
    script: 'encoder.bench.js',
    env: {
      full: { BENCH_ITEMS: '256', BENCH_RUNS: '5' },
      smoke: { BENCH_ITEMS: '32', BENCH_RUNS: '2' },
    },
  },
  {
    name: 'search',
    script: 'search.bench.js',
    env: {
      full: { BENCH_SIZES: '10000,70000', BENCH_QUERIES: '200', BENCH_RUNS: '3' },
      // ≤ 2,000 products: the committed demo catalog, nothing to build.
      smoke: { BENCH_SIZES: '500,1000', BENCH_QUERIES: '50', BENCH_RUNS: '2' },
    },
  },
  {
    name: 'indexing',
    script: 'indexing.bench.js',
    env: {
      full: { BENCH_ITEMS: '1000', BENCH_WRITERS: '8', BENCH_RUNS: '3' },
      smoke: { BENCH_ITEMS: '64', BENCH_WRITERS: '4', BENCH_RUNS: '2' },
    },
  },
  {
    name: 'generation',
    script: 'generation.bench.js',
    env: {
      full: { BENCH_ITEMS: '12', BENCH_RUNS: '3', BENCH_TOKENS: '48' },
      smoke: { BENCH_ITEMS: '2', BENCH_RUNS: '2', BENCH_TOKENS: '16' },
    },
  },
  {
    name: 'album',
    script: 'album.bench.js',
    env: {
      full: {
        BENCH_SIZES: '10000,50000',
        BENCH_ALBUM: '1000',
        BENCH_REAL: '50000',
        BENCH_BROWSER_SIZES: '10000,50000',
        BENCH_RUNS: '5',
      },
      // The album must hold some "<colour> <category>" pair ten times for precision@10.
      smoke: {
        BENCH_SIZES: '2000',
        BENCH_ALBUM: '400',
        BENCH_REAL: '400',
        BENCH_BROWSER_SIZES: '2000',
        BENCH_RUNS: '2',
      },
    },
  },
];

/** A child that runs longer than this is stopped and counted as failed (a hung smoke run must not hang CI). */
export const BENCH_TIMEOUT_S: Record<BenchMode, number> = { full: 3 * 3600, smoke: 600 };
