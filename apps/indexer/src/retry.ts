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
