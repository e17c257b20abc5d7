import kafkajs, { type Admin, type Consumer, type Producer, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';
import type { ComponentHealth } from '#observability';
import {
  EventBus,
  type BusMessage,
  type ReceivedMessage,
  type SubscribeOptions,
  type Subscription,
} from './event-bus.port.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics this adapter creates; bounds consumer parallelism. */
  partitions?: number;
  /** Client retries before an operation fails (default 8, about 30 s of backoff). */
  retries?: number;
}

/** Event bus on Apache Kafka through kafkajs: idempotent producer, manual offset commits. */
export class KafkaEventBus extends EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: InstanceType<typeof Kafka>;
  private readonly admin: Admin;
  private producer?: Promise<Producer>;
  private readonly consumers = new Set<Consumer>();

  constructor(
    private readonly options: KafkaBusOptions,
    private readonly logger: Logger,
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
    const consumer = this.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    this.consumers.add(consumer);
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
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
          await options.handler(received);
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
        await heartbeat();
      },
    });
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
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

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producer) await (await this.producer).disconnect();
    await this.admin.disconnect();
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

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null) out[k] = Buffer.isBuffer(v) ? v.toString() : String(v);
  }
  return out;
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
