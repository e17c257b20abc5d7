import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { LoadedConfig } from '#config';
import { buildCatalog } from '#demo-catalog';
import { HostModule } from '#host';

export { machineLine } from './machine.js';
export { headline, type Headline } from './headline.js';

/** Median of repeated measurements: robust to one slow run on a shared machine. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Items per second of each of `works` over `items` items: median of `runs`
 * runs after one warm-up each. The works take turns within every run, so a
 * load spike on a shared machine hits all of them alike, not just one.
 */
export async function throughputs(
  items: number,
  runs: number,
  works: (() => Promise<void>)[],
): Promise<number[]> {
  for (const work of works) await work();
  const rates = works.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, work] of works.entries()) {
      const started = performance.now();
      await work();
      rates[i].push(items / ((performance.now() - started) / 1000));
    }
  }
  return rates.map(median);
}

/** The all-in-one stack for benchmarks: SQLite, in-process bus, the model in process, embedded index. */
export function allInOneModule(config: LoadedConfig, apps: Type[]): DynamicModule {
  return HostModule.build(config, {
    apps,
    database: true,
    messaging: { outbox: true },
    encoder: 'in-process',
    vectorStore: true,
  });
}

/** The same stack without HTTP, initialised. */
export async function bootBenchContext(config: LoadedConfig, apps: Type[]): Promise<INestApplicationContext> {
  // abortOnError off: a failed boot throws (and is printed) instead of a silent process.exit(1).
  const app = await NestFactory.createApplicationContext(allInOneModule(config, apps), {
    logger: false,
    abortOnError: false,
  });
  await app.init();
  return app;
}

/**
 * Builds a catalog folder from the Fashion-MNIST split (seed 42, the project's
 * fixed seed) unless it is there already: data/ is git-ignored, so the
 * benchmarks make what they measure on first use.
 */
export async function ensureCatalog(options: {
  dir: string;
  split: 'train' | 'test';
  count: number;
  /** Labelled reviews with photos on every product (held-out review sets). */
  reviews?: boolean;
}): Promise<void> {
  const marker = join(options.dir, options.reviews ? 'reviews.jsonl' : 'products.jsonl');
  if (existsSync(marker)) return;
  await buildCatalog({
    split: options.split,
    offset: 0,
    count: options.count,
    seed: 42,
    outDir: options.dir,
    progress: true,
    ...(options.reviews ? { reviews: { photoShare: 1 } } : {}),
  });
}
