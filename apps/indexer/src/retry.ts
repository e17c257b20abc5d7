import type { Logger } from '@nestjs/common';
import { DomainError } from '#contracts';

/** Failures that are no message's fault: wait and try again, never dead-letter. */
export function isTransient(error: unknown): boolean {
  if (error instanceof DomainError)
    return error.code === 'DEPENDENCY_UNAVAILABLE' || error.code === 'OVERLOADED';
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'SQLITE_BUSY';
}

export interface RetryOptions {
  /** Attempts for non-transient failures before giving up (transient ones retry until `stopped`). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  stopped: () => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Exponential backoff with jitter. Transient failures (encoder down, vector
 * store unavailable) retry for as long as the consumer runs, so an outage
 * delays indexing but loses nothing; other failures get `attempts` tries.
 */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const transient = isTransient(error);
      if ((!transient && attempt >= options.attempts) || options.stopped()) throw error;
      const delayMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt - 1, 16));
      const jittered = delayMs / 2 + Math.random() * (delayMs / 2);
      options.onRetry?.(error, attempt, jittered);
      await new Promise((resolve) => setTimeout(resolve, jittered));
    }
  }
}

/** Attempts a consumer gives one batch or message before it is treated as poison. */
export const POISON_ATTEMPTS = 3;

export type Retrier = <T>(work: () => Promise<T>) => Promise<T>;

/** The consumers' retry policy: backoff from 200 ms to 10 s, a warning per failed attempt. */
export function consumerRetry(logger: Logger, what: string, stopped: () => boolean): Retrier {
  return (work) =>
    withRetry(work, {
      attempts: POISON_ATTEMPTS,
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      stopped,
      onRetry: (error, attempt, delayMs) =>
        logger.warn(
          `${what} attempt ${attempt} failed (${(error as Error).message}); retrying in ${Math.round(delayMs)} ms`,
        ),
    });
}

/**
 * Runs `work` on the whole batch; when that keeps failing, on one item at a
 * time, so one poison item cannot hold back the rest. Resolves to the items
 * that still fail, each with its last error.
 */
export async function isolateFailures<T>(
  items: T[],
  work: (batch: T[]) => Promise<void>,
  retry: Retrier,
): Promise<{ item: T; error: Error }[]> {
  try {
    await retry(() => work(items));
    return [];
  } catch {
    const failed: { item: T; error: Error }[] = [];
    for (const item of items) {
      try {
        await retry(() => work([item]));
      } catch (error) {
        failed.push({ item, error: error as Error });
      }
    }
    return failed;
  }
}
