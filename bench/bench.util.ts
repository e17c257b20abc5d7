import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

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
