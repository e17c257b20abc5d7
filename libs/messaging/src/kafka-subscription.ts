import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { orAfter } from '#observability';
import type {
  ReceivedMessage,
  SubscribeOptions,
  Subscription,
  SubscriptionStatus,
} from './event-bus.port.js';

/** Delay before the first restart after a crash; it doubles per crash without progress, up to `maxMs`. */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
}

/** What the supervisor tells metrics. */
export interface SubscriptionListener {
  crashed(groupId: string, error: Error, restartInMs: number): void;
  started(groupId: string, afterCrash: boolean): void;
  stopped(groupId: string): void;
}

/**
 * One consumer group membership, kept alive. kafkajs leaves a consumer stopped
 * for good after an error it deems non-retriable (a TypeError in a handler) or
 * when `restartOnFailure` declines; here every crash is followed by a fresh
 * consumer after an exponential backoff, which doubles while crashes repeat
 * without a committed batch. `status()` says whether it runs meanwhile. A
 * `stop()` is never a crash, even when the handler fails as it stops.
 */
export class KafkaSubscription implements Subscription {
  private consumer?: Consumer;
  private running = false;
  private crashes = 0;
  /** Crashes since the last committed batch: the backoff exponent. */
  private failures = 0;
  private restarts = 0;
  private lastError?: string;
  private timer?: NodeJS.Timeout;
  private launching?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: SubscribeOptions,
    private readonly backoff: RestartBackoff,
    private readonly logger: Logger,
    private readonly listener?: SubscriptionListener,
  ) {}

  get groupId(): string {
    return this.options.groupId;
  }

  status(): SubscriptionStatus {
    return {
      groupId: this.groupId,
      topics: this.options.topics,
      running: this.running,
      crashes: this.crashes,
      restarts: this.restarts,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** The first start; its errors (no broker) reach the caller, as a failed boot should. */
  async start(): Promise<void> {
    await this.launch();
  }

  /**
   * Leaves the group. A rejoin in progress or a batch in flight gets STOP_GRACE_MS to finish;
   * after a broker restart either can sit in kafkajs's retries for tens of seconds, past the
   * app's shutdown timeout, which would then cut off the rest of the shutdown (the vector store's
   * flush). Leaving without them loses nothing: an uncommitted batch is delivered again.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.running = false;
    const left = await settlesWithin(
      (async () => {
        await this.launching?.catch(() => undefined);
        await this.consumer?.disconnect();
      })(),
      STOP_GRACE_MS,
    );
    if (!left) {
      this.logger.warn(
        { groupId: this.groupId, graceMs: STOP_GRACE_MS },
        `consumer group ${this.groupId} did not stop within ${STOP_GRACE_MS} ms; leaving it (an uncommitted batch is delivered again)`,
      );
    }
    this.listener?.stopped(this.groupId);
  }

  private launch(): Promise<void> {
    this.launching = this.join().finally(() => (this.launching = undefined));
    return this.launching;
  }

  private async join(): Promise<void> {
    const { groupId, topics, fromBeginning } = this.options;
    // Restarts are ours, for every kind of crash; kafkajs would restart only the retriable ones.
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      retry: { retries: 5, restartOnFailure: () => Promise.resolve(false) },
      // An idle fetch waits this long on the broker, and stop() waits for that fetch: 1 s (not
      // kafkajs's 5 s) keeps an app's shutdown, which stops its groups one after another, well
      // inside SHUTDOWN_TIMEOUT_MS. A fetch still returns as soon as a message arrives.
      maxWaitTimeInMs: 1_000,
    });
    this.consumer = consumer;
    let crashed = false;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crashed = true;
      this.crashed(consumer, payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.eachBatch(consumer, payload),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    // A failed group join crashes inside run(), which then resolves: that consumer is not running.
    if (crashed || this.stopping) return;
    this.running = true;
    const afterCrash = this.crashes > 0;
    if (afterCrash) {
      this.restarts++;
      this.logger.warn({ groupId, restarts: this.restarts }, `consumer group ${groupId} restarted`);
    }
    this.listener?.started(groupId, afterCrash);
  }

  private async eachBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const received: ReceivedMessage[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key?.toString() ?? '',
      value: m.value?.toString() ?? '',
      headers: decodeHeaders(m.headers),
    }));
    // A handler may retry for a long time (a dependency is down); keep the
    // group membership alive meanwhile so the batch is not reassigned.
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 3_000);
    try {
      await this.options.handler(received);
    } finally {
      clearInterval(beat);
    }
    const last = batch.messages[batch.messages.length - 1].offset;
    resolveOffset(last);
    // Commit only after the handler's effects are durable: a crash before
    // this line redelivers the batch, never skips it.
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    this.failures = 0;
    await heartbeat();
  }

  private crashed(consumer: Consumer | undefined, error: Error): void {
    if (this.stopping || consumer !== this.consumer) return;
    this.running = false;
    this.crashes++;
    this.failures++;
    this.lastError = error.message;
    const delayMs = Math.min(
      this.backoff.maxMs,
      this.backoff.initialMs * 2 ** Math.min(this.failures - 1, 20),
    );
    this.logger.error(
      { groupId: this.groupId, err: error, crashes: this.crashes, restartInMs: delayMs },
      `consumer group ${this.groupId} crashed (${error.message}); restarting in ${delayMs} ms`,
    );
    this.listener?.crashed(this.groupId, error, delayMs);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.restart(), delayMs);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.launch();
    } catch (error) {
      // Could not even connect or subscribe (broker away): the next try waits longer.
      this.crashed(this.consumer, error as Error);
    }
  }
}

/**
 * How long stop() waits for a consumer to leave cleanly (and the bus for its producer). An app
 * stops its groups one after another: three of them and the bus take at most 8 s, inside the
 * default SHUTDOWN_TIMEOUT_MS (10 s).
 */
export const STOP_GRACE_MS = 2_000;

/** Whether `work` settles (resolves or rejects) within `ms`; it keeps running either way. */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return orAfter(
    work.then(
      () => true,
      () => true,
    ),
    ms,
    false,
  );
}

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null) out[k] = Buffer.isBuffer(v) ? v.toString() : String(v);
  }
  return out;
}
