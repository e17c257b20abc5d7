import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { LoadedConfig } from '#config';
import { buildCatalog } from '#demo-catalog';
import { HostModule } from '#host';

/** Median of repeated measurements: robust to one slow run on a shared machine. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Items per second of `work` over `items` items, median of `runs` runs after one warm-up. */
export async function throughput(items: number, runs: number, work: () => Promise<void>): Promise<number> {
  await work();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    await work();
    rates.push(items / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

export function machineLine(): string {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    /* not a git checkout */
  }
  return `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; commit ${commit}`;
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
  const app = await NestFactory.createApplicationContext(allInOneModule(config, apps), { logger: false });
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
