import kafkajs, { type Admin, type Producer, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';
import type { ComponentHealth } from '#observability';
import {
  EventBus,
  type BusMessage,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionStatus,
} from './event-bus.port.js';
import {
  KafkaSubscription,
  STOP_GRACE_MS,
  settlesWithin,
  type RestartBackoff,
  type SubscriptionListener,
} from './kafka-subscription.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics this adapter creates; bounds consumer parallelism. */
  partitions?: number;
  /** Client retries before an operation fails (default 8, about 30 s of backoff). */
  retries?: number;
  /** Wait before restarting a crashed consumer (default 500 ms, doubling up to 30 s). */
  restartBackoff?: Partial<RestartBackoff>;
}

const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 500, maxMs: 30_000 };

/**
 * Event bus on Apache Kafka through kafkajs: idempotent producer, manual
 * offset commits, and consumers that are restarted when they crash.
 */
export class KafkaEventBus extends EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: InstanceType<typeof Kafka>;
  private readonly admin: Admin;
  private producer?: Promise<Producer>;
  private readonly active = new Set<KafkaSubscription>();

  constructor(
    private readonly options: KafkaBusOptions,
    private readonly logger: Logger,
    /** Told of crashes and restarts (metrics). */
    private readonly listener?: SubscriptionListener,
  ) {
    super();
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logCreator: pinoLogCreator(logger),
      retry: { retries: options.retries ?? 8, initialRetryTime: 200 },
    });
    this.admin = this.kafka.admin();
  }

  async ensureTopics(topics: string[]): Promise<void> {
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: this.options.partitions ?? 3,
        replicationFactor: -1,
      })),
    });
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, BusMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const subscription = new KafkaSubscription(
      this.kafka,
      options,
      { ...DEFAULT_RESTART_BACKOFF, ...this.options.restartBackoff },
      this.logger,
      this.listener,
    );
    await subscription.start();
    this.active.add(subscription);
    return {
      stop: async () => {
        this.active.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async lag(groupId: string, topics: string[]): Promise<Record<string, number>> {
    await this.admin.connect();
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    const out: Record<string, number> = {};
    for (const { topic, partitions } of committed) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      out[topic] = ends.reduce((sum, end) => {
        const done = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const start = BigInt(done) < 0n ? BigInt(end.low) : BigInt(done);
        return sum + Number(BigInt(end.high) - start);
      }, 0);
    }
    return out;
  }

  async check(): Promise<ComponentHealth> {
    await this.admin.connect();
    const cluster = await this.admin.describeCluster();
    return { status: 'up', details: { brokers: cluster.brokers.length, controller: cluster.controller } };
  }

  subscriptions(): SubscriptionStatus[] {
    return [...this.active].map((s) => s.status());
  }

  async close(): Promise<void> {
    const subscriptions = [...this.active];
    this.active.clear();
    await Promise.allSettled(subscriptions.map((s) => s.stop()));
    // A producer still connecting (retrying after a broker restart) is not waited for beyond
    // the grace. A publish still waiting on it fails with the process, and nothing is lost: the
    // outbox keeps its row until published, and a consumer's batch is uncommitted until then.
    const producer = this.producer;
    this.producer = undefined;
    const closed = await settlesWithin(
      Promise.all([producer?.then((p) => p.disconnect()), this.admin.disconnect()]),
      STOP_GRACE_MS,
    );
    if (!closed) this.logger.warn(`Kafka producer or admin client did not close within ${STOP_GRACE_MS} ms`);
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}

function pinoLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      switch (level) {
        case logLevel.ERROR:
          child.error(extra, message);
          break;
        case logLevel.WARN:
          child.warn(extra, message);
          break;
        case logLevel.INFO:
          child.debug(extra, message);
          break;
        default:
          child.trace(extra, message);
      }
    };
}
