import { deadLetterTopic, Topics } from '#contracts';
import { KafkaEventBus, type BusMessage } from '#messaging';
import type { Logger } from 'pino';

/** The header that marks a planted message; the DLQ is checked against these ids. */
export const POISON_HEADER = 'chaos-poison';

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const valid = {
  type: 'listing.upserted',
  schema: 1,
  id: 'p',
  version: 1,
  occurred_at: new Date(0).toISOString(),
};

/** Values no retry can fix: each must end on the dead-letter topic, and nothing else may. */
const POISON_VALUES: ((i: number) => string)[] = [
  () => 'not json {',
  () => '',
  () => 'null',
  () => '[]',
  () => '{}',
  (i) => JSON.stringify({ ...valid, id: `poison-${i}`, schema: 2 }),
  (i) => JSON.stringify({ ...valid, id: `poison-${i}` }), // upserted without its product
  () => JSON.stringify({ ...valid, id: 12345 }),
  () => JSON.stringify({ ...valid, id: 'x'.repeat(65) }),
  () => JSON.stringify({ ...valid, type: 'listing.deleted', version: -1 }),
  () => JSON.stringify({ ...valid, type: 'listing.deleted', occurred_at: 'yesterday' }),
  () => nested(5_000),
  () => '\uD800\u0000\uFFFE',
  () => JSON.stringify({ ...valid, product: { title: 'x'.repeat(200_000) } }),
];

/** `count` poison messages for listings.v1, each with its own key and marker. */
export function poisonMessages(count: number, runId: string): BusMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: Topics.listings,
    key: `poison-${runId}-${i}`,
    value: POISON_VALUES[i % POISON_VALUES.length](i),
    headers: { [POISON_HEADER]: `${runId}-${i}` },
  }));
}

export interface DeadLetterCount {
  /** Records on the dead-letter topic. */
  records: number;
  /** Distinct source messages (topic, partition, offset) among them. */
  distinct: number;
  /** Planted markers found. */
  planted: Set<string>;
  /** Records without a planted marker: a real listing that was dead-lettered. */
  unplanted: string[];
}

/** Reads listings.v1.dlq from the beginning to its end as a fresh consumer group. */
export async function readDeadLetters(
  brokers: string,
  groupId: string,
  logger: Logger,
): Promise<DeadLetterCount> {
  const topic = deadLetterTopic(Topics.listings);
  const bus = new KafkaEventBus({ brokers: [brokers], clientId: groupId }, logger);
  const count: DeadLetterCount = { records: 0, distinct: 0, planted: new Set(), unplanted: [] };
  const sources = new Set<string>();
  try {
    await bus.ensureTopics([topic]);
    const expected = Object.values(await endOffsets(bus, topic)).reduce((a, b) => a + b, 0);
    if (expected === 0) return count;
    let seen = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const subscription = await bus.subscribe({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handler: (messages) => {
        for (const m of messages) {
          count.records++;
          sources.add(`${m.headers?.['dlq-source-partition']}:${m.headers?.['dlq-source-offset']}`);
          const marker = m.headers?.[POISON_HEADER];
          if (marker) count.planted.add(marker);
          else count.unplanted.push(`${m.key}: ${m.headers?.['dlq-reason'] ?? '?'}`);
        }
        seen += messages.length;
        if (seen >= expected) done();
        return Promise.resolve();
      },
    });
    await Promise.race([finished, new Promise((r) => setTimeout(r, 60_000))]);
    await subscription.stop();
    count.distinct = sources.size;
    return count;
  } finally {
    await bus.close();
  }
}

/** Messages on each partition of `topic` (end offsets; the topic is never compacted or trimmed here). */
async function endOffsets(bus: KafkaEventBus, topic: string): Promise<Record<number, number>> {
  const lag = await bus.lag(`chaos-probe-${topic}`, [topic]);
  return { 0: Object.values(lag).reduce((a, b) => a + b, 0) };
}
