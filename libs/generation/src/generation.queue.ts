import { DomainError } from '#contracts';

/**
 * One generation at a time (a CPU-bound model gains nothing from running two
 * at once), up to `capacity` waiting behind it; a request beyond that is
 * refused at once with OVERLOADED, so callers see 503 + Retry-After instead
 * of an ever longer wait.
 */
export class GenerationQueue {
  private running = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly capacity: number,
    /** Seconds a refused caller is told to wait. */
    private readonly retryAfterS: number,
  ) {}

  get depth(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running) {
      if (this.waiting.length >= this.capacity) {
        throw new DomainError(
          'OVERLOADED',
          `the generator is busy (${this.waiting.length} requests waiting); try again shortly`,
          undefined,
          this.retryAfterS,
        );
      }
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        };
        // A caller that goes away while waiting gives up its place.
        const leave = () => {
          const at = this.waiting.indexOf(turn);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new DomainError('INVALID_INPUT', 'the request was cancelled while waiting'));
        };
        signal?.addEventListener('abort', leave, { once: true });
        this.waiting.push(turn);
      });
    }
    this.running = true;
    try {
      return await work();
    } finally {
      this.running = false;
      this.waiting.shift()?.();
    }
  }
}
