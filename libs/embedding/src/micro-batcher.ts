import { DomainError } from '#contracts';

export interface MicroBatcherOptions {
  /** Largest batch handed to the model at once. */
  maxBatch: number;
  /**
   * How long an item may linger for company when the model is idle. 0 (the
   * default) runs at once when idle; while a batch runs, arrivals queue up and
   * form the next batch anyway, so batching adapts to load without adding
   * latency to a lone request.
   */
  maxWaitMs: number;
  /** Items waiting beyond this are refused with OVERLOADED (503 + Retry-After). */
  queueSize: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Dynamic micro-batching: requests that arrive while the model is busy share
 * the next model call. One batch runs at a time (the ONNX session already uses
 * the cores); the queue is bounded so memory is too.
 */
export class MicroBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private timer?: NodeJS.Timeout;
  private running = false;
  private closed = false;

  constructor(
    private readonly options: MicroBatcherOptions,
    private readonly run: (items: I[]) => Promise<O[]>,
  ) {}

  get depth(): number {
    return this.queue.length;
  }

  submit(items: I[]): Promise<O[]> {
    if (this.closed)
      return Promise.reject(new DomainError('DEPENDENCY_UNAVAILABLE', 'encoder is shutting down'));
    if (this.queue.length + items.length > this.options.queueSize) {
      return Promise.reject(
        new DomainError(
          'OVERLOADED',
          `encoder queue is full (${this.options.queueSize} items)`,
          undefined,
          1,
        ),
      );
    }
    const promises = items.map(
      (item) => new Promise<O>((resolve, reject) => this.queue.push({ item, resolve, reject })),
    );
    this.schedule();
    return Promise.all(promises);
  }

  /** Finishes what is queued, refuses new work. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.running) {
      await new Promise((r) => setTimeout(r, 5));
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.queue.length >= this.options.maxBatch || this.options.maxWaitMs === 0 || this.closed) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.maxWaitMs);
    }
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.running = true;
    try {
      const outputs = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      batch.forEach((p) => p.reject(error));
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
