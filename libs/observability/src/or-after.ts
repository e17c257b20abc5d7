/**
 * `work`'s value, or `fallback` once `ms` pass first; `work` keeps running
 * either way and its rejection still rejects. Health checks use it so one hung
 * dependency cannot hang /health, shutdown so one hung client cannot hold the
 * process.
 */
export async function orAfter<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
